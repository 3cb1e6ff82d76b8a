import { describe, expect, it } from 'vitest';
import { SESSION_LIFETIME_MS, generateToken, hashToken, slideExpiry } from './token';

const DAY = 24 * 60 * 60 * 1000;

describe('session tokens', () => {
	it('carry at least 120 bits of randomness and differ every time', () => {
		const tokens = new Set(Array.from({ length: 1000 }, generateToken));
		expect(tokens.size).toBe(1000);
		for (const token of tokens) {
			expect(token).toMatch(/^[a-z2-7]{32}$/); // 20 bytes = 160 bits in base32
		}
	});

	it('are stored only as their SHA-256', () => {
		expect(hashToken('abc')).toBe(
			'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
		);
		const token = generateToken();
		expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
		expect(hashToken(token)).not.toContain(token);
	});
});

describe('sliding expiry', () => {
	const now = new Date('2026-01-01T00:00:00Z');
	it('keeps a session with more than 15 days left as it is', () => {
		expect(slideExpiry(new Date(now.getTime() + 20 * DAY), now)).toEqual({ state: 'valid' });
		expect(slideExpiry(new Date(now.getTime() + 15 * DAY), now)).toEqual({ state: 'valid' });
	});
	it('renews a session under 15 days from expiry to a fresh 30 days', () => {
		const result = slideExpiry(new Date(now.getTime() + 15 * DAY - 1), now);
		expect(result).toEqual({
			state: 'renew',
			expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS)
		});
	});
	it('rejects a session at or past its expiry', () => {
		expect(slideExpiry(now, now)).toEqual({ state: 'expired' });
		expect(slideExpiry(new Date(now.getTime() - 1), now)).toEqual({ state: 'expired' });
	});
});
