/**
 * Percent-decodes one URL component, or answers null when it cannot be decoded (`%`, `%ZZ`,
 * `%C0`: `decodeURIComponent` throws a URIError on them). Anything from a request goes through
 * here, never through the throwing globals (the lint forbids them in src).
 */
export function decodeComponent(value: string): string | null {
	try {
		// eslint-disable-next-line no-restricted-globals -- the one guarded use
		return decodeURIComponent(value);
	} catch {
		return null;
	}
}
