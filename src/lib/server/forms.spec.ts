import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkbox, parseForm, text } from './forms';

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
