import { describe, expect, it } from 'vitest';
import { scorePercent } from './score';

describe('scorePercent', () => {
	it('is the share of the maximum in percent, unrounded', () => {
		expect(scorePercent(1, 3)).toBeCloseTo(33.333, 3);
		expect(scorePercent(3, 4)).toBe(75);
		expect(scorePercent(4, 4)).toBe(100);
	});

	it('is 0 for a quiz worth nothing or not yet scored', () => {
		expect(scorePercent(0, 0)).toBe(0);
		expect(scorePercent(null, null)).toBe(0);
		expect(scorePercent(2, null)).toBe(0);
	});

	it('counts a missing score against a maximum as no points', () => {
		expect(scorePercent(null, 5)).toBe(0);
	});
});

describe('scorePercent at a half', () => {
	it('lands exactly on the half, so rounding to show it goes up', () => {
		expect(scorePercent(29, 200)).toBe(14.5);
		expect(Math.round(scorePercent(29, 200))).toBe(15);
	});
});
