// Browsers drop ASCII tab, newline and carriage return anywhere in a URL, and C0 controls and
// spaces at either end, before they parse it: `/\t/evil.example` is `//evil.example` to them.
const DROPPED_ANYWHERE = /[\t\n\r]/g;
// eslint-disable-next-line no-control-regex
const DROPPED_AT_ENDS = /^[\u0000-\u0020]+|[\u0000-\u0020]+$/g;

/**
 * Where to go after signing in: a path from `?next=` on this site, never another one.
 *
 * The value is read the way a browser would read it (what browsers remove, removed; parsed as a
 * WHATWG URL against this origin) and accepted only when it lands on this origin. What comes
 * back is the URL's own serialization — path, query, fragment, percent-encoded — so it is
 * printable ASCII that any `Location` header takes, and a browser resolves it to the same place.
 */
export function safeNext(url: URL, fallback = '/'): string {
	const raw = url.searchParams.get('next');
	if (!raw) return fallback;
	const cleaned = raw.replace(DROPPED_ANYWHERE, '').replace(DROPPED_AT_ENDS, '');
	// A path only: no scheme, no host, no `//host` or `\\host` (WHATWG reads `\` as `/`).
	if (!cleaned.startsWith('/') || cleaned[1] === '/' || cleaned[1] === '\\') return fallback;
	let target: URL;
	try {
		target = new URL(cleaned, url.origin);
	} catch {
		return fallback;
	}
	if (target.origin !== url.origin) return fallback;
	const local = target.pathname + target.search + target.hash;
	// Dot segments can leave `//host` as the path (`/.//evil.example`); as a Location, that is a host.
	if (!local.startsWith('/') || local.startsWith('//')) return fallback;
	return local;
}

/** `?next=…` carrying a safe `next` on to another page (sign-in ↔ sign-up), or '' when none. */
export function nextQuery(url: URL): string {
	const next = safeNext(url, '');
	return next && next !== '/' ? `?next=${encodeURIComponent(next)}` : '';
}

/**
 * Where an account that must replace its one-time password is sent: /account, remembering the
 * page it asked for (a page read with GET; not a form's post), to go on there afterwards.
 */
export function passwordChangePage(url: URL, method: string): string {
	const asked = url.pathname + url.search;
	if (method !== 'GET' || asked === '/') return '/account';
	return `/account?next=${encodeURIComponent(asked)}`;
}
