/**
 * Source marks (issue 13): for every sentence or list item of a module that makes a claim, what
 * the text gives as its source —
 * - `named`: a person, body or document the text names ("…, said the mayor, Ana Silva",
 *   "according to the council's report");
 * - `vague`: a source the reader cannot check ("critics argue", "officials", "many believe");
 * - `none`: stated as fact, with no source;
 * - `article`: the article's own view or advice ("Readers should…", "This essay sets out…").
 * Drafts, drawn by rules over the text (the attribution reading of src/lib/suggest, with
 * compromise): a teacher or admin confirms, corrects or removes them. Each mark is anchored by
 * a verbatim quote of its sentence, like quiz evidence, so it survives a re-import where its
 * text survives. Pure: no I/O.
 */
import nlp from 'compromise';
import type { Article } from '../article/types';
import { readSections, type Sentence } from '../suggest/reading';

import type { MarkKind } from './claims';

export { markKinds, type MarkKind } from './claims';

export interface SourceMark {
	/** The module's slug. */
	section: string;
	/** The sentence, verbatim: it stands in one paragraph or list item of the module. */
	quote: string;
	kind: MarkKind;
	/** Who or what the text credits (named), or the hedge as written (vague). */
	source: string | null;
	/** For a quotation: who the text says said it. */
	speaker: string | null;
	/** Why the rule marked it so, in words an editor reads. */
	note: string;
}

/** The article's own voice: advice to the reader, or the text speaking of itself. */
const OWN_VOICE = [
	'^(readers|you|we) #Adverb? (should|must|can|need|ought|might|may)',
	'^(this|the) (essay|article|piece|guide) #Verb',
	'^(consider|remember|ask|check|compare|look|read|beware|keep|avoid|cross-check|verify|watch|track|follow) #Determiner?'
];
/** Modules where what the text states unsourced is its own conclusion or advice. */
const OWN_SECTIONS =
	/\b(conclusion|conclusions|takeaways?|tips|what this means|lessons for|advice|our view)\b/i;
/** "…obtained by The Intercept and verified by The New York Times": who handled a document. */
const HANDED_OVER =
	'(obtained|verified|published|released|compiled|leaked) by [<src>the? #ProperNoun+ (of #ProperNoun+)?]';
/** "He added that…": a sentence that goes on reporting the last speaker. */
const GOES_ON =
	'^(he|she|they) #Adverb? (added|said|says|argued|warned|explained|noted|insisted|recalled)';

/** Draft marks for every claim-making sentence of the article's lesson modules, in order. */
export function draftMarks(article: Article): SourceMark[] {
	const lessons = article.sections.filter((s) => s.kind === 'lesson');
	const reading = readSections(
		lessons,
		article.prompts.map((p) => p.text)
	);
	let lastSpeaker: { section: string; name: string } | null = null;
	return reading.sentences.flatMap((sentence): SourceMark[] => {
		if (sentence.inTable || !makesClaim(sentence)) return [];
		const base = { section: sentence.section.slug, quote: sentence.text };
		const quote = reading.quotes.find((q) => q.sentence === sentence);
		const previous = lastSpeaker?.section === base.section ? lastSpeaker.name : null;
		lastSpeaker = quote ? { section: base.section, name: quote.speaker } : null;
		if (!quote && previous && nlp(sentence.text).has(GOES_ON)) {
			return [
				{
					...base,
					kind: 'named',
					source: previous,
					speaker: previous,
					note: `Goes on reporting ${previous}, quoted just before.`
				}
			];
		}
		const attribution = reading.attributions.get(sentence) ?? { kind: 'none' as const };
		if (quote) {
			return [
				{
					...base,
					kind: 'named',
					source: quote.speaker,
					speaker: quote.speaker,
					note: `A quotation the text attributes to ${quote.speaker}.`
				}
			];
		}
		const handedOver = nlp(sentence.text).match(HANDED_OVER);
		// The first hand named ("obtained by X and verified by Y": X).
		const handler = handedOver.found
			? ((handedOver.groups('src') as { out(f: 'array'): string[] }).out('array')[0] ?? '')
			: '';
		if (attribution.kind === 'none' && handler) {
			return [
				{
					...base,
					kind: 'named',
					source: handler,
					speaker: null,
					note: `The text says ${handler} handled the material.`
				}
			];
		}
		if (attribution.kind === 'named') {
			return [
				{
					...base,
					kind: 'named',
					source: attribution.source,
					speaker: null,
					note: `The text credits ${attribution.source}.`
				}
			];
		}
		if (attribution.kind === 'vague') {
			return [
				{
					...base,
					kind: 'vague',
					source: attribution.source,
					speaker: null,
					note: `“${attribution.source}”: a source the reader cannot check.`
				}
			];
		}
		if (ownVoice(sentence.text) || OWN_SECTIONS.test(sentence.section.title)) {
			return [
				{
					...base,
					kind: 'article',
					source: null,
					speaker: null,
					note: 'The article’s own view or advice.'
				}
			];
		}
		return [
			{
				...base,
				kind: 'none',
				source: null,
				speaker: null,
				note: 'Stated as fact; the text gives no source.'
			}
		];
	});
}

/** A sentence that asserts something: not a question, not a heading-like fragment. */
function makesClaim(sentence: Sentence): boolean {
	const text = sentence.text.trim();
	if (text.endsWith('?')) return false;
	if (text.split(/\s+/).length < 4) return false;
	return nlp(text).has('#Verb');
}

function ownVoice(text: string): boolean {
	const doc = nlp(text);
	return OWN_VOICE.some((pattern) => doc.has(pattern));
}
