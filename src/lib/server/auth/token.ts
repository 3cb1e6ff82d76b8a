import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

/** Session lifetime, and the remaining time under which a used session is renewed. */
export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
export const SESSION_RENEW_BELOW_MS = 15 * 24 * 60 * 60 * 1000;

/** 20 random bytes (160 bits), base32: what the browser holds. */
export function generateToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

/** What the database holds: the SHA-256 of the token, hex. */
export function hashToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export type Expiry =
	{ state: 'expired' } | { state: 'valid' } | { state: 'renew'; expiresAt: Date };

/** Sliding expiry: expired, still valid, or valid and due for a fresh 30 days. */
export function slideExpiry(expiresAt: Date, now: Date): Expiry {
	const left = expiresAt.getTime() - now.getTime();
	if (left <= 0) return { state: 'expired' };
	if (left < SESSION_RENEW_BELOW_MS)
		return { state: 'renew', expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS) };
	return { state: 'valid' };
}
