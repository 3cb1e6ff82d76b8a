import nlp from 'compromise';
import type { Article, Section, TableBlock } from '../article/types';
import { sectionPassages } from './evidence';
import { hash53, hashHex, mulberry32, shuffled } from './random';
import { GENERATED_ID_PREFIX, MAX_ANSWER_LENGTH, type Question, type QuestionOf } from './schema';
import { normalizeAnswer } from './text';

/** A choice question offers the right value and at most this many others from its column. */
const MAX_DISTRACTORS = 3;
/** A matching question pairs at most this many rows, so it fits on one screen. */
const MAX_MATCHING_PAIRS = 6;
/** A column asks about at most this many rows: a long table should not flood the drafts. */
const MAX_ROWS_ASKED = 12;
/**
 * A matching offers its right-hand values in a drop-down beside each row; longer values
 * (whole sentences) read badly there, so a column of them is asked one row at a time.
 */
const MAX_MATCHING_VALUE_LENGTH = 80;
/** The option a source question offers for a row whose source cell is empty. */
export const NO_SOURCE_OPTION = 'None: the table names no source for it';

const INTERROGATIVE = /^(what|which|who|whom|whose|when|where|why|how)\b/i;
/** Headers that name where a row's claim comes from. */
const SOURCE_HEADER =
	/^(sources?|body|bodies|who|outlets?|according to|attributed to|attribution|said by|speakers?|reported by|cited by|issued by|published by|publishers?|authors?|by|provenance|claimed by|named source)\b/i;
/** Words that mark a figure as rounded by the text itself. */
const APPROXIMATE =
	/^(about|around|roughly|approximately|approx\.|nearly|almost|some|circa|c\.|ca\.|~|≈)$/i;
/**
 * One figure filling a whole cell: an optional rounding word, an optional currency sign, the
 * number (English grouping: "1,200"), an optional scale word and an optional short unit.
 * "2001-2008", "early 2000s" or "2 (est.)" are not figures, so their column stays a text column.
 */
const FIGURE =
	/^(?:(about|around|roughly|approximately|approx\.|nearly|almost|some|circa|c\.|ca\.|~|≈)\s*)?([$£€¥])?\s*([+\-−]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?))\s*(thousand|million|billion|trillion|bn)?\s*(%|[\p{L}°µ][\p{L}°²³µ/]*(?:[ -][\p{L}][\p{L}²³/]*)?)?$/iu;
/** Sentences that say where a section's material comes from, wherever they stand in it. */
const STRONG_SOURCE_CUE =
	/\b(according to|sources?\s*[:–—-]|data\s*[:–—-]|figures\s*[:–—-]|compiled (?:by|from)|based on|drawn from|taken from|obtained by|published by|reported by|verified by|(?:figures|data|numbers|counts|results) (?:come|are|were) (?:from|taken from|drawn from))/i;
/** Weaker cues ("…, the finance department reported."), trusted only just before the table. */
const WEAK_SOURCE_CUE = /\b(reported|estimated|calculated|found|published|released)\b/i;
const YEAR_HEADER = /\b(year|born|founded|established|opened|died|since|began|started|built)\b/i;

/**
 * Key-fact questions from every table of an article. Since issue 12 they are drafts a
 * teacher accepts, edits or discards (a bank may also suppress one by id). Every value
 * column (each column after the first, the key column) is asked about in ONE form, so no
 * fact is asked twice:
 * - a source-like column ("Source", "Body", "Who", "Outlet", "According to"…): one single
 *   choice per row, "According to the article’s table in …, which source does it give for
 *   …?", the options the column's other sources (deduplicated) plus "None: the table names
 *   no source for it", which is the answer where the row's source cell is empty. Reading a table critically
 *   means asking who stands behind each row, and noticing the rows nobody stands behind.
 * - a figure column (every cell one number with the same unit, "95", "61%", "€130 million",
 *   "about 400", "-2"): one numeric question per row, "How many moons…" where the header
 *   counts something ("Moons", "Number of…", "How many…?", "Count" of "120 people"),
 *   "Which year…" for a year column ("Founded", "Year"), otherwise "What share…"; exact, or
 *   ± half the last rounded place where the text itself rounds ("about 400" accepts
 *   350–450). Typing a figure asks more of the reader than picking it from a list, and
 *   figures make poor distractors for one another (the nearest is guessable by size).
 * - any other column with distinct, short values (at most 80 characters) in at least two
 *   rows: one matching pairing each row's key with its value (up to 6 rows a question; a
 *   longer column is split into balanced parts, each row in exactly one part). A matching
 *   asks the whole column at once; single choices per row would offer the same options row
 *   after row, each answer giving away the others (with two rows, one answer IS the other).
 *   This is also the form for two-row columns.
 * - any other column (values repeat, or are sentences too long for a drop-down): one single
 *   choice per row, the distractors the column's other values, deduplicated and never
 *   reading the same as the answer. A matching cannot repeat a right-hand value (the bank
 *   schema refuses it), so a column like "Region: Europe, Europe, Asia" is asked this way.
 *
 * At most 12 rows of a column are asked, so a long table does not flood a teacher's drafts.
 * Unambiguous by construction: rows whose key is empty or repeated are left out, a header
 * that is empty or repeated is not asked, an empty cell is never asked (except as "no
 * source") or offered, and a column with nothing to choose between is not asked. Prompts
 * always attribute ("the article’s table"), explanations name the source the section gives
 * for its table, or say that it gives none. The evidence quote is the answer's own cell
 * (for a matching, the column's header cell), as long as that quote leads the reader to
 * that cell; otherwise the row's key cell. Deterministic: ids hash the section slug, table
 * index, row key and column header, so the same article always yields the same ids.
 */
export function generateTableQuestions(article: Article): Question[] {
	return article.sections.flatMap((section) => {
		const tables = section.blocks.flatMap((block, blockIndex) =>
			block.type === 'table' ? [{ table: block, blockIndex }] : []
		);
		return tables.flatMap(({ table, blockIndex }, tableIndex) =>
			tableQuestions({
				section,
				table,
				tableIndex,
				blockIndex,
				label: tableLabel(section, tableIndex, tables.length),
				source: statedSource(section, blockIndex)
			})
		);
	});
}

interface Table {
	section: Section;
	table: TableBlock;
	/** Index among the section's tables (part of every id). */
	tableIndex: number;
	/** Index among the section's blocks (where evidence must lead). */
	blockIndex: number;
	/** "the article’s table in “Capitals”". */
	label: string;
	/** The sentence in which the section says where its table comes from, if any. */
	source: string | null;
}

interface Ask extends Table {
	header: string;
	column: number;
	/** The table's (first) source-like column, when it has one and it is not the column asked. */
	sourceColumn: number | null;
	/** How many source-like columns the table has. */
	sourceColumns: number;
}

interface Row {
	key: string;
	value: string;
	/** Index in `table.rows`. */
	index: number;
}

function tableQuestions(t: Table): Question[] {
	const { table } = t;
	const keyCounts = countBy(table.rows.map((r) => r[0] ?? ''));
	const keyed = table.rows
		.map((cells, index) => ({ cells, index }))
		.filter(
			({ cells }) =>
				cells[0] &&
				cells[0].length <= MAX_ANSWER_LENGTH &&
				keyCounts.get(normalizeAnswer(cells[0])) === 1
		);
	const headerCounts = countBy(table.header);
	const sourceColumn = table.header.findIndex((h, c) => c > 0 && SOURCE_HEADER.test(h.trim()));

	return table.header.flatMap((header, column): Question[] => {
		if (column === 0 || !header.trim() || headerCounts.get(normalizeAnswer(header))! > 1) return [];
		const values = table.rows.map((r) => r[column] ?? '').filter(Boolean);
		// A value too long to offer as an option cannot be asked or used as a distractor.
		if (values.length === 0 || values.some((v) => v.length > MAX_ANSWER_LENGTH)) return [];
		const rows: Row[] = keyed
			.map(({ cells, index }) => ({ key: cells[0]!, value: cells[column] ?? '', index }))
			.slice(0, MAX_ROWS_ASKED);
		const ask: Ask = {
			...t,
			header: header.trim(),
			column,
			sourceColumn: sourceColumn > 0 && sourceColumn !== column ? sourceColumn : null,
			sourceColumns: table.header.filter((h, c) => c > 0 && SOURCE_HEADER.test(h.trim())).length
		};
		if (SOURCE_HEADER.test(ask.header)) return sourceQuestions(ask, rows, values);
		const figures = figureColumn(values);
		if (figures) return figureQuestions(ask, rows, figures);
		const asked = rows.filter((r) => r.value);
		const distinct = new Set(asked.map((r) => normalizeAnswer(r.value))).size === asked.length;
		if (
			distinct &&
			asked.length >= 2 &&
			asked.every((r) => r.value.length <= MAX_MATCHING_VALUE_LENGTH)
		) {
			return matchingQuestions(ask, asked);
		}
		return asked.flatMap((row) => choiceQuestion(ask, row, values));
	});
}

// ---------------------------------------------------------------------------------------
// Source columns

function sourceQuestions(ask: Ask, rows: Row[], values: string[]): QuestionOf<'single'>[] {
	const named = distinctValues(values);
	// Every row has the same source and none is empty: nothing to choose between.
	if (named.length < 2 && rows.every((r) => r.value)) return [];
	return rows.map((row) => {
		const id = generatedId('choice', ask, row.key);
		const answer = row.value || NO_SOURCE_OPTION;
		const others = named.filter((v) => normalizeAnswer(v) !== normalizeAnswer(answer));
		const picked = pick(others, id, MAX_DISTRACTORS);
		const found = row.value
			? `${capitalize(ask.label)} credits ${quoted(row.key)} to ${quoted(row.value)}, under “${ask.header}”.`
			: `${capitalize(ask.label)} leaves “${ask.header}” empty for ${quoted(row.key)}: it names no source for that row, so the reader has nothing to check it against.`;
		return {
			id,
			type: 'single' as const,
			// Two source columns ("Who", "Body") would otherwise ask the same question twice.
			text: `According to ${ask.label}, which source does it give for ${quoted(row.key)}${ask.sourceColumns > 1 ? ` under “${ask.header}”` : ''}?`,
			// Table order, "none" last; the learner sees them shuffled per attempt.
			options: [
				...named
					.filter((v) => normalizeAnswer(v) === normalizeAnswer(answer) || picked.has(v))
					.map((v) => (normalizeAnswer(v) === normalizeAnswer(answer) ? answer : v)),
				NO_SOURCE_OPTION
			],
			answer,
			explanation: [found, sectionSourceNote(ask)].join(' '),
			evidence: evidence(ask, row, row.value ? ask.column : 0)
		};
	});
}

// ---------------------------------------------------------------------------------------
// Figure columns

interface Figure {
	value: number;
	/** "%", "€ million", "km"; empty when the cell is a bare number. */
	unit: string;
	/** Half the last rounded place when the cell says it rounds ("about 400" → 50), else 0. */
	tolerance: number;
}

/** Reads a whole column as figures sharing one unit, or null when it is not one. */
function figureColumn(values: string[]): Figure[] | null {
	const figures = values.map(readFigure);
	if (figures.some((f) => f === null)) return null;
	const units = new Set(figures.map((f) => f!.unit.toLowerCase()));
	return units.size === 1 ? (figures as Figure[]) : null;
}

/** "about 1,200 km" → { value: 1200, unit: "km", tolerance: 50 }; null when not one figure. */
export function readFigure(cell: string): Figure | null {
	const m = FIGURE.exec(cell.trim());
	if (!m) return null;
	const [, approx, currency, digits, scale, unit] = m;
	const plain = digits!.replace(/,/g, '').replace('−', '-');
	const value = Number(plain);
	if (!Number.isFinite(value)) return null;
	let tolerance = 0;
	if (approx && APPROXIMATE.test(approx)) {
		const [whole, fraction] = plain.replace(/^[+-]/, '').split('.');
		const place = fraction
			? 10 ** -fraction.length
			: 10 ** (whole!.length - whole!.replace(/0+$/, '').length || 0);
		tolerance = place / 2;
	}
	const unitText = [currency, scale, unit].filter(Boolean).join(' ');
	return { value, unit: unitText, tolerance };
}

function figureQuestions(ask: Ask, rows: Row[], figures: Figure[]): QuestionOf<'numeric'>[] {
	const headerUnit = /\(([^)]{1,20})\)\s*$/.exec(ask.header)?.[1]?.trim();
	const unit = figures[0]!.unit || headerUnit || '';
	const years =
		!unit &&
		(YEAR_HEADER.test(ask.header) || /^(date|when)\b/i.test(ask.header)) &&
		figures.every((f) => Number.isInteger(f.value) && f.value >= 1000 && f.value <= 2100);
	return rows
		.filter((r) => r.value)
		.map((row) => {
			const figure = readFigure(row.value)!;
			const id = generatedId('numeric', ask, row.key);
			const rounding =
				figure.tolerance > 0
					? ` The table rounds (“${row.value}”), so any answer within ± ${figure.tolerance} counts.`
					: '';
			return {
				id,
				type: 'numeric' as const,
				text: figurePrompt(ask, row.key, unit, years),
				answer: figure.value,
				tolerance: figure.tolerance,
				...(unit ? { unit } : {}),
				explanation:
					`${capitalize(ask.label)} gives ${quoted(row.value)} for ${quoted(row.key)} under “${ask.header}”.` +
					rounding +
					rowSourceNote(ask, row) +
					' ' +
					sectionSourceNote(ask),
				evidence: evidence(ask, row, ask.column)
			};
		});
}

function figurePrompt(ask: Ask, key: string, unit: string, years: boolean): string {
	const header = ask.header.replace(/\s*\([^)]*\)\s*$/, '').trim();
	const where = `According to ${ask.label},`;
	const tail = `does it give for ${quoted(key)}`;
	const counted =
		/^(?:number|no\.|count|total) of (.+)$/i.exec(header)?.[1] ??
		/^how many (.+?)\??$/i.exec(header)?.[1] ??
		// "Count: 12 people" counts what its unit names.
		(/^(number|no\.?|count|total)$/i.test(header) && isPlural(unit) ? unit : undefined);
	if (counted) return `${where} how many ${lowerCommonWords(counted)} ${tail}?`;
	if (years) {
		return /^year$/i.test(header)
			? `${where} which year ${tail}?`
			: `${where} which year ${tail} under “${header}”?`;
	}
	if (nounish(header)) {
		// "Moons" counts moons; "Share" or "Amount" is a quantity, shown with its unit.
		if (!unit && isPlural(header)) return `${where} how many ${lowerCommonWords(header)} ${tail}?`;
		return `${where} what ${lowerCommonWords(header)} ${tail}?`;
	}
	return `${where} what figure ${tail} under “${ask.header}”?`;
}

// ---------------------------------------------------------------------------------------
// Text columns

function matchingQuestions(ask: Ask, rows: Row[]): QuestionOf<'matching'>[] {
	const parts = Math.ceil(rows.length / MAX_MATCHING_PAIRS);
	const size = Math.ceil(rows.length / parts);
	const keyHeader = (ask.table.header[0] ?? '').trim();
	const keyNoun = nounish(keyHeader) ? singular(keyHeader) : '';
	const each = keyNoun ? `each ${keyNoun}` : 'each row';
	// "the … in the same row": no pronoun to get wrong when the keys are people.
	const to = nounish(ask.header)
		? `the ${lowerCommonWords(ask.header)} in the same row`
		: `the entry under “${ask.header}” in the same row`;
	const withWhat = nounish(ask.header)
		? isPlural(ask.header)
			? `the ${lowerCommonWords(ask.header)}`
			: withArticle(lowerCommonWords(ask.header))
		: `an entry under “${ask.header}”`;
	return Array.from({ length: parts }, (_, part) => {
		const pairs = rows.slice(part * size, (part + 1) * size);
		const which = parts > 1 ? ` (part ${part + 1} of ${parts})` : '';
		return {
			// The first part keeps the id the column's one matching always had.
			id: generatedId('matching', ask, part === 0 ? '' : `part ${part + 1}`),
			type: 'matching' as const,
			text: `According to ${ask.label}, match ${each} with ${to}${which}.`,
			pairs: pairs.map((r) => ({ left: r.key, right: r.value })),
			explanation:
				`${capitalize(ask.label)} gives ${withWhat} for ${each}: read across the row. ` +
				sectionSourceNote(ask),
			evidence: columnEvidence(ask, pairs[0]!)
		};
	});
}

function choiceQuestion(ask: Ask, row: Row, columnValues: string[]): QuestionOf<'single'>[] {
	const answerKey = normalizeAnswer(row.value);
	const others = distinctValues(columnValues).filter((v) => normalizeAnswer(v) !== answerKey);
	if (others.length === 0) return [];
	const id = generatedId('choice', ask, row.key);
	const picked = pick(others, id, MAX_DISTRACTORS);
	const options = [row.value, ...others.filter((v) => picked.has(v))];
	// Table order; the learner sees them shuffled per attempt.
	const order = (v: string) =>
		columnValues.findIndex((c) => normalizeAnswer(c) === normalizeAnswer(v));
	options.sort((a, b) => order(a) - order(b));
	return [
		{
			id,
			type: 'single',
			text: choicePrompt(ask, row.key),
			options,
			answer: row.value,
			explanation:
				`${capitalize(ask.label)} gives ${quoted(row.value)} for ${quoted(row.key)} under “${ask.header}”.` +
				rowSourceNote(ask, row) +
				' ' +
				sectionSourceNote(ask),
			evidence: evidence(ask, row, ask.column)
		}
	];
}

/** Asks for the article's entry, never for "the" fact: the table is a claim. */
function choicePrompt(ask: Ask, key: string): string {
	if (nounish(ask.header)) {
		return `According to ${ask.label}, what ${lowerCommonWords(ask.header)} does it give for ${quoted(key)}?`;
	}
	return `According to ${ask.label}, what does it give under “${ask.header}” for ${quoted(key)}?`;
}

// ---------------------------------------------------------------------------------------
// Sources, evidence, wording

/**
 * The sentence in which a section says where its material comes from ("Source – …",
 * "…, according to the statistics office."): a strong cue anywhere in the section's prose,
 * the nearest to the table first, or a weak one ("…, the department reported.") in the
 * paragraph just before the table. Verbatim, so the explanation quotes the article.
 */
export function statedSource(section: Section, tableBlockIndex: number): string | null {
	const passages = sectionPassages(section).filter(
		(p) => section.blocks[p.blockIndex]!.type !== 'table'
	);
	const distance = (i: number) =>
		i < tableBlockIndex ? tableBlockIndex - i : i - tableBlockIndex + 0.5;
	const byNearness = [...passages].sort((a, b) => distance(a.blockIndex) - distance(b.blockIndex));
	for (const passage of byNearness) {
		const sentence = sentences(passage.text).find((s) => STRONG_SOURCE_CUE.test(s));
		if (sentence) return sentence;
	}
	const before = passages.filter((p) => p.blockIndex === tableBlockIndex - 1).at(-1);
	if (before) {
		const sentence = sentences(before.text).find((s) => WEAK_SOURCE_CUE.test(s));
		if (sentence) return sentence;
	}
	return null;
}

/** compromise's sentences, kept only where they stand verbatim in the passage. */
function sentences(text: string): string[] {
	const split = (nlp(text).sentences().out('array') as string[]).map((s) => s.trim());
	return split.every((s) => text.includes(s)) ? split : [text];
}

function sectionSourceNote(ask: Ask): string {
	if (!ask.source) {
		return 'The section gives no source for this table, so read its rows as the article’s claims, not as established facts.';
	}
	const quote = ask.source.length > 400 ? `${ask.source.slice(0, 400).trimEnd()}…` : ask.source;
	return `For the table’s source, the section says: “${quote}” Check who stands behind a claim before treating it as fact.`;
}

function rowSourceNote(ask: Ask, row: Row): string {
	if (ask.sourceColumn === null) return '';
	const header = ask.table.header[ask.sourceColumn]!.trim();
	const source = ask.table.rows[row.index]?.[ask.sourceColumn] ?? '';
	return source
		? ` The table credits this row to ${quoted(source)} (under “${header}”).`
		: ` The table names no source for this row (its “${header}” cell is empty).`;
}

/**
 * The answer's own cell as evidence when the first passage holding its text is that cell
 * (so the reader is led to the right row); otherwise the row's key cell; otherwise the
 * answer's text anyway, which still stands verbatim in the section.
 */
function evidence(ask: Ask, row: Row, column: number) {
	const line = ask.table.line + row.index + 2;
	const cells = [column, 0].map((c) => ask.table.rows[row.index]?.[c] ?? '').filter(Boolean);
	const quote = cells.find((cell) => leadsTo(ask, cell, line)) ?? cells[0]!;
	return { section: ask.section.slug, quote };
}

/** A matching's evidence: its column's header cell, or failing that its first value's cell. */
function columnEvidence(ask: Ask, first: Row) {
	if (leadsTo(ask, ask.header, ask.table.line)) {
		return { section: ask.section.slug, quote: ask.header };
	}
	return evidence(ask, first, ask.column);
}

function leadsTo(ask: Ask, quote: string, line: number): boolean {
	const found = sectionPassages(ask.section).find((p) => p.text.includes(quote));
	return found?.blockIndex === ask.blockIndex && found.line === line;
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth'];

function tableLabel(section: Section, tableIndex: number, tableCount: number): string {
	const which =
		tableCount === 1 ? 'table' : `${ORDINALS[tableIndex] ?? `number ${tableIndex + 1}`} table`;
	return `the article’s ${which} in “${section.title}”`;
}

/**
 * A header a prompt may use as a noun ("what timeframe…", "each country"): a short phrase,
 * not a question or a sentence, that does not end on a preposition, particle, adverb or
 * past participle ("Made in", "Leader since", "Founded"), which would read as garble.
 */
function nounish(header: string): boolean {
	if (
		header.length === 0 ||
		header.split(/\s+/).length > 4 ||
		INTERROGATIVE.test(header) ||
		!/^[\p{L}][\p{L}\p{N} ’'&-]*$/u.test(header)
	)
		return false;
	const last = nlp(`the ${header.toLowerCase()}`).terms().last();
	return last.has('#Noun') || !last.has('(#Preposition|#Particle|#Adverb|#PastTense|#Conjunction)');
}

/** Whether a header's last word is a plural noun ("Seats", "Registered voters"). */
function isPlural(header: string): boolean {
	const last = header.trim().split(/\s+/).at(-1)!.toLowerCase();
	// Read as a noun phrase: on its own "Seats" could be a verb.
	return last !== '' && nlp(`the ${last}`).has('#Plural') && !/ss$/.test(last);
}

/** "Countries" → "country", "Date" → "date", "NATO members" → "NATO member". */
function singular(header: string): string {
	const lowered = lowerCommonWords(header);
	if (!isPlural(header)) return lowered;
	const words = lowered.split(' ');
	const noun = nlp(`the ${words.at(-1)!}`)
		.nouns()
		.toSingular()
		.text();
	const last = noun.replace(/^the /i, '') || words.at(-1)!;
	return [...words.slice(0, -1), last].join(' ');
}

/** A cell in curly quotes, unless the author already quoted it. */
function quoted(text: string): string {
	return /^[“"‘].*[”"’]$/su.test(text) ? text : `“${text}”`;
}

/**
 * "a timeframe", "an outlet", "an hour", "a university", "an MP", "a NATO summit": by the
 * sound of the first word. An acronym of up to three letters is spelled out (its first
 * letter's name decides); a longer one with a vowel is read as a word.
 */
export function withArticle(phrase: string): string {
	const word = phrase.split(/\s+/)[0] ?? '';
	const spelled = /^\p{Lu}{2,3}$/u.test(word) || (/^\p{Lu}+$/u.test(word) && !/[AEIOU]/.test(word));
	const vowelSound = spelled
		? /^[AEFHILMNORSX]/.test(word)
		: /^(hour|honest|honou?r|heir)/i.test(word) ||
			(/^[aeiou]/i.test(word) && !/^(uni|use|usu|uti|eu|one|once|ur[aeiou])/i.test(word));
	return `${vowelSound ? 'an' : 'a'} ${phrase}`;
}

/** "Core Message" → "core message", but "NATO role" keeps its acronym. */
function lowerCommonWords(text: string): string {
	return text.replace(/\p{L}+/gu, (w) => (/^\p{Lu}\p{Ll}*$/u.test(w) ? w.toLowerCase() : w));
}

function capitalize(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A column's values, each reading once (first spelling kept), in table order. */
function distinctValues(values: string[]): string[] {
	const seen = new Set<string>();
	return values.filter((v) => {
		const key = normalizeAnswer(v);
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}

function pick(values: string[], id: string, count: number): Set<string> {
	return new Set(shuffled(values, mulberry32(hash53(id))).slice(0, count));
}

/**
 * Ids are `table-` + a hash of the form ("choice" for a single choice, "matching",
 * "numeric"), section slug, table index, row key (or matching part) and column header.
 * A single choice and a matching keep the ids earlier versions gave them.
 */
function generatedId(kind: 'choice' | 'matching' | 'numeric', ask: Ask, rowKey: string): string {
	return GENERATED_ID_PREFIX + hashHex(kind, ask.section.slug, ask.tableIndex, rowKey, ask.header);
}

function countBy(texts: string[]): Map<string, number> {
	const counts = new Map<string, number>();
	for (const t of texts) counts.set(normalizeAnswer(t), (counts.get(normalizeAnswer(t)) ?? 0) + 1);
	return counts;
}
