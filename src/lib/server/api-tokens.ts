import { randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { text } from './forms';
import { generateToken, hashToken } from './auth/token';
import type { SessionUser } from './auth/session';
import type { Database } from './db/client';
import { apiTokens, users } from './db/schema';

/** Every personal token starts with this, so a leaked one is recognisable in logs and scanners. */
export const API_TOKEN_PREFIX = 'lectern_';
/** A person needs a few tokens (a spreadsheet, a script), not hundreds. */
export const MAX_API_TOKENS = 20;

// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;

export const apiTokenNameSchema = z.object({
	tokenName: text('Token name', { max: 60 }).refine(
		(v) => !UNPRINTABLE.test(v),
		'The token name cannot contain control characters.'
	)
});

export const apiTokenIdSchema = z.object({ tokenId: z.uuid('Choose a token.') });

export interface ApiTokenSummary {
	id: string;
	name: string;
	createdAt: Date;
	lastUsedAt: Date | null;
}

export type CreateTokenResult =
	{ ok: true; id: string; token: string } | { ok: false; message: string };

/**
 * A new personal API token: 160 random bits, shown to its owner once; only its SHA-256 is
 * stored, as for sessions.
 */
export async function createApiToken(
	db: Database,
	userId: string,
	name: string
): Promise<CreateTokenResult> {
	const existing = await db
		.select({ id: apiTokens.id })
		.from(apiTokens)
		.where(eq(apiTokens.userId, userId));
	if (existing.length >= MAX_API_TOKENS) {
		return {
			ok: false,
			message: `You have ${MAX_API_TOKENS} tokens already: revoke one you no longer use first.`
		};
	}
	const token = API_TOKEN_PREFIX + generateToken();
	const id = randomUUID();
	await db.insert(apiTokens).values({ id, userId, name, tokenHash: hashToken(token) });
	return { ok: true, id, token };
}

export async function listApiTokens(db: Database, userId: string): Promise<ApiTokenSummary[]> {
	return db
		.select({
			id: apiTokens.id,
			name: apiTokens.name,
			createdAt: apiTokens.createdAt,
			lastUsedAt: apiTokens.lastUsedAt
		})
		.from(apiTokens)
		.where(eq(apiTokens.userId, userId))
		.orderBy(desc(apiTokens.createdAt));
}

/** Revokes one of the owner's tokens; someone else's token id changes nothing. */
export async function revokeApiToken(db: Database, userId: string, tokenId: string) {
	const removed = await db
		.delete(apiTokens)
		.where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId)))
		.returning({ id: apiTokens.id });
	return removed.length > 0;
}

/** The token of an `Authorization: Bearer <token>` header; null when there is no such header. */
export function bearerToken(header: string | null): string | null {
	const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
	return match ? match[1]! : null;
}

/**
 * The account a personal API token belongs to, or null for an unknown or revoked token or a
 * disabled account. Notes when the token was used (at most once a minute, to spare writes).
 */
export async function authenticateApiToken(
	db: Database,
	token: string,
	now = new Date()
): Promise<SessionUser | null> {
	if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 200) return null;
	const [row] = await db
		.select({
			tokenId: apiTokens.id,
			lastUsedAt: apiTokens.lastUsedAt,
			user: {
				id: users.id,
				email: users.email,
				username: users.username,
				displayName: users.displayName,
				role: users.role,
				isGuest: users.isGuest,
				mustChangePassword: users.mustChangePassword,
				suspendedUntil: users.suspendedUntil,
				createdAt: users.createdAt,
				disabledAt: users.disabledAt
			}
		})
		.from(apiTokens)
		.innerJoin(users, eq(users.id, apiTokens.userId))
		.where(eq(apiTokens.tokenHash, hashToken(token)));
	if (!row || row.user.disabledAt || row.user.isGuest) return null;
	if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= 60_000) {
		await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.tokenId));
	}
	const { disabledAt: _disabled, ...user } = row.user;
	return user;
}
