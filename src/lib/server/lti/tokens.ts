// One-time tokens for LTI (see `ltiTokens`): 160 random bits in the URL or form, only the
// SHA-256 stored, consumed by a single UPDATE so two uses cannot both succeed.
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import { generateToken, hashToken } from '../auth/token';
import type { Executor } from '../db/client';
import { ltiLogins, ltiTokens } from '../db/schema';

type Purpose = (typeof ltiTokens.$inferSelect)['purpose'];

export async function issueToken(
	db: Executor,
	purpose: Purpose,
	data: Record<string, unknown>,
	{ userId = null, lifetimeMs }: { userId?: string | null; lifetimeMs: number },
	now = new Date()
): Promise<string> {
	const token = generateToken();
	await db.insert(ltiTokens).values({
		id: hashToken(token),
		purpose,
		userId,
		data,
		expiresAt: new Date(now.getTime() + lifetimeMs)
	});
	return token;
}

function live(token: string, purpose: Purpose, now: Date) {
	return and(
		eq(ltiTokens.id, hashToken(token)),
		eq(ltiTokens.purpose, purpose),
		isNull(ltiTokens.usedAt),
		gt(ltiTokens.expiresAt, now)
	);
}

/** A live token's row, without using it up (a page that shows what a form will do). */
export async function peekToken(db: Executor, token: string, purpose: Purpose, now = new Date()) {
	if (!token) return undefined;
	const [row] = await db
		.select()
		.from(ltiTokens)
		.where(live(token, purpose, now));
	return row;
}

/** Uses the token up: its row when it was live, else undefined (used, expired, never issued). */
export async function consumeToken(
	db: Executor,
	token: string,
	purpose: Purpose,
	now = new Date()
) {
	if (!token) return undefined;
	const [row] = await db
		.update(ltiTokens)
		.set({ usedAt: now })
		.where(live(token, purpose, now))
		.returning();
	return row;
}

/** Forgets tokens and logins that can no longer be used (housekeeping). */
export async function pruneLtiTokens(db: Executor, now = new Date()) {
	const dayAgo = new Date(now.getTime() - 24 * 3_600_000);
	await db.delete(ltiTokens).where(lt(ltiTokens.expiresAt, dayAgo));
	await db.delete(ltiLogins).where(lt(ltiLogins.expiresAt, dayAgo));
}
