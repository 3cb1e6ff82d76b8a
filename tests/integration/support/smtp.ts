// A real SMTP server for the tests of e-mailed password-reset links (never a mock of the
// mailer): smtp-server on a free loopback port, asking for a user name and password, keeping
// each message it receives for the test to read.
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
	from: string;
	to: string[];
	/** The whole message as sent (headers and body, transfer-encoded). */
	raw: string;
	/** The body's text, quoted-printable decoded. */
	text: string;
}

export interface TestSmtp {
	/** What the app needs in SMTP_URL. */
	url: string;
	messages: ReceivedMail[];
	/** The next message to `to` (already received or still to come). */
	waitFor(to: string, timeoutMs?: number): Promise<ReceivedMail>;
	close(): Promise<void>;
}

const USER = 'lectern';
const PASS = 'smtp secret';

/** Decodes quoted-printable text (soft line breaks, =XX bytes as UTF-8). */
function decodeQuotedPrintable(text: string): string {
	const joined = text.replace(/=\r?\n/g, '');
	const bytes: number[] = [];
	for (let i = 0; i < joined.length; i++) {
		const hex = joined[i] === '=' ? joined.slice(i + 1, i + 3) : '';
		if (/^[0-9A-F]{2}$/i.test(hex)) {
			bytes.push(parseInt(hex, 16));
			i += 2;
		} else bytes.push(...Buffer.from(joined[i]!, 'utf8'));
	}
	return Buffer.from(bytes).toString('utf8');
}

function bodyText(raw: string): string {
	const split = raw.indexOf('\r\n\r\n');
	const headers = raw.slice(0, split);
	const body = raw.slice(split + 4);
	if (/content-transfer-encoding:\s*quoted-printable/i.test(headers)) {
		return decodeQuotedPrintable(body);
	}
	if (/content-transfer-encoding:\s*base64/i.test(headers)) {
		return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
	}
	return body;
}

export async function startSmtp(): Promise<TestSmtp> {
	const messages: ReceivedMail[] = [];
	const waiting: Array<{ to: string; resolve: (m: ReceivedMail) => void }> = [];
	const taken = new Set<ReceivedMail>();
	const server = new SMTPServer({
		// Plain SMTP on loopback; the client must still sign in.
		disabledCommands: ['STARTTLS'],
		allowInsecureAuth: true,
		authOptional: false,
		logger: false,
		onAuth(auth, _session, callback) {
			if (auth.username === USER && auth.password === PASS) callback(null, { user: USER });
			else callback(new Error('Invalid username or password'));
		},
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', () => {
				const raw = Buffer.concat(chunks).toString('utf8');
				const mail: ReceivedMail = {
					from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
					to: session.envelope.rcptTo.map((r) => r.address),
					raw,
					text: bodyText(raw)
				};
				messages.push(mail);
				const i = waiting.findIndex((w) => mail.to.includes(w.to));
				if (i >= 0) {
					taken.add(mail);
					waiting.splice(i, 1)[0]!.resolve(mail);
				}
				callback();
			});
		}
	});
	const port = await new Promise<number>((resolve, reject) => {
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.server.address();
			resolve(typeof address === 'object' && address ? address.port : 0);
		});
	});
	return {
		url: `smtp://${USER}:${encodeURIComponent(PASS)}@127.0.0.1:${port}`,
		messages,
		waitFor(to, timeoutMs = 15_000) {
			const already = messages.find((m) => m.to.includes(to) && !taken.has(m));
			if (already) {
				taken.add(already);
				return Promise.resolve(already);
			}
			return new Promise((resolve, reject) => {
				const entry = { to, resolve };
				waiting.push(entry);
				setTimeout(() => {
					const i = waiting.indexOf(entry);
					if (i >= 0) {
						waiting.splice(i, 1);
						reject(new Error(`no message to ${to} within ${timeoutMs} ms`));
					}
				}, timeoutMs).unref();
			});
		},
		close: () => new Promise((resolve) => server.close(() => resolve()))
	};
}

/** The reset link in a message. */
export function resetLinkIn(mail: ReceivedMail): string {
	const link = /https?:\/\/\S+\/reset\/[a-z0-9]+/.exec(mail.text)?.[0];
	if (!link) throw new Error(`no reset link in:\n${mail.text}`);
	return link;
}
