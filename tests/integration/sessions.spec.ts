// The session lookup every signed-in request runs (src/lib/server/auth/session.ts): its row read
// by hand, it must give the account exactly as the schema types it; and settledSession, which
// the early answers use, must answer only when validating would write nothing.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	SESSION_USER_COLUMNS,
	createSession,
	settledSession,
	validateSessionToken
} from '../../src/lib/server/auth/session';
import { hashToken } from '../../src/lib/server/auth/token';
import { sessions, users } from '../../src/lib/server/db/schema';
import { freshDatabase, type TestDatabase } from './support/database';

let db: TestDatabase;
const NOW = new Date('2026-12-07T12:00:00Z');
const DAY = 24 * 60 * 60 * 1000;

beforeAll(async () => {
	db = await freshDatabase();
});
afterAll(() => db?.close());

async function account(values: Partial<typeof users.$inferInsert> = {}) {
	const id = crypto.randomUUID();
	await db.db.insert(users).values({
		id,
		displayName: 'Ada Reader',
		email: `${id}@example.org`,
		lastSeenAt: NOW,
		...values
	});
	return id;
}

/** The account as drizzle reads it with the schema's own column types. */
async function asTyped(id: string) {
	const [row] = await db.db.select(SESSION_USER_COLUMNS).from(users).where(eq(users.id, id));
	return row;
}

describe('the session lookup', () => {
	it('reads every kind of account as the schema types it', async () => {
		for (const values of [
			{},
			{ email: null, username: 'pupil7', mustChangePassword: true, role: 'learner' as const },
			{ isGuest: true, email: null, suspendedUntil: new Date(NOW.getTime() + DAY) },
			{ role: 'teacher' as const, displayName: 'Ms. “Quotes” & <tags>' }
		]) {
			const id = await account(values);
			const { token, session } = await createSession(db.db, id, NOW);
			const validated = await validateSessionToken(db.db, token, NOW);
			expect(validated.user).toEqual(await asTyped(id));
			expect(validated.session).toEqual(session);
			expect(validated.user!.createdAt).toBeInstanceOf(Date);
			expect(typeof validated.user!.isGuest).toBe('boolean');
			// The same account, key for key and in the same order, from either door.
			expect(JSON.stringify((await settledSession(db.db, session.id, NOW))?.user)).toBe(
				JSON.stringify(validated.user)
			);
		}
	});

	it('finds nobody for a token nobody holds', async () => {
		expect((await validateSessionToken(db.db, 'nobody-holds-this', NOW)).user).toBeNull();
		expect(await settledSession(db.db, hashToken('nobody-holds-this'), NOW)).toBeUndefined();
	});
});

describe('a settled session (for answers before the app)', () => {
	const stored = async (id: string) =>
		(await db.db.select().from(sessions).where(eq(sessions.id, id)))[0];

	it('is one whose validation would write nothing and set no cookie', async () => {
		const id = await account();
		const { session } = await createSession(db.db, id, NOW);
		expect((await settledSession(db.db, session.id, NOW))?.user.id).toBe(id);
	});

	it('is not one due for renewal, and asking renews nothing', async () => {
		const id = await account();
		const { session } = await createSession(db.db, id, new Date(NOW.getTime() - 20 * DAY));
		expect(await settledSession(db.db, session.id, NOW)).toBeUndefined();
		expect((await stored(session.id))?.expiresAt).toEqual(session.expiresAt);
	});

	it('is not an expired one, nor a disabled account’s, and asking ends neither', async () => {
		const id = await account();
		const old = await createSession(db.db, id, new Date(NOW.getTime() - 31 * DAY));
		expect(await settledSession(db.db, old.session.id, NOW)).toBeUndefined();
		expect(await stored(old.session.id)).toBeDefined();
		const disabledId = await account({ disabledAt: NOW });
		const disabled = await createSession(db.db, disabledId, NOW);
		expect(await settledSession(db.db, disabled.session.id, NOW)).toBeUndefined();
		expect(await stored(disabled.session.id)).toBeDefined();
	});

	it('is not an account unseen for over an hour, and asking notes no visit', async () => {
		const seen = new Date(NOW.getTime() - 2 * 60 * 60 * 1000);
		const id = await account({ lastSeenAt: seen });
		const { session } = await createSession(db.db, id, NOW);
		expect(await settledSession(db.db, session.id, NOW)).toBeUndefined();
		const [row] = await db.db.select().from(users).where(eq(users.id, id));
		expect(row!.lastSeenAt).toEqual(seen);
	});
});
