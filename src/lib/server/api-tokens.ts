import { randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { can, type Role } from '../access';
import { refuse, type Refusal } from '../refusal';
import { recordAudit } from './audit';
import { text } from './forms';
import { generateToken, hashToken } from './auth/token';
import { SESSION_USER_COLUMNS, type SessionUser } from './auth/session';
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

export type CreateTokenResult = { ok: true; id: string; token: string } | Refusal;

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
		return refuse(
			400,
			`You have ${MAX_API_TOKENS} tokens already: revoke one you no longer use first.`,
			'tokenName'
		);
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

/** Whether an account of `role` may hold tokens at all (a demoted teacher's stop working). */
export function roleKeepsApiTokens(role: Role): boolean {
	return can({ id: '', role, isGuest: false }, 'apiToken.manage');
}

/** Revokes every token of a person (a demotion; sessions ending revoke them too). */
export async function revokeUserApiTokens(db: Pick<Database, 'delete'>, userId: string) {
	await db.delete(apiTokens).where(eq(apiTokens.userId, userId));
}

/** A token as the admin's list shows it: whose, what, when made and last used; never the token. */
export interface AdminApiTokenSummary extends ApiTokenSummary {
	ownerId: string;
	ownerName: string;
	ownerLogin: string | null;
}

/** Every personal token on the site, newest first. */
export async function listAllApiTokens(db: Database, limit = 200): Promise<AdminApiTokenSummary[]> {
	const rows = await db
		.select({
			id: apiTokens.id,
			name: apiTokens.name,
			createdAt: apiTokens.createdAt,
			lastUsedAt: apiTokens.lastUsedAt,
			ownerId: users.id,
			ownerName: users.displayName,
			email: users.email,
			username: users.username
		})
		.from(apiTokens)
		.innerJoin(users, eq(users.id, apiTokens.userId))
		.orderBy(desc(apiTokens.createdAt))
		.limit(limit);
	return rows.map(({ email, username, ...r }) => ({ ...r, ownerLogin: email ?? username }));
}

/** An admin revokes anyone's token, recorded in the audit log; false when there is no such token. */
export async function revokeApiTokenAsAdmin(
	db: Database,
	admin: { id: string; displayName: string },
	tokenId: string
): Promise<boolean> {
	return db.transaction(async (tx) => {
		const [removed] = await tx
			.delete(apiTokens)
			.where(eq(apiTokens.id, tokenId))
			.returning({ id: apiTokens.id, userId: apiTokens.userId, name: apiTokens.name });
		if (!removed) return false;
		await recordAudit(tx, admin, {
			action: 'apiToken.revoke',
			targetType: 'apiToken',
			targetId: removed.id,
			details: { ownerId: removed.userId, name: removed.name }
		});
		return true;
	});
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
			user: { ...SESSION_USER_COLUMNS, disabledAt: users.disabledAt }
		})
		.from(apiTokens)
		.innerJoin(users, eq(users.id, apiTokens.userId))
		.where(eq(apiTokens.tokenHash, hashToken(token)));
	// A token outlives no demotion: an owner whose role may not hold tokens is not let in.
	if (!row || row.user.disabledAt || row.user.isGuest || !roleKeepsApiTokens(row.user.role))
		return null;
	if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= 60_000) {
		await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.tokenId));
	}
	const { disabledAt: _disabled, ...user } = row.user;
	return user;
}
