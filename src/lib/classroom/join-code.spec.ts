import { describe, expect, it } from 'vitest';
import {
	JOIN_CODE_ALPHABET,
	formatJoinCode,
	generateJoinCode,
	joinCodeSchema,
	normalizeJoinCode
} from './index';
import type { RandomBytes } from './random';

/** A random source that hands out `bytes` in order, then keeps repeating the last one. */
function scripted(bytes: number[]): RandomBytes & { asked: number[] } {
	let next = 0;
	const source = (count: number) => {
		source.asked.push(count);
		return Uint8Array.from({ length: count }, () => bytes[Math.min(next++, bytes.length - 1)]!);
	};
	source.asked = [] as number[];
	return source;
}

describe('the join-code alphabet', () => {
	it('has no look-alike characters', () => {
		for (const lookAlike of '0OQ1IL725SZ8BGV') {
			expect(JOIN_CODE_ALPHABET).not.toContain(lookAlike);
		}
	});

	it('lists each character once, upper-case letters and digits only', () => {
		expect(new Set(JOIN_CODE_ALPHABET).size).toBe(JOIN_CODE_ALPHABET.length);
		expect(JOIN_CODE_ALPHABET).toMatch(/^[A-Z0-9]+$/);
		expect(JOIN_CODE_ALPHABET).toHaveLength(21);
	});
});

describe('generateJoinCode', () => {
	it('makes 8 characters from the alphabet using the crypto generator by default', () => {
		const codes = Array.from({ length: 200 }, () => generateJoinCode());
		for (const code of codes) expect(code).toMatch(/^[ACDEFHJKMNPRTUWXY3469]{8}$/);
		expect(new Set(codes).size).toBeGreaterThan(195);
	});

	it('maps an accepted byte to the character at byte mod 21', () => {
		const code = generateJoinCode(scripted([0, 1, 20, 21, 22, 41, 42, 251]));
		const a = JOIN_CODE_ALPHABET;
		expect(code).toBe(a[0]! + a[1] + a[20] + a[0] + a[1] + a[20] + a[0] + a[251 % 21]);
	});

	it('discards bytes 252–255, which would favour the first four characters', () => {
		const source = scripted([252, 253, 254, 255, 3, 3, 3, 3, 3, 3, 3, 3]);
		expect(generateJoinCode(source)).toBe(JOIN_CODE_ALPHABET[3]!.repeat(8));
		// Four bytes of the first eight were discarded, so four more were asked for.
		expect(source.asked).toEqual([8, 4]);
	});

	it('is uniform: every accepted byte value gives each character equally often', () => {
		const counts = new Map<string, number>();
		const everyByte = Array.from({ length: 256 }, (_, i) => i);
		let offset = 0;
		const source: RandomBytes = (count) => {
			const bytes = Uint8Array.from({ length: count }, (_, i) => everyByte[(offset + i) % 256]!);
			offset += count;
			return bytes;
		};
		// 32 codes of 8 characters use exactly the 252 accepted bytes once each, plus 4 more.
		const text = Array.from({ length: 32 }, () => generateJoinCode(source)).join('');
		for (const ch of text.slice(0, 252)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
		expect([...counts.keys()].sort()).toEqual([...JOIN_CODE_ALPHABET].sort());
		expect(new Set(counts.values())).toEqual(new Set([12]));
	});

	it('fails loudly on a random source that never gives a usable byte', () => {
		expect(() => generateJoinCode(scripted([255]))).toThrow(/random source/);
	});
});

describe('normalizeJoinCode', () => {
	it('trims, upper-cases and drops spaces and dashes', () => {
		expect(normalizeJoinCode('  acde-fhjk ')).toBe('ACDEFHJK');
		expect(normalizeJoinCode('ac de\tfh jk')).toBe('ACDEFHJK');
		expect(normalizeJoinCode('ACDE–FHJK')).toBe('ACDEFHJK');
	});

	it('reads back a code printed by formatJoinCode', () => {
		expect(formatJoinCode('ACDEFHJK')).toBe('ACDE-FHJK');
		expect(normalizeJoinCode(formatJoinCode('ACDEFHJK'))).toBe('ACDEFHJK');
	});
});

describe('joinCodeSchema', () => {
	const messages = (input: unknown) =>
		joinCodeSchema.safeParse(input).error?.issues.map((i) => i.message) ?? [];

	it('accepts a code however it was typed and gives its normal form', () => {
		expect(joinCodeSchema.parse(' acde-fhjk ')).toBe('ACDEFHJK');
	});

	it('asks for a code when none is given', () => {
		expect(messages('')[0]).toBe('Enter the join code your teacher gave you');
		expect(messages(undefined)[0]).toBe('Enter the join code your teacher gave you');
	});

	it('says a code has 8 characters when it is too short or too long', () => {
		expect(messages('ACDE')).toEqual(['A join code has 8 characters']);
		expect(messages('ACDEFHJKM')).toEqual(['A join code has 8 characters']);
		expect(messages('A'.repeat(10_000))).toEqual(['A join code has 8 characters']);
	});

	it('rejects look-alike characters rather than guessing', () => {
		expect(messages('ACDE0HJK')).toEqual([
			'That is not a join code: check for letters such as O or I, which codes never use'
		]);
	});
});
