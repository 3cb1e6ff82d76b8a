import { describe, expect, it } from 'vitest';
import { isCommonPassword, newPasswordSchema } from './password-policy';
import { hashPassword, verifyPassword } from './password';

const ok = (p: string) => newPasswordSchema.safeParse(p).success;
const message = (p: string) => newPasswordSchema.safeParse(p).error?.issues[0]?.message;

describe('password rules', () => {
	it('accepts 8 to 256 characters of anything, spaces and any script included', () => {
		expect(ok('correct horse')).toBe(true);
		expect(ok('пароль на русском')).toBe(true);
		expect(ok('🦊🦊🦊🦊🦊🦊🦊🦊')).toBe(true); // 8 characters, 16 UTF-16 units
		expect(ok('x'.repeat(256))).toBe(true);
		expect(ok('ab cd ef gh')).toBe(true);
	});
	it('refuses fewer than 8 characters, counting characters rather than bytes', () => {
		expect(message('short')).toBe('Use at least 8 characters.');
		expect(ok('🦊🦊🦊🦊')).toBe(false);
	});
	it('refuses more than 256 characters instead of truncating', () => {
		expect(message('y'.repeat(257))).toBe('Use at most 256 characters.');
	});
	it('has no composition rules', () => {
		expect(ok('alllowercaseletters')).toBe(true);
		expect(ok('293847561029')).toBe(true);
	});
	it('refuses the most common passwords, whatever their case', () => {
		expect(isCommonPassword('password')).toBe(true);
		expect(isCommonPassword('PASSWORD1')).toBe(true);
		expect(isCommonPassword('qwertyuiop')).toBe(true);
		expect(message('12345678')).toMatch(/most common/);
		expect(ok('iloveyou')).toBe(false);
	});
});

describe('password hashing', () => {
	it('uses argon2id and verifies only the right password, in full', async () => {
		const long = 'a'.repeat(200) + 'tail-that-matters';
		const stored = await hashPassword(long);
		expect(stored.startsWith('$argon2id$')).toBe(true);
		expect(await verifyPassword(stored, long)).toBe(true);
		expect(await verifyPassword(stored, 'a'.repeat(200) + 'tail-that-differs')).toBe(false);
		expect(await verifyPassword('not a hash', long)).toBe(false);
	});
});
