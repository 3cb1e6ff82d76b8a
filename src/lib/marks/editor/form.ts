/**
 * The source-marks editor's forms, as zod schemas (the only way its input enters): a mark's
 * fields (kind, source, speaker, note, provenance), a new mark with its quote, an edit of a
 * contradiction, and a link between two passages. The quote itself is checked against the
 * module's text by the server (`checkQuote`), which holds the text. Pure: no I/O.
 */
import { z } from 'zod';
import { markKinds, type MarkKind } from '../claims';

/** What an editor calls each kind of mark, and what it says of the passage. */
export const KIND_LABELS: Record<MarkKind, { name: string; hint: string }> = {
	named: { name: 'Named source', hint: 'The text names who or what it comes from.' },
	vague: { name: 'Vague source', hint: 'A source the reader cannot check ("experts say").' },
	none: { name: 'No source', hint: 'Stated as fact, with no source given.' },
	article: { name: "The article's own view", hint: 'Advice, or the article speaking of itself.' }
};

export const LIMITS = { source: 200, speaker: 200, note: 1000, subject: 200, label: 80 } as const;

export const MARK_MESSAGES = {
	kind: 'Choose what the text gives as the source.',
	source: 'A named source needs its name: who or what the text credits.',
	subject: 'Say what both passages speak of.',
	note: 'Write a note for readers: how the two passages disagree.',
	sectionB: 'Choose the module of the second passage.',
	samePassage: 'Choose two different passages: a passage cannot disagree with itself.',
	quote: 'Choose the passage: select it in the module text, or paste it here.',
	quoteB: 'Paste passage B from its module, word for word.',
	mark: 'Choose a mark.',
	contradiction: 'Choose a link.',
	long: (label: string, max: number) => `${label} can be at most ${max} characters.`
} as const;

/** An optional text: trimmed, absent or blank → null. */
const optional = (label: string, max: number) =>
	z
		.string()
		.optional()
		.transform((v) => v?.trim() ?? '')
		.pipe(z.string().max(max, MARK_MESSAGES.long(label, max)))
		.transform((v) => (v === '' ? null : v));

/** A required text: trimmed, with the message a person acts on when it is missing. */
const required = (missing: string, label: string, max: number) =>
	z
		.string({ error: missing })
		.transform((v) => v.trim())
		.pipe(z.string().min(1, missing).max(max, MARK_MESSAGES.long(label, max)));

/**
 * A quote as typed or taken from a selection, asked for with the rest of the form; whether it
 * stands word for word in its module is the server's to check (it holds the text).
 */
const quote = (missing: string) =>
	z
		.string({ error: missing })
		.transform((v) => v.trim())
		.pipe(z.string().min(1, missing));

const checkbox = z
	.enum(['on', 'true', '1'], { error: 'Tick the box or leave it empty.' })
	.optional()
	.transform((v) => v !== undefined);

const id = (message: string) =>
	z.string({ error: message }).trim().min(1, message).max(200, message);

const markFieldsObject = z.object({
	kind: z.enum(markKinds, { error: MARK_MESSAGES.kind }),
	source: optional('The source', LIMITS.source),
	speaker: optional('The speaker', LIMITS.speaker),
	note: optional('The note', LIMITS.note).transform((v) => v ?? ''),
	provenance: checkbox
});

const needsSource = <T extends { kind: MarkKind; source: string | null }>(fields: T) =>
	fields.kind !== 'named' || fields.source !== null;
const sourceIssue = { message: MARK_MESSAGES.source, path: ['source'] };

/** A correction of one mark: which mark, and its fields. */
export const correctMarkSchema = markFieldsObject
	.extend({ mark: id(MARK_MESSAGES.mark) })
	.refine(needsSource, sourceIssue);

/** A mark a person adds: its quote (checked against the module by the server) and fields. */
export const newMarkSchema = markFieldsObject
	.extend({ quote: quote(MARK_MESSAGES.quote) })
	.refine(needsSource, sourceIssue);

/** What a mark says of its passage, as the editor writes it. */
export type MarkFields = z.output<typeof markFieldsObject>;

/** An action on one mark of the list. */
export const markIdSchema = z.object({ mark: id(MARK_MESSAGES.mark) });

/** An action on one contradiction of the list. */
export const contradictionIdSchema = z.object({ contradiction: id(MARK_MESSAGES.contradiction) });

const linkWords = {
	subject: required(MARK_MESSAGES.subject, 'The subject', LIMITS.subject),
	note: required(MARK_MESSAGES.note, 'The note', LIMITS.note)
};

/** An edit of a contradiction's subject and note (saving it confirms the link). */
export const editContradictionSchema = z.object({
	contradiction: id(MARK_MESSAGES.contradiction),
	...linkWords
});

/**
 * Two passages linked as disagreeing: passage A on this module, passage B on a module the
 * editor chooses (this one or another), each with an optional label ("the tower's height").
 */
export const linkSchema = z.object({
	quoteA: quote(MARK_MESSAGES.quote),
	labelA: optional('The label', LIMITS.label),
	sectionB: id(MARK_MESSAGES.sectionB),
	quoteB: quote(MARK_MESSAGES.quoteB),
	labelB: optional('The label', LIMITS.label),
	...linkWords
});
export type LinkFields = z.output<typeof linkSchema>;

/** A refused form's values as the page fills them back in (text fields only; never ids). */
export function echoValues(
	form: { get(name: string): FormDataEntryValue | null },
	names: readonly string[]
): Record<string, string> {
	const values: Record<string, string> = {};
	for (const name of names) {
		const value = form.get(name);
		if (typeof value === 'string') values[name] = value.slice(0, 4000);
	}
	return values;
}
