// Pieces both exports share: positions for ordering questions, numbers without exponents,
// and the guard that keeps a new question type from vanishing from an export.
import type { Question } from '../schema';

/** Options both exports take. */
export interface ExportOptions {
	/** The category the questions are grouped under (e.g. the article's title). */
	title?: string;
}

/** The note both exports attach to an ordering question, which neither format has as such. */
export const ORDERING_NOTE = 'ordering exported as matching';

/** "1st", "2nd", "3rd", "4th" … "11th", "12th", "13th", "21st". */
export function ordinal(position: number): string {
	const tens = position % 100;
	const suffix =
		tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][position % 10] ?? 'th');
	return `${position}${suffix}`;
}

/** An ordering question's items paired with their positions: the matching both formats export. */
export function orderingPairs(items: readonly string[]): { left: string; right: string }[] {
	return items.map((item, i) => ({ left: item, right: ordinal(i + 1) }));
}

/**
 * A finite number as plain decimal digits (`1e-7` → `0.0000001`, `1e21` → `1000000000000000000000`):
 * GIFT readers accept no exponent. Throws on NaN and infinities, which neither format can carry.
 */
export function decimal(n: number): string {
	if (!Number.isFinite(n)) throw new Error(`cannot export the number ${n}`);
	const text = String(n);
	const match = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
	if (!match) return text;
	const [, sign, whole, fraction = '', exp] = match;
	const digits = whole! + fraction;
	const point = whole!.length + Number(exp);
	if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
	if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
	return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** The question's text as both exports show it: a numeric question's unit is said in the text. */
export function stemText(q: Question): string {
	return q.type === 'numeric' && q.unit !== undefined ? `${q.text} (unit: ${q.unit})` : q.text;
}

/** Each right answer's share of a multiple question's credit, in percent (sums to 100). */
export function multipleWeight(rightCount: number): number {
	// Five decimals: Moodle accepts 33.33333 for a third, 14.28571 for a seventh.
	return Number((100 / rightCount).toFixed(5));
}

/** Called in a `switch` over every type: a new type fails the build here, and the export at run time. */
export function unknownType(q: never): never {
	throw new Error(`cannot export a question of type "${(q as { type?: unknown }).type}"`);
}

/** Line breaks as "\n", whatever the source used. */
export function unixNewlines(text: string): string {
	return text.replace(/\r\n?/g, '\n');
}

/** A short answer with its asterisks kept literal: Moodle reads a bare `*` as a wildcard. */
export function literalAsterisks(answer: string): string {
	return answer.replace(/\*/g, '\\*');
}
