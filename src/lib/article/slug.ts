/**
 * Lower-case, accents stripped, apostrophes dropped, every run of other characters
 * becomes `-`, trimmed of `-` (PRODUCT.md, "Slugs").
 */
export function slugify(text: string): string {
	return text
		.normalize('NFKD')
		.replace(/\p{M}+/gu, '')
		.toLowerCase()
		.replace(/['’]/g, '')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '');
}

/** Returns a slug not yet in `taken` (`x`, then `x-2`, `x-3`…) and records it. */
export function uniqueSlug(base: string, taken: Set<string>): string {
	const root = base || 'untitled';
	let slug = root;
	for (let n = 2; taken.has(slug); n++) slug = `${root}-${n}`;
	taken.add(slug);
	return slug;
}
