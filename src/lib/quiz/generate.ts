import type { Article, Section, TableBlock } from '../article/types';
import { hash53, hashHex, mulberry32, shuffled } from './random';
import { GENERATED_ID_PREFIX, MAX_ANSWER_LENGTH, type Question, type QuestionOf } from './schema';
import { normalizeAnswer } from './text';

/** A choice question offers the right value and at most this many others from its column. */
const MAX_DISTRACTORS = 3;
/** A matching question pairs at most this many rows, so it fits on one screen. */
const MAX_MATCHING_PAIRS = 6;
const INTERROGATIVE = /^(what|which|who|whom|whose|when|where|why|how)\b/i;

/**
 * Key-fact questions from every table of an article, so an article with no authored bank
 * still has a quiz. For each column after the first (the key column):
 * - one single-choice question per row: given the row's key, pick its value, the other
 *   options drawn from the same column;
 * - one matching question pairing rows' keys with their values.
 *
 * Unambiguous by construction: rows whose key is empty or repeated are left out, a column
 * whose values are not all distinct (ignoring case and punctuation) or whose header is
 * empty or repeated is not asked, empty cells are never asked or offered. Deterministic:
 * ids hash the section slug, table index, row key and column header, so the same article
 * always yields the same questions with the same ids.
 */
export function generateTableQuestions(article: Article): Question[] {
	return article.sections.flatMap((section) =>
		section.blocks
			.filter((b): b is TableBlock => b.type === 'table')
			.flatMap((table, tableIndex) => tableQuestions(section, table, tableIndex))
	);
}

interface Row {
	key: string;
	value: string;
}

function tableQuestions(section: Section, table: TableBlock, tableIndex: number): Question[] {
	const keyCounts = countBy(table.rows.map((r) => r[0] ?? ''));
	const keyed = table.rows.filter(
		(r) => r[0] && r[0].length <= MAX_ANSWER_LENGTH && keyCounts.get(normalizeAnswer(r[0])) === 1
	);
	const headerCounts = countBy(table.header);

	return table.header.flatMap((header, column) => {
		if (column === 0 || !header || headerCounts.get(normalizeAnswer(header))! > 1) return [];
		const values = table.rows.map((r) => r[column] ?? '').filter(Boolean);
		if (new Set(values.map(normalizeAnswer)).size !== values.length) return [];
		// A value too long to offer as an option cannot be asked or used as a distractor.
		if (values.some((v) => v.length > MAX_ANSWER_LENGTH)) return [];
		const rows: Row[] = keyed
			.filter((r) => r[column])
			.map((r) => ({ key: r[0]!, value: r[column]! }));
		const ask = { section, table, tableIndex, header };
		return [
			...rows.flatMap((row) => choiceQuestion(ask, row, values)),
			...matchingQuestion(ask, rows)
		];
	});
}

interface Ask {
	section: Section;
	table: TableBlock;
	tableIndex: number;
	header: string;
}

function choiceQuestion(ask: Ask, row: Row, columnValues: string[]): QuestionOf<'single'>[] {
	const others = columnValues.filter((v) => v !== row.value);
	if (others.length === 0) return [];
	const id = generatedId(ask, row.key);
	const picked = new Set(shuffled(others, mulberry32(hash53(id))).slice(0, MAX_DISTRACTORS));
	return [
		{
			id,
			type: 'single',
			text: choicePrompt(ask, row.key),
			// Table order; the learner sees them shuffled per attempt.
			options: columnValues.filter((v) => v === row.value || picked.has(v)),
			answer: row.value,
			explanation:
				`In the table in “${ask.section.title}”, the row “${row.key}” gives “${row.value}” under “${ask.header}”. ` +
				'A table states claims compactly, but they are still the article’s claims: look for the source it gives before treating one as fact.',
			evidence: { section: ask.section.slug, quote: row.key }
		}
	];
}

function matchingQuestion(ask: Ask, rows: Row[]): QuestionOf<'matching'>[] {
	const pairs = rows.slice(0, MAX_MATCHING_PAIRS);
	if (pairs.length < 2) return [];
	const keyHeader = ask.table.header[0];
	return [
		{
			id: generatedId(ask, ''),
			type: 'matching',
			text: `According to the article’s table in “${ask.section.title}”, match each ${keyHeader ? `“${keyHeader}”` : 'row'} to its entry under “${ask.header}”.`,
			pairs: pairs.map((r) => ({ left: r.key, right: r.value })),
			explanation:
				`Each row of the table in “${ask.section.title}” pairs ${keyHeader ? `a “${keyHeader}”` : 'a row'} with its entry under “${ask.header}”: read across the row. ` +
				'These are the article’s claims as its table states them, not established facts.',
			evidence: { section: ask.section.slug, quote: pairs[0]!.key }
		}
	];
}

/** Asks for the article's entry, never for "the" fact: the table is a claim. */
function choicePrompt(ask: Ask, key: string): string {
	const where = `According to the table in “${ask.section.title}”`;
	if (INTERROGATIVE.test(ask.header)) {
		return `${where}, which entry does the article give under “${ask.header}” for “${key}”?`;
	}
	return `${where}, what ${lowerCommonWords(ask.header)} does the article give for “${key}”?`;
}

/** "Core Message" → "core message", but "NATO role" keeps its acronym. */
function lowerCommonWords(text: string): string {
	return text.replace(/\p{L}+/gu, (w) => (/^\p{Lu}\p{Ll}*$/u.test(w) ? w.toLowerCase() : w));
}

/** An empty `rowKey` names the column's matching question. */
function generatedId(ask: Ask, rowKey: string): string {
	const kind = rowKey ? 'choice' : 'matching';
	return GENERATED_ID_PREFIX + hashHex(kind, ask.section.slug, ask.tableIndex, rowKey, ask.header);
}

function countBy(texts: string[]): Map<string, number> {
	const counts = new Map<string, number>();
	for (const t of texts) counts.set(normalizeAnswer(t), (counts.get(normalizeAnswer(t)) ?? 0) + 1);
	return counts;
}
