import { describe, expect, it } from 'vitest';
import { RecentlyUsed } from './recently-used';

describe('RecentlyUsed', () => {
	it('keeps at most its limit, letting go of the entry used longest ago', () => {
		const kept = new RecentlyUsed<string, number>(2);
		kept.set('a', 1);
		kept.set('b', 2);
		expect(kept.get('a')).toBe(1); // a is now more recent than b
		kept.set('c', 3);
		expect(kept.size).toBe(2);
		expect(kept.get('b')).toBeUndefined();
		expect(kept.get('a')).toBe(1);
		expect(kept.get('c')).toBe(3);
	});

	it('replaces a value set again, which becomes the most recent', () => {
		const kept = new RecentlyUsed<string, number>(2);
		kept.set('a', 1);
		kept.set('b', 2);
		kept.set('a', 10);
		kept.set('c', 3);
		expect(kept.get('a')).toBe(10);
		expect(kept.get('b')).toBeUndefined();
		expect(kept.size).toBe(2);
	});

	it('keeps falsy values and tells them from a miss', () => {
		const kept = new RecentlyUsed<string, number | null>(3);
		kept.set('zero', 0);
		kept.set('null', null);
		expect(kept.get('zero')).toBe(0);
		expect(kept.get('null')).toBeNull();
		expect(kept.get('missing')).toBeUndefined();
	});

	it('refuses a limit under one', () => {
		expect(() => new RecentlyUsed(0)).toThrow(RangeError);
		expect(() => new RecentlyUsed(Number.NaN)).toThrow(RangeError);
	});
});
