import nlp from 'compromise';
import type { Section } from '../article/types';
import { sectionPassages } from '../quiz/evidence';
import { RecentlyUsed } from '../recently-used';

/**
 * What a module's prose says, read with compromise: its sentences, who it quotes, the
 * figures and years it gives, and whom it credits for each claim. Tables are left to the
 * table generator; everything here comes from paragraphs and list items.
 */

export interface Sentence {
	section: Section;
	/** Verbatim: a substring of `passage`, so it can serve as evidence. */
	text: string;
	/** The paragraph or list item it stands in. */
	passage: string;
	/** The list item's label, when the passage is a `Label – text` item. */
	label?: string;
	/** Position in the article, for stable ordering. */
	order: number;
	/** Read from a table cell (a module that is only a table): a fallback's material, never a fact rule's. */
	inTable: boolean;
}

export interface Quote {
	sentence: Sentence;
	/** The quoted words as written, marks included ("“We were not asked,”"). */
	marked: string;
	/** The quoted words inside their marks, trailing comma dropped, with the article's marks around them. */
	shown: string;
	speaker: string;
}

export interface Figure {
	sentence: Sentence;
	/** The figure as written: "€130 million", "58%", "43 kilometres". */
	text: string;
	/** The digits inside it, as written: "130". */
	digits: string;
	value: number;
	/** What it counts, for display beside a numeric input: "million euros", "%", "kilometres". */
	unit: string;
	/** The unit folded for comparison: figures share a kind when their keys are equal. */
	unitKey: string;
	/** The text hedges it ("about", "nearly", "more than"): the key allows a tolerance. */
	rounded: boolean;
}

export interface YearMention {
	sentence: Sentence;
	text: string;
	year: number;
}

/** Whom the text credits for a sentence's claim. */
export type Attribution =
	| { kind: 'named'; source: string; claim: string | null }
	/** `source` is the hedge as written: "Critics argue", "It is widely believed". */
	| { kind: 'vague'; source: string; claim: string | null }
	| { kind: 'none' };

export interface Reading {
	sentences: Sentence[];
	quotes: Quote[];
	figures: Figure[];
	years: YearMention[];
	/** Names of people (speakers first) anywhere in the prose. */
	people: string[];
	/** Names of people and organisations anywhere in the prose. */
	names: string[];
	/** Whom the text credits for each sentence. */
	attributions: Map<Sentence, Attribution>;
}

const SAYING = '(said|says|told|added|warned|argued|explained|insisted|stated|recalled)';
const QUOTE_MARK = /^["“”„«»‘’']|["“”„«»‘’']$/gu;
const EDGE_PUNCTUATION = /^[\s"“”„«»‘’'(]+|[\s,.;:"“”„«»‘’')]+$/gu;
const HEDGE_BEFORE =
	/\b(about|around|roughly|nearly|almost|some|approximately|more than|over|less than|under|up to|close to|at least|just over|just under)\s*$/i;
const DIGITS = /\d[\d,]*(?:\.\d+)?/;
const CURRENCY: Record<string, string> = { '€': 'euros', $: 'dollars', '£': 'pounds' };
const MAGNITUDE = /\b(thousand|million|billion|trillion)\b/i;

function clean(text: string): string {
	return text.replace(EDGE_PUNCTUATION, '');
}

/** A name as a noun: "NATO’s" → "NATO". */
function asName(text: string): string {
	return clean(text).replace(/['’]s$/u, '');
}

/**
 * The readings made lately, by the content they were made from. One import reads the same
 * modules three times (the marks, the claim questions, the suggestions): with compromise, those
 * readings were 38% of a fresh server's start-up CPU (a profile of the seed's import), so each
 * content is read once. Bounded: a few articles' worth.
 */
const readings = new RecentlyUsed<string, { reading: Reading; index: Map<Section, number> }>(8);
let made = 0;
/** How many readings have been made from scratch (the work the reuse saves shows here). */
export const readingsMade = () => made;

/**
 * Reads every lesson module of the article, in order. A reading of the same modules (same
 * content, same prompts) is reused; each caller gets its own copy, whose sentences point at
 * the caller's own section objects.
 */
export function readSections(sections: Section[], prompts: string[] = []): Reading {
	const key = JSON.stringify([sections, prompts]);
	let kept = readings.get(key);
	if (!kept) {
		made++;
		kept = {
			reading: readAnew(sections, prompts),
			index: new Map(sections.map((section, i) => [section, i]))
		};
		readings.set(key, kept);
	}
	return copyFor(kept.reading, kept.index, sections);
}

/** A reading's copy for `sections` (equal in content to those it was made from, in order). */
function copyFor(reading: Reading, index: Map<Section, number>, sections: Section[]): Reading {
	const copies = new Map<Sentence, Sentence>(
		reading.sentences.map((s) => [s, { ...s, section: sections[index.get(s.section)!]! }])
	);
	const copy = <T extends { sentence: Sentence }>(item: T): T => ({
		...item,
		sentence: copies.get(item.sentence)!
	});
	return {
		sentences: [...copies.values()],
		quotes: reading.quotes.map(copy),
		figures: reading.figures.map(copy),
		years: reading.years.map(copy),
		people: [...reading.people],
		names: [...reading.names],
		attributions: new Map(
			[...reading.attributions].map(([s, attribution]) => [copies.get(s)!, { ...attribution }])
		)
	};
}

function readAnew(sections: Section[], prompts: string[]): Reading {
	// A prompt ("Tell us what you would add") stands in a module but invites comment; it says nothing.
	const invitations = new Set(prompts.map((p) => p.trim()));
	const sentences = sections
		.flatMap((section) => sectionSentences(section))
		.filter((s) => !invitations.has(s.passage.trim()));
	sentences.forEach((s, i) => (s.order = i));
	const prose = sentences.filter((s) => !s.inTable);
	const quotes = prose.flatMap(quotesIn);
	const figures = prose.flatMap(figuresIn);
	const years = prose.flatMap(yearsIn);
	const people = new Map<string, string>();
	const names = new Map<string, string>();
	const add = (map: Map<string, string>, name: string) => {
		const n = asName(name);
		if (n.split(' ').length <= 6 && /\p{Lu}/u.test(n)) map.set(n.toLowerCase(), n);
	};
	for (const q of quotes) add(people, q.speaker);
	for (const s of sentences) {
		const doc = nlp(s.text);
		for (const name of doc.people().out('array') as string[]) add(people, name);
		for (const name of doc.organizations().out('array') as string[]) add(names, name);
	}
	const attributions = new Map(
		sentences.map((s) => [
			s,
			attributionOf(
				s.text,
				quotes.find((q) => q.sentence === s)
			)
		])
	);
	return {
		sentences,
		quotes,
		figures,
		years,
		people: [...people.values()],
		names: [...people.values(), ...names.values()],
		attributions
	};
}

/**
 * Paragraphs and list items; a module that is only a table is read from its cells, so it
 * still gets suggestions (the table generator asks the table's columns).
 */
function sectionSentences(section: Section): Sentence[] {
	const prose = section.blocks.some((b) => b.type !== 'table');
	return sectionPassages(section)
		.filter((p) => !prose || section.blocks[p.blockIndex]?.type !== 'table')
		.flatMap((p) => {
			const block = section.blocks[p.blockIndex];
			const item = block?.type === 'list' ? block.items.find((i) => i.line === p.line) : undefined;
			return (nlp(p.text).sentences().out('array') as string[])
				.map((t) => t.trim())
				.filter((t) => t.length > 0 && p.text.includes(t))
				.map((text) => ({
					section,
					text,
					passage: p.text,
					...(item?.label ? { label: item.label } : {}),
					order: 0,
					inTable: block?.type === 'table'
				}));
		});
}

function quotesIn(sentence: Sentence): Quote[] {
	const doc = nlp(sentence.text);
	return (doc.quotations().out('array') as string[]).flatMap((raw) => {
		const marked = raw.trim();
		if (!sentence.text.includes(marked)) return [];
		const inner = marked.replace(QUOTE_MARK, '').replace(/[,\s]+$/u, '');
		if (inner.split(/\s+/).length < 3) return []; // a phrase in scare quotes, not a statement
		const speaker = speakerOf(sentence.text.replace(marked, ' '));
		if (!speaker) return [];
		const open = marked[0]!;
		const close = marked[marked.length - 1]!;
		return [{ sentence, marked, shown: `${open}${inner}${close}`, speaker }];
	});
}

type Doc = ReturnType<ReturnType<typeof nlp>['match']>;

/** The text a named capture group `[<name> …]` matched, or ''. */
function groupOf(match: Doc, name: string): string {
	if (!match.found) return '';
	const view = match.groups(name);
	return view && 'text' in view && typeof view.text === 'function' ? (view as Doc).text() : '';
}

function group(doc: Doc, pattern: string, name: string): string {
	return groupOf(doc.match(pattern), name);
}

/** The person or body a sentence says spoke, from the words outside the quote. */
export function speakerOf(rest: string): string | null {
	const doc = nlp(rest);
	const who = group(doc, `${SAYING} [<who>#Honorific? #ProperNoun+]`, 'who');
	if (who) return clean(who);
	const subject = group(doc, `[<who>#Honorific? #ProperNoun+] ${SAYING}`, 'who');
	if (subject) return clean(subject);
	const person = (doc.people().out('array') as string[])[0];
	if (person && doc.has(SAYING)) return clean(person);
	return null;
}

function figuresIn(sentence: Sentence): Figure[] {
	const doc = nlp(sentence.text);
	const seen = new Set<string>();
	return doc.numbers().fullPointer.flatMap((_, i): Figure[] => {
		const view = doc.numbers().eq(i);
		if (view.has('#Year') || view.has('#Date') || view.has('#Ordinal')) return [];
		const text = clean(view.text());
		const digits = DIGITS.exec(text)?.[0];
		if (!digits || seen.has(text) || !sentence.text.includes(text)) return [];
		seen.add(text);
		// A year ("2014 NATO", "the early 2000s") is a date, asked by the year rules.
		if (/^\d{4}$/.test(digits) && !/[%€$£]/.test(text)) return [];
		const value = (nlp(digits).numbers().get() as number[])[0];
		if (value === undefined || !Number.isFinite(value)) return [];
		const start = sentence.text.indexOf(text);
		const after = sentence.text.slice(start + text.length);
		const unit = unitOf(text, digits, after);
		if (!unit) return [];
		return [
			{
				sentence,
				text: text + unit.extra,
				digits,
				value,
				unit: unit.display,
				unitKey: unit.key,
				rounded: HEDGE_BEFORE.test(sentence.text.slice(0, start))
			}
		];
	});
}

/** What a figure counts: its symbol, magnitude and the noun that follows it. */
function unitOf(
	text: string,
	digits: string,
	after: string
): { display: string; key: string; extra: string } | null {
	const currency = Object.keys(CURRENCY).find((c) => text.includes(c));
	const magnitude = MAGNITUDE.exec(text)?.[1]?.toLowerCase();
	if (currency) {
		const display = [magnitude, CURRENCY[currency]].filter(Boolean).join(' ');
		return { display, key: `${currency}${magnitude ?? ''}`, extra: '' };
	}
	if (/%$/.test(text) || /^\s*(per ?cent)\b/i.test(after))
		return { display: '%', key: '%', extra: '' };
	// "6.4-kilometre": the unit is glued to the digits.
	const glued = text.slice(text.indexOf(digits) + digits.length).replace(/^-/, '');
	const nextWord = glued || /^\s+([\p{L}]+)/u.exec(after)?.[1] || '';
	const noun = nlp(nextWord);
	if (!/^\p{Ll}/u.test(nextWord) || !noun.has('#Noun') || noun.has('(#Pronoun|#ProperNoun)')) {
		return null;
	}
	const singular = (nlp(nextWord).nouns().toSingular().text() || nextWord).toLowerCase();
	return {
		display: [magnitude, glued ? singular + 's' : nextWord].filter(Boolean).join(' '),
		key: `${magnitude ?? ''}${singular}`,
		extra: glued ? '' : ` ${nextWord}`
	};
}

function yearsIn(sentence: Sentence): YearMention[] {
	const seen = new Set<number>();
	return (nlp(sentence.text).match('#Year').out('array') as string[]).flatMap((raw) => {
		const text = clean(raw);
		const year = Number(text);
		if (!/^\d{4}$/.test(text) || year < 1000 || year > 2100 || seen.has(year)) return [];
		seen.add(year);
		return [{ sentence, text, year }];
	});
}

/** "…, the finance department reported.": a body the text names, lower case, credited at the end. */
const TRAILING_CREDIT =
	/,\s+((?:the|a|an)\s+[\p{L}'’ -]{3,60}?)\s+(?:reported|said|estimated|announced|found|confirmed)\.?$/u;

const VAGUE_SUBJECTS =
	'(critics|observers|supporters|sceptics|skeptics|experts|analysts|officials|members|many|others|consensus)';
const VAGUE_VERBS = '(argue|say|says|believe|note|notes|claim|warn|fear|stress|suggest|point)';
const VAGUE_PERFECT = '(have|has) #Adverb? (noted|argued|said|warned|claimed|suggested)';

/** Whom the text credits for the sentence's claim: a named source, a vague one, or none. */
export function attributionOf(text: string, quote?: Quote): Attribution {
	const found = attributionIn(text, quote);
	return found.kind !== 'none' && found.claim && !readableClaim(found.claim)
		? { ...found, claim: null }
		: found;
}

/** A claim short enough to ask about, and one sentence ("…add nuance to it.They show…" is two). */
function readableClaim(claim: string): boolean {
	return claim.length <= 220 && !/[.!?]\p{Lu}/u.test(claim);
}

function attributionIn(text: string, quote?: Quote): Attribution {
	if (quote) return { kind: 'named', source: quote.speaker, claim: null };
	const doc = nlp(text);
	const according = /according to ((?:the )?[^,.;]+)/i.exec(text);
	if (according) {
		// "later surveys by the Geological Agency": the body is the source, not its surveys.
		const source = clean(according[1]!.replace(/^.*\bby\s+/i, ''));
		return { kind: 'named', source, claim: claimBesides(text, according.index, according[0]) };
	}
	const credit = TRAILING_CREDIT.exec(text);
	if (credit && credit.index > 20) {
		return { kind: 'named', source: credit[1]!, claim: text.slice(0, credit.index) };
	}
	const byWhom = doc.match(
		'(report|study|survey|review|analysis|surveys|studies) by [<src>the? #ProperNoun+ (of #ProperNoun+)?]'
	);
	const reportBy = clean(groupOf(byWhom, 'src'));
	if (reportBy) return { kind: 'named', source: reportBy, claim: thatClause(text) };
	const vague =
		doc
			.match(`(the|some|#ProperNoun|#Noun)? ${VAGUE_SUBJECTS} #Adverb? ${VAGUE_VERBS} out?`)
			.text() ||
		doc.match(`#ProperNoun? ${VAGUE_SUBJECTS} ${VAGUE_PERFECT}`).text() ||
		doc.match(`^#Determiner? #Adjective? #Plural #Adverb? ${VAGUE_VERBS} out?`).text() ||
		doc.match('it #Copula #Adverb? (believed|thought|said|considered|expected|argued)').text() ||
		doc.match('#Copula #Adverb? (thought|believed|considered|said) to').text() ||
		doc.match('what #Copula #Adverb? considered').text();
	if (vague) {
		const source = clean(vague);
		const after = text.startsWith(source) ? text.slice(source.length).trim() : '';
		return {
			kind: 'vague',
			source,
			claim: thatClause(text) ?? (after.length > 20 ? firstClause(after) : null)
		};
	}
	const named = doc.match(
		'[<src>the? (#ProperNoun|#Organization)+ (of #ProperNoun+)?] (reported|estimated|estimates|found|concluded|warned|says|said)'
	);
	const atWhom = doc.match(
		'(researchers|scientists) at [<src>the? #ProperNoun+ (of #ProperNoun+)?] (reported|found|estimated)'
	);
	const source = clean(groupOf(atWhom.found ? atWhom : named, 'src'));
	if (source && /\p{Lu}/u.test(source.replace(/^The /, ''))) {
		const claim = thatClause(text) ?? trailingClaim(text, source);
		return { kind: 'named', source: source.replace(/^The /, 'the '), claim };
	}
	return { kind: 'none' };
}

/** The claim once "according to X" is taken out, or null when it cannot be cut cleanly. */
function claimBesides(text: string, index: number, cue: string): string | null {
	if (index === 0) {
		// "According to Autonomy, a British research group, most companies…"
		let rest = text.slice(cue.length).replace(/^,\s*/, '');
		const appositive = /^(a|an|the)\s[^,]+,\s*/i.exec(rest);
		if (appositive) rest = rest.slice(appositive[0].length);
		return rest.length > 20 ? rest : null;
	}
	const before = text.slice(0, index).replace(/[,\s]+$/u, '');
	return before.length > 20 ? before : null;
}

/** "…below normal, researchers at X reported in 2016.": the claim is what precedes the credit. */
function trailingClaim(text: string, source: string): string | null {
	const at = text.indexOf(source);
	const comma = text.lastIndexOf(',', at);
	if (comma < 20) return null;
	return text.slice(0, comma);
}

/**
 * "the estimate is optimistic and point to…": the claim ends where the subject's second verb
 * begins ("they point" reads as a verb where "point" alone reads as a noun).
 */
function firstClause(text: string): string {
	for (const m of text.matchAll(/ and (\p{Ll}+)/gu)) {
		if (m.index > 20 && nlp(`they ${m[1]}`).match('they #Verb').found)
			return text.slice(0, m.index);
	}
	return text;
}

function thatClause(text: string): string | null {
	const at = text.search(/\bthat\s/);
	if (at < 0) return null;
	const rest = text.slice(at + 5);
	return rest.length > 20 ? rest : null;
}
