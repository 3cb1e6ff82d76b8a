import type { Article, Section } from '../../article/types';
import { locateEvidence, sectionPassages } from '../evidence';

/** What the editor needs of a module to check a quote against it. */
export type ModuleText = Pick<Section, 'slug' | 'title' | 'blocks'>;

export type QuoteCheck = { ok: true; line: number } | { ok: false; message: string };

export const QUOTE_MESSAGES = {
	missing:
		'Choose the passage the answer rests on: select it in the module text, or paste it here.',
	tooLong: 'The quote can be at most 2000 characters: choose the sentence that holds the answer.',
	notFound: "The quote must appear word for word in this module's text; it was not found.",
	acrossPassages:
		'The quote runs across more than one paragraph, list item or table cell: choose a passage within one.',
	nearly: (line: number) =>
		`Line ${line} has this passage with different capitals, spacing or punctuation: the quote must match it word for word.`
} as const;

const loose = (s: string) =>
	s
		.normalize('NFKC')
		.toLowerCase()
		.replace(/[\p{P}\p{S}]+/gu, '')
		.replace(/\s+/g, ' ')
		.trim();

/**
 * Checks an evidence quote against one module as the bank does (locateEvidence: verbatim,
 * within one passage), and when it fails says why in words a teacher can act on.
 */
export function checkQuote(module: ModuleText, quote: string): QuoteCheck {
	if (quote === '') return { ok: false, message: QUOTE_MESSAGES.missing };
	if (quote.length > 2000) return { ok: false, message: QUOTE_MESSAGES.tooLong };
	const section: Section = { ...module, kind: 'lesson', line: 1 };
	const article: Article = {
		title: module.title,
		slug: module.slug,
		sections: [section],
		prompts: [],
		sources: [],
		warnings: []
	};
	const found = locateEvidence(article, { section: module.slug, quote });
	if (found) return { ok: true, line: found.line };
	const passages = sectionPassages(section);
	const wanted = loose(quote);
	const near = wanted ? passages.find((p) => loose(p.text).includes(wanted)) : undefined;
	if (near) return { ok: false, message: QUOTE_MESSAGES.nearly(near.line) };
	const whole = passages.map((p) => p.text).join(' ');
	if (loose(whole).includes(wanted)) return { ok: false, message: QUOTE_MESSAGES.acrossPassages };
	return { ok: false, message: QUOTE_MESSAGES.notFound };
}

/** A selection as the browser gives it, made comparable with the text: spacing collapsed. */
export function quoteFromSelection(selected: string): string {
	return selected.replace(/\s+/g, ' ').trim();
}
