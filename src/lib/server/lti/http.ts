// Every call Lectern makes to a platform: a User-Agent that names the tool, a time limit, and
// an answer read as far as it needs to be (a platform's error page is cut, never echoed whole).
import { version } from '$app/environment';

export const USER_AGENT = `Lectern/${version} (LTI 1.3 tool; +https://github.com/lectern)`;
const TIME_LIMIT_MS = 10_000;

export class PlatformError extends Error {
	constructor(
		message: string,
		/** The HTTP status the platform answered (0: it did not answer). */
		readonly status: number
	) {
		super(message);
	}
}

export async function callPlatform(url: string, init: RequestInit = {}): Promise<Response> {
	const headers = new Headers(init.headers);
	headers.set('user-agent', USER_AGENT);
	try {
		return await fetch(url, {
			...init,
			headers,
			redirect: 'error',
			signal: AbortSignal.timeout(TIME_LIMIT_MS)
		});
	} catch (cause) {
		throw new PlatformError(`The LMS did not answer (${new URL(url).host}): ${reason(cause)}`, 0);
	}
}

function reason(cause: unknown): string {
	if (cause instanceof Error) return (cause.cause as Error | undefined)?.message ?? cause.message;
	return String(cause);
}

/** What a refusing platform said, short enough to show a teacher. */
export async function platformReason(response: Response): Promise<string> {
	const body = (await response.text().catch(() => '')).slice(0, 2000);
	let said = body;
	try {
		const json = JSON.parse(body) as Record<string, unknown>;
		said = String(json.error_description ?? json.reason ?? json.message ?? json.error ?? body);
	} catch {
		// not JSON: the text as it came
	}
	said = said.replace(/\s+/g, ' ').trim().slice(0, 300);
	return `${response.status} ${response.statusText}${said ? `: ${said}` : ''}`.trim();
}
