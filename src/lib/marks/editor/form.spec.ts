import { describe, expect, it } from 'vitest';
import {
	correctMarkSchema,
	echoValues,
	editContradictionSchema,
	linkSchema,
	MARK_MESSAGES,
	markIdSchema,
	newMarkSchema
} from './form';
import { markValues } from './values';

const issues = (result: {
	success: boolean;
	error?: { issues: { path: PropertyKey[]; message: string }[] };
}) =>
	Object.fromEntries(
		(result.error?.issues ?? []).map((i) => [String(i.path[0] ?? 'form'), i.message])
	);

describe('a correction of a mark', () => {
	it('reads the fields, trimmed, blank ones as absent and the box as ticked or not', () => {
		const parsed = correctMarkSchema.parse({
			mark: ' m1 ',
			kind: 'vague',
			source: '  experts ',
			speaker: '  ',
			note: ' A hedge. ',
			provenance: 'on'
		});
		expect(parsed).toEqual({
			mark: 'm1',
			kind: 'vague',
			source: 'experts',
			speaker: null,
			note: 'A hedge.',
			provenance: true
		});
		expect(correctMarkSchema.parse({ mark: 'm1', kind: 'none' })).toMatchObject({
			source: null,
			note: '',
			provenance: false
		});
	});

	it('asks a named source for its name, beside the source field', () => {
		const result = correctMarkSchema.safeParse({ mark: 'm1', kind: 'named', source: ' ' });
		expect(issues(result)).toEqual({ source: MARK_MESSAGES.source });
	});

	it('refuses a kind it does not know, and an over-long note, with messages a person acts on', () => {
		const result = correctMarkSchema.safeParse({
			mark: 'm1',
			kind: 'rumour',
			note: 'x'.repeat(1001)
		});
		expect(issues(result)).toEqual({
			kind: MARK_MESSAGES.kind,
			note: 'The note can be at most 1000 characters.'
		});
	});

	it('needs the mark it corrects', () => {
		expect(issues(markIdSchema.safeParse({}))).toEqual({ mark: MARK_MESSAGES.mark });
		expect(issues(markIdSchema.safeParse({ mark: 'x'.repeat(201) }))).toEqual({
			mark: MARK_MESSAGES.mark
		});
	});
});

describe('a new mark', () => {
	it('keeps its quote as typed, trimmed (the server checks it against the text)', () => {
		const parsed = newMarkSchema.parse({ quote: ' the light was automated ', kind: 'none' });
		expect(parsed.quote).toBe('the light was automated');
	});

	it('asks for its passage with the other fields, not after them', () => {
		const result = newMarkSchema.safeParse({ quote: '  ', kind: 'named' });
		expect(issues(result)).toEqual({ quote: MARK_MESSAGES.quote, source: MARK_MESSAGES.source });
	});
});

describe('a link between two passages', () => {
	const link = {
		quoteA: 'first lit in 1872',
		sectionB: 'the-restoration',
		quoteB: 'Work began in 2021',
		subject: 'the dates',
		note: 'The two passages give different years.'
	};

	it('reads both passages, labels optional', () => {
		expect(linkSchema.parse(link)).toEqual({ ...link, labelA: null, labelB: null });
		expect(linkSchema.parse({ ...link, labelA: ' first ' }).labelA).toBe('first');
	});

	it('needs a subject and a note, each with its own message', () => {
		const result = linkSchema.safeParse({ ...link, subject: '  ', note: undefined });
		expect(issues(result)).toEqual({ subject: MARK_MESSAGES.subject, note: MARK_MESSAGES.note });
		const edit = editContradictionSchema.safeParse({ contradiction: 'c1', subject: 'x', note: '' });
		expect(issues(edit)).toEqual({ note: MARK_MESSAGES.note });
	});

	it('asks for both passages, each beside its own field', () => {
		expect(issues(linkSchema.safeParse({ ...link, quoteA: '', quoteB: undefined }))).toEqual({
			quoteA: MARK_MESSAGES.quote,
			quoteB: MARK_MESSAGES.quoteB
		});
	});

	it('needs the module of passage B', () => {
		expect(issues(linkSchema.safeParse({ ...link, sectionB: '' }))).toEqual({
			sectionB: MARK_MESSAGES.sectionB
		});
	});
});

describe('values that fill the forms in', () => {
	it('echoes only the named text fields of a refused form, cut to a sane length', () => {
		const form = new FormData();
		form.set('note', 'n'.repeat(5000));
		form.set('mark', 'an-id');
		form.set('file', new Blob(['x']));
		expect(echoValues(form, ['note', 'file', 'speaker'])).toEqual({ note: 'n'.repeat(4000) });
	});

	it('gives a stored mark as the values of its correction form', () => {
		expect(
			markValues({ kind: 'named', source: 'the agency', speaker: null, note: '', provenance: true })
		).toEqual({ kind: 'named', source: 'the agency', speaker: '', note: '', provenance: 'on' });
	});
});
