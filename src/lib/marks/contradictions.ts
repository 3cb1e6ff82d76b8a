/**
 * Candidate contradictions (issue 13): places where one article gives the same named thing two
 * different figures or dates. Drafts for an editor to confirm ("these disagree", with a note)
 * or dismiss; never shown to learners until confirmed. Pure: rules over the figures and years the
 * prose reading finds (src/lib/suggest/reading), no I/O.
 */
import nlp from 'compromise';
import type { Article } from '../article/types';
import { readSections, type Sentence } from '../suggest/reading';

export interface PassageRef {
	section: string;
	/** The sentence, verbatim (an anchor like quiz evidence). */
	quote: string;
	/** The figure or year as the sentence writes it. */
	value: string;
}

export interface ContradictionCandidate {
	a: PassageRef;
	b: PassageRef;
	/** What both passages speak of, as the words they share. */
	subject: string;
	note: string;
}

/** A word in more than this share of the sentences is the article's topic, not a subject. */
const TOPIC_SHARE = 0.12;
/** How many telling words two passages must share around their values. */
const MIN_SHARED = 1;
/** How many words either side of a value name what it measures. */
const WINDOW = 6;

/** The words around a value in its sentence: what it is the figure or date of. */
function near(sentence: string, value: string): string {
	const at = sentence.indexOf(value);
	if (at < 0) return sentence;
	const before = sentence.slice(0, at).trim().split(/\s+/).slice(-WINDOW).join(' ');
	const after = sentence
		.slice(at + value.length)
		.trim()
		.split(/\s+/)
		.slice(0, WINDOW + 1)
		.join(' ');
	return `${before} ${after}`;
}

/** Words too common to say two sentences speak of the same thing. */
const COMMON = new Set(
	'the a an of in on at to for and or by with from as is was were be been are its their his her this that these those it they he she which who year years time per cent percent about some more than less new old first last later next date'.split(
		' '
	)
);

/**
 * Pairs of sentences that give different values of one kind (the same unit, or both years) and
 * share at least two naming words (proper nouns and nouns, e.g. "summit" and "Bucharest") —
 * within one article, each pair once, in article order.
 */
export function contradictionCandidates(article: Article): ContradictionCandidate[] {
	const reading = readSections(
		article.sections.filter((s) => s.kind === 'lesson'),
		article.prompts.map((p) => p.text)
	);
	const values = [
		...reading.figures.map((f) => ({
			sentence: f.sentence,
			kind: `figure:${f.unitKey}`,
			value: f.value,
			text: f.text
		})),
		...reading.years.map((y) => ({
			sentence: y.sentence,
			kind: 'year',
			value: y.year,
			text: y.text
		}))
	].filter((v) => !v.sentence.inTable);
	// A word most sentences use (the article's topic: "NATO", "Ukraine") says nothing about
	// whether two passages speak of one thing.
	const frequency = new Map<string, number>();
	for (const sentence of reading.sentences) {
		for (const word of namingWords(sentence.text))
			frequency.set(word, (frequency.get(word) ?? 0) + 1);
	}
	const telling = (word: string) =>
		(frequency.get(word) ?? 0) <= Math.max(2, reading.sentences.length * TOPIC_SHARE);
	const termsOf = (v: { sentence: Sentence; text: string }) =>
		new Set([...namingWords(near(v.sentence.text, v.text))].filter(telling));
	const seen = new Set<string>();
	const candidates: ContradictionCandidate[] = [];
	for (const [i, x] of values.entries()) {
		for (const y of values.slice(i + 1)) {
			if (x.kind !== y.kind || x.value === y.value || x.sentence === y.sentence) continue;
			const theirs = termsOf(y);
			const shared = [...termsOf(x)].filter((t) => theirs.has(t));
			if (shared.length < MIN_SHARED) continue;
			const key = `${x.sentence.order}:${y.sentence.order}:${x.kind}`;
			if (seen.has(key)) continue;
			seen.add(key);
			const subject = shared.join(' ');
			candidates.push({
				a: { section: x.sentence.section.slug, quote: x.sentence.text, value: x.text },
				b: { section: y.sentence.section.slug, quote: y.sentence.text, value: y.text },
				subject,
				note: `Both passages speak of ${shared.map((t) => `“${t}”`).join(', ')}: one gives ${x.text}, the other ${y.text}.`
			});
		}
	}
	return candidates;
}

/** The nouns and proper nouns of a sentence, lower case, without the common ones. */
function namingWords(text: string): Set<string> {
	const words = nlp(text).match('(#Noun|#ProperNoun)').not('#Value').out('array') as string[];
	return new Set(
		words
			.flatMap((w) => w.toLowerCase().split(/[^\p{L}]+/u))
			.filter((w) => w.length > 2 && !COMMON.has(w))
	);
}
