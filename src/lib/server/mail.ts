import { createTransport } from 'nodemailer';

/** Where mail goes out: `SMTP_URL` (`smtp://user:pass@host:port`, `smtps://…`) and `MAIL_FROM`. */
export interface MailSettings {
	url: string;
	from: string;
}

/** The SMTP settings from the environment, or null when either is missing (no mail is sent). */
export function mailSettings(env: Record<string, string | undefined> = process.env) {
	const url = env.SMTP_URL?.trim();
	const from = env.MAIL_FROM?.trim();
	if (!url || !from || !/^smtps?:\/\//i.test(url)) return null;
	return { url, from } satisfies MailSettings;
}

/** Whether this server can send mail (so e-mailed password-reset links are offered). */
export function mailEnabled(): boolean {
	return mailSettings() !== null;
}

export interface Mail {
	to: string;
	subject: string;
	text: string;
}

let transport: { url: string; send: ReturnType<typeof createTransport> } | undefined;

/** Sends one plain-text message through the configured SMTP server; throws when it refuses. */
export async function sendMail(mail: Mail): Promise<void> {
	const settings = mailSettings();
	if (!settings) throw new Error('No SMTP_URL and MAIL_FROM are configured.');
	if (transport?.url !== settings.url) {
		transport = {
			url: settings.url,
			send: createTransport({
				url: settings.url,
				// A stuck mail server must not hold a request's work for minutes.
				connectionTimeout: 10_000,
				greetingTimeout: 10_000,
				socketTimeout: 20_000
			})
		};
	}
	await transport.send.sendMail({ from: settings.from, ...mail });
}
