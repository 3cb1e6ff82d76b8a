/** Where to go after signing in: a local path from `?next=`, never another site. */
export function safeNext(url: URL, fallback = '/'): string {
	const next = url.searchParams.get('next');
	if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\'))
		return fallback;
	return next;
}
