import { describe, expect, it } from 'vitest';
import { isRefusal, refuse } from './refusal';

describe('refuse', () => {
	it('says why, with the status to answer with', () => {
		expect(refuse(404, 'No such thing.')).toEqual({
			ok: false,
			status: 404,
			message: 'No such thing.'
		});
	});

	it('names the field the message belongs beside', () => {
		expect(refuse(400, 'Too long.', 'name')).toEqual({
			ok: false,
			status: 400,
			message: 'Too long.',
			field: 'name'
		});
	});
});

describe('isRefusal', () => {
	it('tells a refusal from a success or anything else', () => {
		expect(isRefusal(refuse(409, 'Taken.'))).toBe(true);
		expect(isRefusal({ ok: true })).toBe(false);
		expect(isRefusal({ ok: false })).toBe(false);
		expect(isRefusal(null)).toBe(false);
		expect(isRefusal({ id: 'u1', role: 'teacher', isGuest: false })).toBe(false);
	});
});
