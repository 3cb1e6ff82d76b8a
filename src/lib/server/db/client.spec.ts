import { describe, expect, it } from 'vitest';
import { preparedPer } from './client';

describe('preparedPer', () => {
	it('builds a query once per database it runs on, and one for each other database', () => {
		const built: object[] = [];
		const lookup = preparedPer((db: { name: string }) => {
			const query = { on: db.name };
			built.push(query);
			return query;
		});
		const a = { name: 'a' };
		const b = { name: 'b' };
		const first = lookup(a);
		expect(lookup(a)).toBe(first);
		expect(lookup(a)).toBe(first);
		const other = lookup(b);
		expect(other).not.toBe(first);
		expect(other).toEqual({ on: 'b' });
		expect(built).toHaveLength(2);
	});
});
