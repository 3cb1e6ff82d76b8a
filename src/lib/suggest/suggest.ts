import nlp from 'compromise';
import type { Article, Section } from '../article/types';
import { lessonModules } from '../article/modules';
import { hash53, hashHex, mulberry32, shuffled } from '../quiz/random';
import { questionSchema, SUGGESTION_ID_PREFIX, type Question } from '../quiz/schema';
import { normalizeAnswer } from '../quiz/text';
import { listInEnglish, trimAtWord, withoutFinalStop } from './english';
import {
	readSections,
	type Attribution,
	type Figure,
	type Quote,
	type Reading,
	type Sentence,
	type YearMention
} from './reading';

/** A draft question for a teacher to accept, edit or discard, and the rule that made it. */
export interface Suggestion {
	question: Question;
	rule: SuggestionRule;
}

export type SuggestionRule =
	| 'quote-speaker'
	| 'quote-matching'
	| 'source'
	| 'figure'
	| 'year'
	| 'year-ordering'
	| 'label-matching'
	| 'label-choice'
	| 'statement-true'
	| 'statement-false'
	| 'statement-choice'
	| 'key-term'
	/** Drawn from confirmed claims (./claims.ts). */
	| 'claim-source'
	| 'claim-speaker'
	| 'claim-contradiction';

export interface SuggestOptions {
	/** At most this many suggestions per module, so a long module does not drown the teacher. */
	maxPerModule?: number;
}

export const SUGGESTED_ID_PREFIX = SUGGESTION_ID_PREFIX;
export const NONE_NAMED = 'None named';
/** Every module with content gets at least this many, from fallbacks if its prose offers no facts. */
export const MIN_PER_MODULE = 2;
const DEFAULT_MAX_PER_MODULE = 8;
const MAX_DISTRACTORS = 3;
const MAX_PAIRS = 6;
const EVIDENCE_MAX = 300;
const CLOZE_MAX = 240;
const OPTION_MAX = 200;
const GAP = '___';
/** A module full of dates gets its ordering question and at most this many "which year" ones. */
const MAX_YEARS = 2;

/**
 * Suggested questions from what each lesson module's prose says, always attributed to the
 * article. Deterministic: ids hash the rule, the module's slug and the anchor text, so the
 * same article always yields the same suggestions with the same ids.
 */
export function suggestQuestions(article: Article, options: SuggestOptions = {}): Suggestion[] {
	const max = Math.max(MIN_PER_MODULE, options.maxPerModule ?? DEFAULT_MAX_PER_MODULE);
	const modules = lessonModules(article.sections).filter((s) => s.blocks.length > 0);
	const reading = readSections(
		modules,
		article.prompts.map((p) => p.text)
	);
	const seen = new Set<string>();
	return modules.flatMap((section) => {
		const context = new Context(section, reading);
		const fromRules = roundRobin(ruleCandidates(context), max);
		const picked =
			fromRules.length >= MIN_PER_MODULE ? fromRules : [...fromRules, ...fallbacks(context)];
		return picked
			.filter((s) => !seen.has(s.question.id) && seen.add(s.question.id))
			.slice(0, Math.max(fromRules.length, MIN_PER_MODULE));
	});
}

/** One module's sentences and facts, and the whole article's for distractors. */
class Context {
	readonly sentences: Sentence[];
	constructor(
		readonly section: Section,
		readonly reading: Reading
	) {
		this.sentences = reading.sentences.filter((s) => s.section === section);
	}
	mine<T extends { sentence: Sentence }>(facts: T[]): T[] {
		return facts.filter((f) => f.sentence.section === this.section);
	}
	quoteIn(sentence: Sentence): Quote | undefined {
		return this.reading.quotes.find((q) => q.sentence === sentence);
	}
	attribution(sentence: Sentence): Attribution {
		return this.reading.attributions.get(sentence) ?? { kind: 'none' };
	}
	/** Every named source the article credits, for "which source" distractors. */
	namedSources(): string[] {
		return distinct(
			[...this.reading.attributions.values()].flatMap((a) => (a.kind === 'named' ? [a.source] : []))
		);
	}
	isPerson(name: string): boolean {
		return this.reading.people.some((p) => sameName(p, name));
	}
	/** Sources of the same kind as `source`: people for a person, bodies for a body. */
	sourcesLike(source: string): string[] {
		const person = this.isPerson(source);
		return distinct([...this.namedSources(), ...this.reading.names]).filter(
			(n) => this.isPerson(n) === person
		);
	}
}

function ruleCandidates(c: Context): Suggestion[][] {
	return [
		c.mine(c.reading.quotes).flatMap((q) => quoteSpeaker(c, q)),
		quoteMatching(c),
		c.sentences.flatMap((s) => sourceQuestion(c, s)),
		c.mine(c.reading.figures).flatMap((f) => figureQuestion(c, f)),
		yearOrdering(c),
		firstPerSentence(c.mine(c.reading.years))
			.slice(0, MAX_YEARS)
			.flatMap((y) => yearQuestion(c, y)),
		labelMatching(c),
		labelChoices(c)
	];
}

/** Takes one from each rule in turn, so a module gets a mix rather than eight of a kind. */
export function roundRobin(groups: Suggestion[][], max: number): Suggestion[] {
	const out: Suggestion[] = [];
	for (let i = 0; out.length < max && groups.some((g) => g.length > i); i++) {
		for (const g of groups) if (g[i] && out.length < max) out.push(g[i]!);
	}
	return out;
}

// ── Quoted speakers ───────────────────────────────────────────────────────────────

function quoteSpeaker(c: Context, q: Quote): Suggestion[] {
	// Other people for a person; bodies only when the speaker is one.
	const isPerson = c.reading.people.some((p) => sameName(p, q.speaker));
	const others = (isPerson ? c.reading.people : c.reading.names).filter(
		(name) => !sameName(name, q.speaker)
	);
	const text = `Who does the article quote as saying ${q.shown}?`;
	const explanation =
		`In “${c.section.title}”, the article quotes ${q.speaker} as saying ${q.shown}. ` +
		'These are the words as the article reports them; it offers no recording or document to check them against.';
	const base = { text, explanation, evidence: evidence(c, q.sentence) };
	const id = suggestionId('quote-speaker', c, q.shown);
	if (others.length === 0) {
		const surname = q.speaker.split(' ').pop()!;
		return make('quote-speaker', {
			...base,
			id,
			type: 'short',
			accepted: distinct([q.speaker, surname])
		});
	}
	return make('quote-speaker', {
		...base,
		id,
		type: 'single',
		options: withDistractors(
			q.speaker,
			others,
			id,
			c.reading.quotes.map((x) => x.speaker)
		),
		answer: q.speaker
	});
}

function quoteMatching(c: Context): Suggestion[] {
	const bySpeaker = new Map<string, Quote>();
	for (const q of c.mine(c.reading.quotes)) {
		if (!bySpeaker.has(normalizeAnswer(q.speaker))) bySpeaker.set(normalizeAnswer(q.speaker), q);
	}
	const quotes = [...bySpeaker.values()].slice(0, MAX_PAIRS);
	if (quotes.length < 2) return [];
	const speakers = quotes.map((q) => q.speaker);
	return make('quote-matching', {
		id: suggestionId('quote-matching', c, speakers.join('|')),
		type: 'matching',
		text: 'According to the article, who said what? Match each speaker to the words the article quotes them as saying.',
		pairs: quotes.map((q) => ({ left: q.speaker, right: trimAtWord(q.shown, OPTION_MAX) })),
		explanation:
			`In “${c.section.title}”, the article quotes ${listInEnglish(quotes.map((q) => `${q.speaker} (${q.shown})`))}. ` +
			'Each quote is attributed to one person; the article is the only source given for the words.',
		evidence: evidence(c, quotes[0]!.sentence)
	});
}

// ── Sources of claims ─────────────────────────────────────────────────────────────

function sourceQuestion(c: Context, s: Sentence): Suggestion[] {
	if (c.quoteIn(s)) return [];
	const a = c.attribution(s);
	if (a.kind === 'none' || !a.claim) return [];
	const claim = lowerFirst(withoutFinalStop(a.claim));
	const id = suggestionId('source', c, s.text);
	const named = distinct([...c.namedSources(), ...c.reading.names]);
	const where = says(c, s);
	if (a.kind === 'named') {
		const others = c.sourcesLike(a.source).filter((n) => !sameName(n, a.source));
		return make('source', {
			id,
			type: 'single',
			text: `Which source does the article give for the claim that ${claim}?`,
			options: [...withDistractors(a.source, others, id, c.namedSources()), NONE_NAMED],
			answer: a.source,
			explanation: `${where} It credits ${a.source} and gives no other source for the claim.`,
			evidence: evidence(c, s)
		});
	}
	const explanation =
		`${where} It introduces the claim with “${a.source}”: no person, body or document is named, ` +
		'so the reader cannot check where it comes from.';
	if (named.length === 0) {
		return make('source', {
			id,
			type: 'truefalse',
			text: `True or false: the article names a source for the claim that ${claim}.`,
			answer: false,
			explanation: `False. ${explanation}`,
			evidence: evidence(c, s)
		});
	}
	return make('source', {
		id,
		type: 'single',
		text: `Which source does the article give for the claim that ${claim}?`,
		options: [...withDistractors(null, named, id, c.namedSources()), NONE_NAMED],
		answer: NONE_NAMED,
		explanation,
		evidence: evidence(c, s)
	});
}

/** What the explanation says about who stands behind a sentence. */
function sourceNote(c: Context, s: Sentence): string {
	const a = c.attribution(s);
	if (a.kind === 'named') return `The article credits ${a.source} for it.`;
	if (a.kind === 'vague')
		return `The article gives only “${a.source}” as its source: no one is named.`;
	return 'The article gives no source for it in this sentence.';
}

// ── Figures and years ─────────────────────────────────────────────────────────────

function figureQuestion(c: Context, f: Figure): Suggestion[] {
	const id = suggestionId('figure', c, `${f.sentence.text}|${f.text}`);
	const said = says(c, f.sentence);
	const others = c.reading.figures
		.filter((o) => o.unitKey === f.unitKey && o.value !== f.value)
		.map((o) => o.text);
	const base = { id, evidence: evidence(c, f.sentence) };
	if (distinct(others).filter((o) => !sameName(o, f.text)).length >= 2) {
		return make('figure', {
			...base,
			type: 'single',
			text: `According to the article, which figure fills the gap in “${cloze(f.sentence.text, f.text)}”?`,
			options: withDistractors(f.text, others, id),
			answer: f.text,
			explanation: `${said} ${sourceNote(c, f.sentence)}`
		});
	}
	const hedge = f.rounded
		? ' The text gives a rounded figure, so an answer close to it counts.'
		: '';
	return make('figure', {
		...base,
		type: 'numeric',
		text: `According to the article, what number fills the gap in “${cloze(f.sentence.text, f.digits, f.text)}”?`,
		answer: f.value,
		tolerance: f.rounded ? roundedTolerance(f.value) : 0,
		unit: f.unit,
		explanation: `${said}${hedge} ${sourceNote(c, f.sentence)}`
	});
}

function yearQuestion(c: Context, y: YearMention): Suggestion[] {
	return make('year', {
		id: suggestionId('year', c, `${y.sentence.text}|${y.text}`),
		type: 'numeric',
		text: `According to the article, which year fills the gap in “${cloze(y.sentence.text, y.text)}”?`,
		answer: y.year,
		tolerance: 0,
		explanation: `${says(c, y.sentence)} ${sourceNote(c, y.sentence)}`,
		evidence: evidence(c, y.sentence)
	});
}

function yearOrdering(c: Context): Suggestion[] {
	const single = c
		.mine(c.reading.years)
		.filter((y) => c.reading.years.filter((o) => o.sentence === y.sentence).length === 1);
	const byYear = new Map<number, YearMention>();
	for (const y of single) if (!byYear.has(y.year)) byYear.set(y.year, y);
	const events = [...byYear.values()].sort((a, b) => a.year - b.year).slice(0, MAX_PAIRS);
	if (events.length < 3) return [];
	const items = events.map((y) =>
		trimAtWord(cloze(y.sentence.text, y.text, y.text, 160), OPTION_MAX)
	);
	if (new Set(items.map(normalizeAnswer)).size !== items.length) return [];
	return make('year-ordering', {
		id: suggestionId('year-ordering', c, events.map((y) => y.year).join('|')),
		type: 'ordering',
		text: 'According to the article, in what order did these happen? Put the earliest first (the years are left out).',
		items,
		explanation:
			`In “${c.section.title}”, the article dates these events ${listInEnglish(events.map((y) => String(y.year)))}, in that order. ` +
			'The dates are the article’s; check whether it says where they come from.',
		evidence: evidence(c, events[0]!.sentence)
	});
}

// ── Labelled lists ────────────────────────────────────────────────────────────────

interface Labelled {
	label: string;
	text: string;
	sentence: Sentence;
}

function labelledLists(c: Context): Labelled[][] {
	return c.section.blocks.flatMap((block) => {
		if (block.type !== 'list') return [];
		const items = block.items.flatMap((item) => {
			const sentence = c.sentences.find(
				(s) => s.label === item.label && s.passage.includes(item.text)
			);
			return item.label && item.text.trim() && sentence
				? [{ label: item.label, text: item.text.trim(), sentence }]
				: [];
		});
		const labels = new Set(items.map((i) => normalizeAnswer(i.label)));
		const texts = new Set(items.map((i) => normalizeAnswer(trimAtWord(i.text, OPTION_MAX))));
		return items.length >= 2 && labels.size === items.length && texts.size === items.length
			? [items]
			: [];
	});
}

function labelMatching(c: Context): Suggestion[] {
	return labelledLists(c).flatMap((items) => {
		const pairs = items.slice(0, MAX_PAIRS);
		return make('label-matching', {
			id: suggestionId('label-matching', c, pairs.map((p) => p.label).join('|')),
			type: 'matching',
			text: `According to the article, match each label in the list in “${c.section.title}” to what the article says under it.`,
			pairs: pairs.map((p) => ({ left: p.label, right: trimAtWord(p.text, OPTION_MAX) })),
			explanation:
				`The list in “${c.section.title}” pairs each label with its text: ` +
				pairs
					.map((p) => `“${p.label}” – “${withoutFinalStop(trimAtWord(p.text, 80))}”`)
					.join('; ') +
				'. These are the article’s own summaries; it gives no source for them in the list.',
			evidence: evidence(c, pairs[0]!.sentence)
		});
	});
}

/** One "which label" question per list of three or more: the matching question already asks the rest. */
function labelChoices(c: Context): Suggestion[] {
	return labelledLists(c)
		.filter((items) => items.length >= 3)
		.flatMap((items) =>
			items.slice(0, 1).flatMap((item) => {
				const id = suggestionId('label-choice', c, item.label);
				return make('label-choice', {
					id,
					type: 'single',
					text: `In the list in “${c.section.title}”, which label does the article give to the item “${withoutFinalStop(trimAtWord(item.text, CLOZE_MAX))}”?`,
					options: withDistractors(
						item.label,
						items.map((i) => i.label),
						id
					),
					answer: item.label,
					explanation: `The article lists “${item.label}” with the text “${withoutFinalStop(trimAtWord(item.text, CLOZE_MAX))}”. It gives no source for the item in the list.`,
					evidence: evidence(c, item.sentence)
				});
			})
		);
}

// ── Fallbacks: the module's key sentences ─────────────────────────────────────────

function fallbacks(c: Context): Suggestion[] {
	const key = keySentences(c);
	const statements = key.filter(isStatement);
	const groups = [
		statements.flatMap((s) => statementTrue(c, s)),
		statements.flatMap((s) => statementFalse(c, s)),
		key.flatMap((s) => statementChoice(c, s)),
		key.flatMap((s) => keyTerm(c, s))
	];
	return roundRobin(groups, 4);
}

/** Sentences of a readable length first, then those with names or figures. */
function keySentences(c: Context): Sentence[] {
	const score = (s: Sentence) =>
		(s.text.length >= 50 && s.text.length <= 220 ? 2 : 0) +
		(nlp(s.text).has('(#ProperNoun|#Value)') ? 1 : 0) -
		(/[?]$/.test(s.text) ? 3 : 0);
	const full = c.sentences.filter((s) => s.text.split(/\s+/).length >= 5);
	// A module of fragments ("First notes item") still gets its fallbacks.
	return [...(full.length > 0 ? full : c.sentences)].sort(
		(a, b) => score(b) - score(a) || a.order - b.order
	);
}

/** A sentence that reads as a statement: not a `Label – text` lead or a heading-like fragment. */
function isStatement(s: Sentence): boolean {
	if (s.label || /^[^.]{1,60}\s[–:]\s/u.test(s.text) || !/[.!]$/.test(s.text)) return false;
	const doc = nlp(s.text);
	// "A second section with the same title." has no verb; "Tell us…" is an invitation, not a claim.
	return doc.has('#Verb') && !doc.terms().first().has('(#Imperative|#Infinitive)');
}

/** The name as a word of its own: "Putin" stands alone in "Putin said", not in "Putin-Bush". */
function standsAlone(text: string, name: string): boolean {
	const at = text.indexOf(name);
	if (at < 0) return false;
	const before = text[at - 1] ?? ' ';
	const after = text[at + name.length] ?? ' ';
	return !/[\p{L}\p{N}\-‑–]/u.test(before) && !/[\p{L}\p{N}\-‑–]/u.test(after);
}

function statementTrue(c: Context, s: Sentence): Suggestion[] {
	return make('statement-true', {
		id: suggestionId('statement-true', c, s.text),
		type: 'truefalse',
		text: `True or false: according to the article, ${lowerFirst(withoutFinalStop(trimAtWord(s.text, EVIDENCE_MAX)))}.`,
		answer: true,
		explanation: `True. ${says(c, s)} ${sourceNote(c, s)}`,
		evidence: evidence(c, s)
	});
}

/** The sentence with one name, figure or year swapped for another of the same kind from the article. */
function statementFalse(c: Context, s: Sentence): Suggestion[] {
	const swaps: [string, string[]][] = [
		...c.reading.years
			.filter((y) => y.sentence === s)
			.map((y): [string, string[]] => [y.text, c.reading.years.map((o) => o.text)]),
		...c.reading.figures
			.filter((f) => f.sentence === s)
			.map((f): [string, string[]] => [
				f.text,
				c.reading.figures.filter((o) => o.unitKey === f.unitKey).map((o) => o.text)
			]),
		...c.reading.people
			.filter((n) => standsAlone(s.text, n))
			.map((n): [string, string[]] => [n, c.reading.people])
	];
	for (const [original, pool] of swaps) {
		const id = suggestionId('statement-false', c, `${s.text}|${original}`);
		const other = withDistractors(
			null,
			pool.filter(
				(p) => !sameName(p, original) && !` ${folded(s.text)} `.includes(` ${folded(p)} `)
			),
			id
		)[0];
		if (!other) continue;
		const changed = trimAtWord(s.text.replace(original, other), EVIDENCE_MAX);
		return make('statement-false', {
			id,
			type: 'truefalse',
			text: `True or false: according to the article, ${lowerFirst(withoutFinalStop(changed))}.`,
			answer: false,
			explanation: `False. The article gives ${original}, not ${other}. ${says(c, s)} ${sourceNote(c, s)}`,
			evidence: evidence(c, s)
		});
	}
	return [];
}

function statementChoice(c: Context, s: Sentence): Suggestion[] {
	const id = suggestionId('statement-choice', c, s.text);
	const elsewhere = c.reading.sentences
		.filter((o) => o.section !== c.section && o.text.split(/\s+/).length >= 5)
		.map((o) => trimAtWord(o.text, OPTION_MAX));
	const answer = trimAtWord(s.text, OPTION_MAX);
	const options = withDistractors(answer, elsewhere, id);
	if (options.length < 2) return [];
	return make('statement-choice', {
		id,
		type: 'single',
		text: `Which of these statements does the article make in “${c.section.title}”?`,
		options,
		answer,
		explanation: `${says(c, s)} The other statements come from other parts of the article. ${sourceNote(c, s)}`,
		evidence: evidence(c, s)
	});
}

/** A name, or failing that the longest noun, left out of the sentence for the learner to supply. */
function keyTerm(c: Context, s: Sentence): Suggestion[] {
	const doc = nlp(s.text);
	const names = (doc.match('#ProperNoun+').out('array') as string[]).map(clean);
	const nouns = (doc.match('#Noun').not('#Pronoun').out('array') as string[])
		.map(clean)
		.filter((n) => /^\p{L}{5,}$/u.test(n))
		.sort((a, b) => b.length - a.length);
	const term = [...names.filter((n) => s.text.indexOf(n) > 0), ...nouns].find(
		(t) => t && s.text.split(t).length === 2
	);
	if (!term) return [];
	const what = names.includes(term) ? 'name' : 'word';
	return make('key-term', {
		id: suggestionId('key-term', c, `${s.text}|${term}`),
		type: 'short',
		text: `According to the article, which ${what} fills the gap in “${cloze(s.text, term)}”?`,
		accepted: [term],
		explanation: `${says(c, s)} ${sourceNote(c, s)}`,
		evidence: evidence(c, s)
	});
}

// ── Helpers ───────────────────────────────────────────────────────────────────────

export function make(rule: SuggestionRule, input: unknown): Suggestion[] {
	const parsed = questionSchema.safeParse(input);
	return parsed.success ? [{ question: parsed.data, rule }] : [];
}

function suggestionId(rule: SuggestionRule, c: Context, anchor: string): string {
	return SUGGESTED_ID_PREFIX + hashHex(rule, c.section.slug, anchor);
}

/** "In “Title”, the article says: “…”." with one final stop. */
function says(c: Context, s: Sentence): string {
	const quoted = trimAtWord(s.text, EVIDENCE_MAX);
	return `In “${c.section.title}”, the article says: “${quoted}”${/[.!?…]$/u.test(quoted) ? '' : '.'}`;
}

/** The sentence as evidence, or its first 300 characters (still verbatim) when longer. */
function evidence(c: Context, s: Sentence): { section: string; quote: string } {
	const quote =
		s.text.length <= EVIDENCE_MAX ? s.text : s.text.slice(0, s.text.lastIndexOf(' ', EVIDENCE_MAX));
	return { section: c.section.slug, quote };
}

/**
 * The sentence with `gap` replaced by a blank; `around` (the figure the gap sits in) is kept
 * in view when the sentence is cut to length at word boundaries.
 */
function cloze(sentence: string, gap: string, around = gap, max = CLOZE_MAX): string {
	const at = sentence.indexOf(around);
	const inner = around.replace(gap, GAP);
	const full = sentence.slice(0, at) + inner + sentence.slice(at + around.length);
	const text = withoutFinalStop(full);
	if (text.length <= max) return text;
	const start = Math.max(0, at - Math.floor(max / 2));
	const head = start > 0 ? '…' + text.slice(text.indexOf(' ', start) + 1) : text;
	return trimAtWord(head, max);
}

/**
 * The answer first, then up to three others of its kind chosen by the id: from `preferred`
 * (e.g. other speakers for a speaker) before the rest of `pool`. Never one that reads as the answer.
 */
export function withDistractors(
	answer: string | null,
	pool: string[],
	id: string,
	preferred: string[] = []
): string[] {
	const random = mulberry32(hash53(id));
	const inPool = new Set(pool.map(folded));
	const first = shuffled(
		distinct(preferred).filter((p) => inPool.has(folded(p))),
		random
	);
	const rest = shuffled(distinct(pool), random);
	const picked = distinct([...first, ...rest])
		.filter((p) => answer === null || !sameName(p, answer))
		.slice(0, MAX_DISTRACTORS);
	return answer === null ? picked : [answer, ...picked];
}

/** Folded for comparison, a leading "the" dropped: "the Royal Society" = "Royal Society". */
export function folded(text: string): string {
	return normalizeAnswer(text).replace(/^the /, '');
}

export function distinct(items: string[]): string[] {
	const seen = new Set<string>();
	return items.filter((i) => {
		const key = folded(i);
		if (!key || seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}

/** Equal once folded, or one name inside the other ("Silva" and "Ana Silva"). */
export function sameName(a: string, b: string): boolean {
	const x = folded(a);
	const y = folded(b);
	return x === y || ` ${x} `.includes(` ${y} `) || ` ${y} `.includes(` ${x} `);
}

function firstPerSentence<T extends { sentence: Sentence }>(facts: T[]): T[] {
	return facts.filter((f, i) => facts.findIndex((o) => o.sentence === f.sentence) === i);
}

/** A tenth of the figure, rounded to one significant digit: "about 400" allows ± 40. */
function roundedTolerance(value: number): number {
	const tenth = Math.abs(value) / 10;
	if (tenth === 0) return 0;
	const magnitude = 10 ** Math.floor(Math.log10(tenth));
	return Math.round(tenth / magnitude) * magnitude;
}

/** Lower-cases a sentence's first word unless it is a name ("The mountain" → "the mountain"). */
export function lowerFirst(text: string): string {
	const first = /^\p{L}+/u.exec(text)?.[0];
	if (!first || first === 'I' || /^\p{Lu}{2,}/u.test(first)) return text;
	if (nlp(first.toLowerCase()).has('(#ProperNoun|#Person|#Place|#Organization)')) return text;
	const rest = text.slice(first.length);
	const tagged = nlp(text).terms().first();
	if (tagged.has('(#Person|#Place|#Organization)')) return text;
	return first.toLowerCase() + rest;
}

function clean(text: string): string {
	return text.replace(/^[\s"“”„«»‘’'(]+|[\s,.;:"“”„«»‘’')]+$/gu, '');
}
