/**
 * Suggested questions drawn from an article's confirmed claims (issue 13): which source the text
 * gives for a marked claim, who it says said a quotation, and which two descriptions it gives of
 * a thing it contradicts itself about. Like the prose suggester (./suggest.ts), whose wording and
 * helpers these reuse, every question says what the article says, never what is true. Ids start
 * with `suggest-claim-` so the importer keeps them as suggestions. Pure: no I/O.
 */
import type { Article, Section } from '../article/types';
import { lessonModules } from '../article/modules';
import type { ContradictionInput, MarkInput, PassageAnchor } from '../marks/claims';
import { locateEvidence } from '../quiz/evidence';
import { hashHex } from '../quiz/random';
import { normalizeAnswer } from '../quiz/text';
import { trimAtWord, withoutFinalStop } from './english';
import { attributionOf, readSections, type Quote, type Reading } from './reading';
import {
	distinct,
	folded,
	lowerFirst,
	make,
	NONE_NAMED,
	roundRobin,
	sameName,
	SUGGESTED_ID_PREFIX,
	withDistractors,
	type SuggestOptions,
	type Suggestion,
	type SuggestionRule
} from './suggest';

export const CLAIM_ID_PREFIX = `${SUGGESTED_ID_PREFIX}claim-`;
const DEFAULT_MAX_PER_MODULE = 8;
const EVIDENCE_MAX = 300;
const CLAIM_MAX = 220;
const QUOTED_MAX = 200;
const OPTION_QUOTE_MAX = 160;

/** The option that answers "which source" for a claim the text hedges: the hedge as written. */
export function vagueOption(hedge: string): string {
	return `A vague source: “${hedge}”`;
}

export interface ConfirmedClaims {
	marks: MarkInput[];
	contradictions: ContradictionInput[];
}

/**
 * Questions from the claims a person confirmed (callers pass only those): one per mark (who said
 * a quotation, else which source the text gives for the claim; none for the article's own view),
 * one per contradiction. At most `maxPerModule` per module, a mix of the three kinds.
 */
export function claimQuestions(
	article: Article,
	claims: ConfirmedClaims,
	options: SuggestOptions = {}
): Suggestion[] {
	const max = Math.max(1, options.maxPerModule ?? DEFAULT_MAX_PER_MODULE);
	const modules = lessonModules(article.sections);
	const c = new ClaimContext(article, modules, claims);
	const marks = uniqueBy(claims.marks, (m) => `${m.section}\u0000${m.quote}`).filter((m) =>
		c.stands(m)
	);
	const contradictions = uniqueBy(claims.contradictions, (x) =>
		[x.a, x.b].map((p) => `${p.section}\u0000${p.quote}`).join('\u0001')
	).filter((x) => c.stands(x.a) && c.stands(x.b));
	const perMark = marks.map((m) => {
		const speaker = speakerQuestion(c, m);
		return speaker.length > 0 ? speaker : sourceQuestion(c, m);
	});
	const all = [...perMark.flat(), ...contradictions.flatMap((x) => contradictionQuestion(c, x))];
	const seen = new Set<string>();
	return modules.flatMap((section) => {
		const mine = all.filter((s) => s.question.evidence.section === section.slug);
		const byRule = (rule: SuggestionRule) => mine.filter((s) => s.rule === rule);
		return roundRobin(
			[byRule('claim-speaker'), byRule('claim-source'), byRule('claim-contradiction')],
			max
		).filter((s) => !seen.has(s.question.id) && seen.add(s.question.id));
	});
}

/** The article as the questions need it: its modules, its prose reading and the confirmed claims. */
class ClaimContext {
	readonly reading: Reading;
	/** Every sentence folded for comparison, padded with spaces to match whole words. */
	readonly foldedSentences: string[];
	constructor(
		readonly article: Article,
		readonly modules: Section[],
		readonly claims: ConfirmedClaims
	) {
		this.reading = readSections(
			modules,
			article.prompts.map((p) => p.text)
		);
		this.foldedSentences = this.reading.sentences.map((s) => ` ${folded(s.text)} `);
	}
	stands(anchor: PassageAnchor): boolean {
		return (
			this.modules.some((s) => s.slug === anchor.section) &&
			locateEvidence(this.article, anchor) !== null
		);
	}
	title(slug: string): string {
		return this.modules.find((s) => s.slug === slug)?.title ?? slug;
	}
	/** Sources the confirmed marks name, then those the prose reading credits. */
	namedSources(): string[] {
		return distinct([
			...this.claims.marks.flatMap((m) => (m.kind === 'named' && m.source ? [m.source] : [])),
			...[...this.reading.attributions.values()].flatMap((a) =>
				a.kind === 'named' ? [a.source] : []
			)
		]);
	}
	speakers(): string[] {
		return distinct([
			...this.claims.marks.flatMap((m) => (m.speaker ? [m.speaker] : [])),
			...this.reading.quotes.map((q) => q.speaker)
		]);
	}
	/** A person the prose names; a speaker may be a body ("Moscow’s state media"). */
	isPerson(name: string): boolean {
		return this.reading.people.some((p) => sameName(p, name));
	}
	/** Every source the article names of the same kind as `source`: people for a person, bodies for a body. */
	sourcesLike(source: string): string[] {
		const person = this.isPerson(source);
		return oneEach([...this.namedSources(), ...this.speakers(), ...this.reading.names]).filter(
			(n) => this.isPerson(n) === person && !sameName(n, source)
		);
	}
	/** The hedges of the confirmed vague marks ("Observers stress"), each as an option. */
	vagueHedges(): string[] {
		return distinct(
			this.claims.marks.flatMap((m) => (m.kind === 'vague' && m.source ? [m.source] : []))
		);
	}
	/** The quotation the reading finds in a mark's sentence. */
	quoteIn(m: MarkInput): Quote | undefined {
		return this.reading.quotes.find(
			(q) => q.sentence.section.slug === m.section && m.quote.includes(q.marked)
		);
	}
}

// ── Which source ──────────────────────────────────────────────────────────────────

function sourceQuestion(c: ClaimContext, m: MarkInput): Suggestion[] {
	if (m.kind === 'article') return [];
	const id = claimId('claim-source', m);
	const where = says(c, m);
	const evidence = evidenceOf(m);
	// A name the sentence holds ("Key exchanges show Putin…") could be read as its source.
	const notInSentence = (name: string) => !standsIn(m.quote, name);
	if (m.kind === 'none') {
		const shown = quoted(m.quote);
		if (!shown) return [];
		const distractors = [
			...withDistractors(null, oneEach(c.namedSources()).filter(notInSentence), id).slice(0, 2),
			...withDistractors(null, c.vagueHedges(), id).slice(0, 1).map(vagueOption)
		];
		const explanation = `${where} It states this as fact and names no source for it, so the reader cannot check where it comes from.`;
		// An article that names no source anywhere leaves nothing to choose from.
		if (distractors.length === 0) {
			return make('claim-source', {
				id,
				type: 'truefalse',
				text: `True or false: the article names a source for its statement ${shown}.`,
				answer: false,
				explanation: `False. ${explanation}`,
				evidence
			});
		}
		return make('claim-source', {
			id,
			type: 'single',
			text: `Which source does the article give for its statement ${shown}?`,
			options: [NONE_NAMED, ...distractors],
			answer: NONE_NAMED,
			explanation,
			evidence
		});
	}
	const source = m.source?.trim();
	const claim = claimOf(m, source);
	if (!source || !claim) return [];
	const text = `Which source does the article give for the claim that ${claim}?`;
	if (m.kind === 'named') {
		const others = c.sourcesLike(source).filter(notInSentence);
		return make('claim-source', {
			id,
			type: 'single',
			text,
			options: [...withDistractors(source, others, id, c.namedSources()), NONE_NAMED],
			answer: source,
			explanation: `${where} It credits ${source} and gives no other source for the claim.`,
			evidence
		});
	}
	const key = vagueOption(source);
	const hedges = c
		.vagueHedges()
		.filter((h) => !sameName(h, source))
		.map(vagueOption);
	const distractors = [
		...withDistractors(null, oneEach(c.namedSources()).filter(notInSentence), id).slice(0, 2),
		...withDistractors(null, hedges, id).slice(0, 1)
	];
	return make('claim-source', {
		id,
		type: 'single',
		text,
		options: [key, ...distractors, NONE_NAMED],
		answer: key,
		explanation:
			`${where} It introduces the claim with “${source}”: no person, body or document is named, ` +
			'so the reader cannot check where it comes from.',
		evidence
	});
}

/**
 * The claim a named or vague mark credits, as the prose reading cuts it from its source; null
 * when it cannot be cut cleanly or would give the answer away.
 */
function claimOf(m: MarkInput, source: string | undefined): string | null {
	if (!source) return null;
	const found = attributionOf(m.quote);
	const raw = (found.kind === 'none' ? null : found.claim) ?? thatAfter(m.quote, source);
	// One sentence: "…add nuance to it.They show…" is two, "the U.S. could" is one.
	if (!raw || raw.length > CLAIM_MAX || /\p{Ll}[.!?]\p{Lu}/u.test(raw)) return null;
	if (raw.trim().split(/\s+/).length < 4 || standsIn(raw, source)) return null;
	return lowerFirst(withoutFinalStop(raw.trim()));
}

/** "Bush conveyed that the U.S. could…": what follows the first "that" after the source. */
function thatAfter(sentence: string, source: string): string | null {
	const at = sentence.indexOf(source);
	if (at < 0) return null;
	const that = / that /.exec(sentence.slice(at + source.length));
	return that ? sentence.slice(at + source.length + that.index + 6) : null;
}

// ── Who said it ───────────────────────────────────────────────────────────────────

function speakerQuestion(c: ClaimContext, m: MarkInput): Suggestion[] {
	const speaker = m.speaker?.trim();
	if (!speaker) return [];
	const shown = quotationIn(c, m);
	if (!shown || standsIn(shown, speaker)) return [];
	const id = claimId('claim-speaker', m);
	const person = c.isPerson(speaker);
	const others = oneEach([
		...c.speakers(),
		...(person ? c.reading.people : c.reading.names)
	]).filter((n) => !sameName(n, speaker) && c.isPerson(n) === person);
	const base = {
		id,
		text: `According to the article, who said ${shown}?`,
		explanation:
			`In “${c.title(m.section)}”, the article quotes ${speaker} as saying ${shown}. ` +
			'These are the words as the article reports them; it offers no recording or document to check them against.',
		evidence: evidenceOf(m)
	};
	if (distinct(others).length === 0) {
		const surname = speaker.split(' ').pop()!;
		return make('claim-speaker', {
			...base,
			type: 'short',
			accepted: distinct([speaker, surname])
		});
	}
	return make('claim-speaker', {
		...base,
		type: 'single',
		options: withDistractors(speaker, others, id, c.speakers()),
		answer: speaker
	});
}

/** The quoted words of a mark's sentence, in the article's marks ("“We were not asked”"). */
function quotationIn(c: ClaimContext, m: MarkInput): string | null {
	const found = c.quoteIn(m)?.shown;
	const raw = found ?? /“([^”]+)”|"([^"]+)"/u.exec(m.quote)?.[0];
	if (!raw) return null;
	const inner = raw.slice(1, -1).replace(/[,\s]+$/u, '');
	if (inner.split(/\s+/).length < 3) return null;
	return `${raw[0]}${trimAtWord(inner, QUOTED_MAX)}${raw[raw.length - 1]}`;
}

// ── Contradictions ────────────────────────────────────────────────────────────────

function contradictionQuestion(c: ClaimContext, x: ContradictionInput): Suggestion[] {
	const subject = lowerFirst(withoutFinalStop(trimAtWord(x.subject.trim(), 120)));
	if (!subject) return [];
	const id = claimId('claim-contradiction', x.a, x.b.section, x.b.quote);
	const others = c.claims.contradictions.filter(
		(o) => folded(o.subject) !== folded(x.subject) && !sameAnchors(o, x)
	);
	const fair = (d: string) => !trueOfSubject(c, subject, d);
	const labels = [x.a.label?.trim(), x.b.label?.trim()];
	const labelDistractors = others
		.flatMap((o) => [o.a.label, o.b.label])
		.flatMap((l) => (l && l.trim() ? [l.trim()] : []))
		.filter(fair);
	const byLabel =
		labels[0] &&
		labels[1] &&
		!sameName(labels[0], labels[1]) &&
		withDistractors(null, distinctFrom(labelDistractors, labels as string[]), id).length >= 2;
	const keys = byLabel ? (labels as string[]) : [x.a.quote, x.b.quote].map(quoteOption);
	if (normalizeAnswer(keys[0]!) === normalizeAnswer(keys[1]!)) return [];
	// Passages of other contradictions first, then sentences of the same modules: they read alike.
	// Never the passages themselves, or words one of them holds or stands in.
	const passages = (quotes: string[]) =>
		apart([x.a.quote, x.b.quote, ...quotes.filter(fair)])
			.slice(2)
			.map(quoteOption);
	const sentences = c.reading.sentences.filter(
		(s) => !s.inTable && s.text.split(/\s+/).length >= 6 && !s.text.endsWith('?')
	);
	const theirs = others.flatMap((o) => [o.a.quote, o.b.quote]);
	const nearby = passages([
		...theirs,
		...sentences
			.filter((s) => [x.a.section, x.b.section].includes(s.section.slug))
			.map((s) => s.text)
	]);
	const pool = byLabel ? labelDistractors : passages([...theirs, ...sentences.map((s) => s.text)]);
	const distractors = withDistractors(
		null,
		distinctFrom(pool, keys),
		id,
		byLabel ? [] : distinctFrom(nearby, keys)
	);
	if (distractors.length === 0) return [];
	return make('claim-contradiction', {
		id,
		type: 'multiple',
		text: `The article describes ${subject} in two ways. Which two descriptions does the article give?`,
		options: [...keys, ...distractors],
		answers: keys,
		explanation:
			`${says(c, x.a)} ${x.a.section === x.b.section ? 'It also says' : `In “${c.title(x.b.section)}”, it says`}: ${quotedPassage(x.b.quote)} ` +
			`The text disagrees with itself about ${subject} and does not say which is right.`,
		evidence: evidenceOf(x.a)
	});
}

/** Whether some sentence of the article ties `description` to the subject: then it is no distractor. */
function trueOfSubject(c: ClaimContext, subject: string, description: string): boolean {
	const words = contentWords(subject);
	const d = folded(description.replace(/^“|”$/gu, '').replace(/…$/u, ''));
	if (!d) return true;
	return c.foldedSentences.some(
		(text) => text.includes(` ${d} `) && words.some((w) => text.includes(` ${w} `))
	);
}

const STOP = new Set(
	'the a an of in on at to for and or by with from as about over into that this these those its their his her which what when was were how'.split(
		' '
	)
);

function contentWords(text: string): string[] {
	return folded(text)
		.split(' ')
		.filter((w) => w.length >= 3 && !STOP.has(w));
}

function sameAnchors(o: ContradictionInput, x: ContradictionInput): boolean {
	return o.a.quote === x.a.quote && o.b.quote === x.b.quote;
}

/** A passage as an option: its words, cut at a word when long (the explanation quotes it whole). */
function quoteOption(quote: string): string {
	return trimAtWord(withoutFinalStop(quote.trim()), OPTION_QUOTE_MAX);
}

// ── Helpers ───────────────────────────────────────────────────────────────────────

function claimId(rule: SuggestionRule, anchor: PassageAnchor, ...more: string[]): string {
	return CLAIM_ID_PREFIX + hashHex(rule, anchor.section, anchor.quote, ...more);
}

/** "In “Title”, the article says: “…”." with one final stop. */
function says(c: ClaimContext, anchor: PassageAnchor): string {
	return `In “${c.title(anchor.section)}”, the article says: ${quotedPassage(anchor.quote)}`;
}

/** “…”, with one final stop. */
function quotedPassage(quote: string): string {
	const shown = trimAtWord(quote.trim(), EVIDENCE_MAX);
	return `“${shown}”${/[.!?…]$/u.test(shown) ? '' : '.'}`;
}

/** The anchor as evidence, or its first 300 characters (still verbatim) when longer. */
function evidenceOf(anchor: PassageAnchor): PassageAnchor {
	const quote =
		anchor.quote.length <= EVIDENCE_MAX
			? anchor.quote
			: anchor.quote.slice(0, anchor.quote.lastIndexOf(' ', EVIDENCE_MAX));
	return { section: anchor.section, quote };
}

/** A sentence quoted inside a question, or null when too long to read as one. */
function quoted(sentence: string): string | null {
	const text = withoutFinalStop(sentence.trim());
	if (text.split(/\s+/).length < 4) return null;
	return `“${trimAtWord(text, QUOTED_MAX)}”`;
}

/** The name as words of the text, once folded: "The Intercept" stands in "obtained by The Intercept". */
function standsIn(text: string, name: string): boolean {
	const n = folded(name);
	return n !== '' && ` ${folded(text)} `.includes(` ${n} `);
}

/** `items` without any that reads as one of `taken`. */
function distinctFrom(items: string[], taken: string[]): string[] {
	return distinct(items).filter((i) => !taken.some((t) => sameName(i, t)));
}

/** `quotes` without any that holds or stands inside an earlier one. */
function apart(quotes: string[]): string[] {
	const kept: string[] = [];
	for (const q of quotes) if (!kept.some((k) => k.includes(q) || q.includes(k))) kept.push(q);
	return kept;
}

/** One form of each name, the first given: "Putin" stands for "Vladimir Putin" too. */
function oneEach(names: string[]): string[] {
	const kept: string[] = [];
	for (const n of distinct(names)) if (!kept.some((k) => sameName(k, n))) kept.push(n);
	return kept;
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
	const seen = new Set<string>();
	return items.filter((i) => !seen.has(key(i)) && seen.add(key(i)));
}
