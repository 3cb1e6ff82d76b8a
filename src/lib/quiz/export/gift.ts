// GIFT, Moodle's plain-text question format (docs.moodle.org/en/GIFT_format): one block per
// question, blank lines between them, answers in braces after the question text.
import type { Question } from '../schema';
import {
	ORDERING_NOTE,
	decimal,
	literalAsterisks,
	multipleWeight,
	orderingPairs,
	stemText,
	unixNewlines,
	unknownType,
	type ExportOptions
} from './shared';

/** Zero-width word joiner: splits an "->" that would otherwise end a matching item early. */
const JOINER = '\u2060';

/** Text with GIFT's control characters escaped and line breaks written as `\n`, on one line. */
export function escapeGift(text: string): string {
	return unixNewlines(text)
		.replace(/[\\~=#{}:]/g, (c) => `\\${c}`)
		.replace(/\n/g, '\\n');
}

/**
 * Escaped answer text. A text that begins like a format marker ("[html]…") gets an explicit
 * `[plain]` before it, so readers take the marker as text.
 */
function answerText(text: string): string {
	const escaped = escapeGift(text);
	return /^\[(html|markdown|plain|moodle)\]/i.test(text) ? `[plain]${escaped}` : escaped;
}

/**
 * Where "->" must not stand (a matching item, a short answer: Moodle would read it as the
 * matching arrow), a word joiner goes between the two characters.
 */
function breakArrows(text: string): string {
	return text.replace(/->/g, `-${JOINER}>`);
}

/** A comment line: one line, and no `[id:…]`/`[tag:…]` that readers would take as metadata. */
function comment(text: string): string {
	const oneLine = unixNewlines(text).replace(/\n/g, '\\n');
	return `// ${oneLine.replace(/\[(id|tag):/gi, '[ $1:')}`;
}

/** A category path: Moodle splits on "/", and reads "//" as one slash in a name. */
function categoryPath(title: string): string {
	return unixNewlines(title).replace(/\n+/g, ' ').trim().replace(/\//g, '//');
}

/**
 * A text that starts with "%" would be read as an answer weight ("%50%…"): an explicit weight
 * goes before it. (After "=" in a choice question Moodle reads no weight, so a right answer of
 * a single question needs none; gift-pegjs, which reads one there, is the exception.)
 */
function weighted(text: string, weight: number): string {
	return text.startsWith('%') ? `%${weight}%` : '';
}

function answerLines(q: Question): string[] {
	switch (q.type) {
		case 'single':
			return q.options.map((o) =>
				o === q.answer ? `=${answerText(o)}` : `~${weighted(o, 0)}${answerText(o)}`
			);
		case 'multiple': {
			const right = new Set(q.answers);
			const weight = multipleWeight(q.answers.length);
			return q.options.map((o) => `~%${right.has(o) ? weight : -100}%${answerText(o)}`);
		}
		case 'truefalse':
			return [q.answer ? 'T' : 'F'];
		case 'matching':
			return q.pairs.map((p) => `=${answerText(breakArrows(p.left))} -> ${escapeGift(p.right)}`);
		case 'ordering':
			return orderingPairs(q.items).map(
				(p) => `=${answerText(breakArrows(p.left))} -> ${escapeGift(p.right)}`
			);
		case 'short':
			return q.accepted.map(
				(a) => `=${weighted(a, 100)}${answerText(breakArrows(literalAsterisks(a)))}`
			);
		case 'numeric':
			return [`#${decimal(q.answer)}:${decimal(q.tolerance)}`];
		default:
			return unknownType(q);
	}
}

function questionBlock(q: Question): string {
	const lines = [comment(`evidence: ${q.evidence.section}: "${q.evidence.quote}"`)];
	if (q.type === 'ordering') lines.push(comment(ORDERING_NOTE));
	lines.push(`::${escapeGift(q.id)}::[plain]${escapeGift(stemText(q))} {`);
	for (const answer of answerLines(q)) lines.push(`\t${answer}`);
	lines.push(`\t####${escapeGift(q.explanation)}`);
	lines.push('}');
	return lines.join('\n');
}

/**
 * The questions as GIFT, every one of them, in the order given; under `$CATEGORY: <title>`
 * when a title is given. Each question is titled with its id, carries its explanation as
 * general feedback and its evidence in a comment. Ordering, which GIFT lacks, is exported as
 * matching each item to its position ("1st", "2nd", …). Throws on a type it does not know.
 */
export function toGift(questions: readonly Question[], options: ExportOptions = {}): string {
	const blocks: string[] = [];
	if (options.title !== undefined && options.title.trim() !== '')
		blocks.push(`$CATEGORY: ${categoryPath(options.title)}`);
	for (const q of questions) blocks.push(questionBlock(q));
	return blocks.join('\n\n') + '\n';
}
