/**
 * The claims a reader sees (issue 13): the overview's provenance box (the module pages' marks are
 * marked up in `article-cache.ts`), and the reader's choice to hide the marks (a cookie, so
 * the choice holds on every module page without JavaScript).
 */
import type { Cookies } from '@sveltejs/kit';
import { markAnchor, passageAnchor } from '../marks/render';
import type { ArticleClaims } from './claims';

/** Set to `off` while a reader has hidden the source marks; absent otherwise. */
export const MARKS_COOKIE = 'lectern_marks';

export function marksShown(cookies: Cookies): boolean {
	return cookies.get(MARKS_COOKIE) !== 'off';
}

/** Remembers the reader's choice for a year; showing is the default, so it needs no cookie. */
export function rememberMarks(cookies: Cookies, show: boolean): void {
	if (show) cookies.delete(MARKS_COOKIE, { path: '/' });
	else
		cookies.set(MARKS_COOKIE, 'off', {
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			maxAge: 60 * 60 * 24 * 365
		});
}

export interface ProvenanceBox {
	/** What the text says its material is and where it came from. */
	marks: {
		id: string;
		quote: string;
		source: string | null;
		suggested: boolean;
		sectionTitle: string;
		href: string;
	}[];
	disagreements: {
		id: string;
		subject: string;
		note: string;
		sides: { quote: string; label: string | null; sectionTitle: string; href: string }[];
	}[];
}

/**
 * The overview's provenance box from an article's claims (`listClaims`), or null when the
 * article has nothing to put in it. A suggested disagreement waits for a teacher: readers
 * never see it.
 */
export function provenanceOf(
	article: { slug: string; sections: { slug: string; title: string }[] },
	{ marks, contradictions }: ArticleClaims
): ProvenanceBox | null {
	const title = (slug: string) => article.sections.find((s) => s.slug === slug)?.title ?? slug;
	const href = (section: string, anchor: string) => `/lessons/${article.slug}/${section}#${anchor}`;
	const box: ProvenanceBox = {
		marks: marks
			.filter((m) => m.provenance)
			.map((m) => ({
				id: m.id,
				quote: m.quote,
				source: m.source,
				suggested: m.status === 'suggested',
				sectionTitle: title(m.section),
				href: href(m.section, markAnchor(m.id))
			})),
		disagreements: contradictions
			.filter((c) => c.status === 'confirmed')
			.map((c) => ({
				id: c.id,
				subject: c.subject,
				note: c.note,
				sides: (['a', 'b'] as const).map((side) => ({
					quote: c[side].quote,
					label: c[side].label,
					sectionTitle: c[side].sectionTitle,
					href: href(c[side].section, passageAnchor(c.id, side))
				}))
			}))
	};
	return box.marks.length || box.disagreements.length ? box : null;
}
