import { eq } from 'drizzle-orm';
import { refuse, type Refusal } from '../refusal';
import type { Database } from './db/client';
import { users } from './db/schema';
import { hashPassword, verifyPassword } from './auth/password';
import { LIMITS, RateLimiter, retryMessage } from './auth/rate-limit';
import { invalidateUserSessions } from './auth/session';

export type Check = { ok: true } | Refusal;

/** Confirms a signed-in person's current password, under the same limit as sign-in. */
export async function confirmPassword(
	db: Database,
	userId: string,
	password: string
): Promise<Check> {
	const limiter = new RateLimiter(db);
	const verdict = await limiter.reserve(LIMITS.signInPerAccount, `user:${userId}`);
	if (!verdict.allowed)
		return refuse(400, `Too many wrong passwords. ${retryMessage(verdict.retryAfterMs)}`);
	const user = await db.query.users.findFirst({
		columns: { passwordHash: true },
		where: eq(users.id, userId)
	});
	if (user?.passwordHash && (await verifyPassword(user.passwordHash, password))) {
		await limiter.refund(LIMITS.signInPerAccount, `user:${userId}`);
		return { ok: true };
	}
	return refuse(400, 'That is not your current password.');
}

/** Sets a new password and ends every other session of the account. */
export async function changePassword(
	db: Database,
	userId: string,
	password: string,
	keepSessionId: string
) {
	const passwordHash = await hashPassword(password);
	await db
		.update(users)
		.set({ passwordHash, mustChangePassword: false })
		.where(eq(users.id, userId));
	await invalidateUserSessions(db, userId, keepSessionId);
}

export async function renameUser(db: Database, userId: string, displayName: string) {
	await db.update(users).set({ displayName }).where(eq(users.id, userId));
}
