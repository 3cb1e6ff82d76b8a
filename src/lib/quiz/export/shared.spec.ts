import { describe, expect, it } from 'vitest';
import { decimal, literalAsterisks, multipleWeight, ordinal, orderingPairs } from './shared';

describe('ordinal', () => {
	it('names positions as English ordinals, teens included', () => {
		const names = [1, 2, 3, 4, 8, 11, 12, 13, 21, 22, 23, 101, 111].map(ordinal);
		expect(names).toEqual([
			'1st',
			'2nd',
			'3rd',
			'4th',
			'8th',
			'11th',
			'12th',
			'13th',
			'21st',
			'22nd',
			'23rd',
			'101st',
			'111th'
		]);
	});

	it('pairs ordering items with their positions, in order', () => {
		expect(orderingPairs(['b', 'a'])).toEqual([
			{ left: 'b', right: '1st' },
			{ left: 'a', right: '2nd' }
		]);
	});
});

describe('decimal', () => {
	it('writes numbers without exponents, the same value they were', () => {
		const cases: [number, string][] = [
			[0, '0'],
			[123.5, '123.5'],
			[-7, '-7'],
			[1e-7, '0.0000001'],
			[-1.25e-5, '-0.0000125'],
			[1e21, '1000000000000000000000'],
			[1.5e22, '15000000000000000000000'],
			[-2.345e25, '-23450000000000000000000000']
		];
		for (const [n, text] of cases) {
			expect(decimal(n)).toBe(text);
			expect(Number(decimal(n))).toBe(n);
			expect(decimal(n)).toMatch(/^-?\d+(\.\d+)?$/);
		}
	});

	it('refuses what neither format can hold', () => {
		expect(() => decimal(Number.NaN)).toThrow();
		expect(() => decimal(Number.POSITIVE_INFINITY)).toThrow();
	});
});

describe('multipleWeight', () => {
	// Moodle imports only these fractions (its grade options); anything else fails the import.
	const moodleFractions = [
		1, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2,
		0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05
	];

	it('splits 100 among up to 8 right answers in shares Moodle accepts', () => {
		for (let k = 1; k <= 8; k++) {
			const weight = multipleWeight(k);
			expect(weight * k).toBeCloseTo(100, 3);
			expect(
				moodleFractions.some((f) => Math.abs(f - weight / 100) < 0.00001),
				`${k}`
			).toBe(true);
		}
	});
});

describe('literalAsterisks', () => {
	it('escapes asterisks, which Moodle would read as wildcards', () => {
		expect(literalAsterisks('a*b**')).toBe('a\\*b\\*\\*');
	});
});
