import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { refuse } from '../refusal';
import { checkbox, cleanForm, parseForm, refused, text } from './forms';

const form = (entries: [string, string][]) => {
	const data = new FormData();
	for (const [k, v] of entries) data.append(k, v);
	return data;
};

describe('parseForm', () => {
	const schema = z.object({ name: text('Name', { max: 5 }), agree: checkbox });

	it('trims text and reads an unticked checkbox as false', () => {
		expect(parseForm(schema, form([['name', '  Ann ']]))).toEqual({
			ok: true,
			data: { name: 'Ann', agree: false }
		});
	});
	it('reads a ticked checkbox as true', () => {
		expect(
			parseForm(
				schema,
				form([
					['name', 'Ann'],
					['agree', 'on']
				])
			)
		).toEqual({ ok: true, data: { name: 'Ann', agree: true } });
	});
	it('gives one readable message per field', () => {
		const result = parseForm(
			schema,
			form([
				['name', 'Annabelle'],
				['agree', 'maybe']
			])
		);
		expect(result).toEqual({
			ok: false,
			errors: {
				name: 'Name can be at most 5 characters.',
				agree: 'Tick the box or leave it empty.'
			}
		});
	});
	it('says a missing field is required', () => {
		expect(parseForm(schema, form([]))).toEqual({
			ok: false,
			errors: { name: 'Name is required.' }
		});
	});
});

describe('text with NUL in it', () => {
	const schema = z.object({ note: text('Note', { max: 50 }), tags: z.array(z.string()) });

	it('reaches the schema with every NUL turned into U+FFFD, so nothing stored is cut short', () => {
		const result = parseForm(
			schema,
			form([
				['note', 'before\u0000after\u0000'],
				['tags', 'a\u0000'],
				['tags', '\u0000b']
			])
		);
		expect(result).toEqual({
			ok: true,
			data: { note: 'before\uFFFDafter\uFFFD', tags: ['a\uFFFD', '\uFFFDb'] }
		});
	});
	it('is cleaned for every action by cleanForm, files left as they are', async () => {
		const data = form([['reason', 'spam\u0000hidden']]);
		data.append('file', new Blob(['a\u0000b']), 'x.txt');
		const clean = cleanForm(data);
		expect(clean.get('reason')).toBe('spam\uFFFDhidden');
		expect(await (clean.get('file') as File).text()).toBe('a\u0000b');
	});
});

describe('field names from the sender', () => {
	const schema = z.object({ name: text('Name', { max: 20 }) });

	it.each(['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString'])(
		'treats %s as a field like any other (no prototype is touched)',
		(key) => {
			const result = parseForm(
				schema,
				form([
					['name', 'Ann'],
					[key, 'a'],
					[key, 'b']
				])
			);
			expect(result).toEqual({ ok: true, data: { name: 'Ann' } });
			expect(Object.getPrototypeOf({})).toBe(Object.prototype);
			expect(({} as Record<string, unknown>).a).toBeUndefined();
		}
	);
	it('reads a schema field named constructor from the form, not from Object.prototype', () => {
		const named = z.object({ constructor: z.string({ error: 'Say who built it.' }) });
		expect(parseForm(named, form([]))).toEqual({
			ok: false,
			errors: { constructor: 'Say who built it.' }
		});
		expect(parseForm(named, form([['constructor', 'Ada']]))).toEqual({
			ok: true,
			data: { constructor: 'Ada' }
		});
	});
	it('does not let a repeated __proto__ become the prototype of what the schema reads', () => {
		const loose = z.looseObject({ name: z.string().optional() });
		const result = parseForm(
			loose,
			form([
				['__proto__', 'a'],
				['__proto__', 'b']
			])
		);
		expect(result.ok).toBe(true);
		if (result.ok) expect(Object.getPrototypeOf(result.data)).toBe(Object.prototype);
		if (result.ok) expect(result.data.length).toBeUndefined();
	});
});

describe('refused', () => {
	it("answers with the refusal's status and its message beside the form", () => {
		const answer = refused(refuse(409, 'Already done.'));
		expect(answer.status).toBe(409);
		expect(answer.data).toEqual({ errors: { form: 'Already done.' } });
	});

	it('puts the message beside its field and keeps what the page needs to refill the form', () => {
		const answer = refused(refuse(400, 'Taken.', 'email'), { values: { email: 'a@b.c' } });
		expect(answer.status).toBe(400);
		expect(answer.data).toEqual({ errors: { email: 'Taken.' }, values: { email: 'a@b.c' } });
	});
});
