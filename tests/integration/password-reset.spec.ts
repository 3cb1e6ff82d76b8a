// Password resets against a real database and a real SMTP server (issue 10, item 5): e-mailed
// links are single-use, expire, are stored as hashes only, say nothing about whether an
// address has an account, are rate-limited per client and per e-mail, and end every session
// and API token; a teacher's or admin's reset gives a one-time password and is audited.
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/lib/server/api-tokens';
import { verifyPassword } from '../../src/lib/server/auth/password';
import { createSession } from '../../src/lib/server/auth/session';
import {
	apiTokens,
	auditLog,
	passwordResets,
	sessions,
	users
} from '../../src/lib/server/db/schema';
import {
	RESET_LINK_LIFETIME_MS,
	RESET_REQUEST_LIMITS,
	completePasswordReset,
	findResetLink,
	RESETS_BY_STAFF_PER_HOUR,
	requestPasswordReset,
	resetByStaff,
	resetToOneTimePassword
} from '../../src/lib/server/password-reset';
import { RateLimiter } from '../../src/lib/server/auth/rate-limit';
import { createAccount } from '../../src/lib/server/users';
import { freshDatabase, type TestDatabase } from './support/database';
import { resetLinkIn, startSmtp, type TestSmtp } from './support/smtp';

const ORIGIN = 'https://lectern.example';
const OLD_PASSWORD = 'the old and weary password';
const NEW_PASSWORD = 'a brand new morning song';

let t: TestDatabase;
let smtp: TestSmtp;
let address = 0;
const nextAddress = () => `192.0.2.${++address}`;

beforeAll(async () => {
	smtp = await startSmtp();
	process.env.SMTP_URL = smtp.url;
	process.env.MAIL_FROM = 'Lectern <lectern@example.org>';
});
afterAll(async () => {
	delete process.env.SMTP_URL;
	delete process.env.MAIL_FROM;
	await smtp.close();
});
beforeEach(async () => {
	t = await freshDatabase();
});
afterEach(() => t.close());

async function person(email: string, role: 'learner' | 'teacher' | 'admin' = 'learner') {
	const created = await createAccount(t.db, {
		email,
		displayName: `Person ${email}`,
		password: OLD_PASSWORD,
		role
	});
	if (!created.ok) throw new Error('no account');
	return created.userId;
}

async function passwordIs(userId: string, password: string) {
	const row = await t.db.query.users.findFirst({ where: eq(users.id, userId) });
	return verifyPassword(row!.passwordHash!, password);
}

const tokenFrom = (link: string) => link.slice(link.lastIndexOf('/') + 1);
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('a reset link by e-mail', () => {
	it('arrives through SMTP, is stored as a hash only, sets the password once and ends every session and token', async () => {
		const email = 'ada@example.org';
		const userId = await person(email, 'teacher');
		await createSession(t.db, userId);
		await createSession(t.db, userId);
		const token = await createApiToken(t.db, userId, 'Spreadsheet');
		expect(token.ok).toBe(true);

		const asked = await requestPasswordReset(t.db, {
			email: ' ADA@example.org ',
			address: nextAddress(),
			origin: ORIGIN
		});
		expect(asked.ok).toBe(true);
		const mail = await smtp.waitFor(email);
		expect(mail.from).toBe('lectern@example.org');
		expect(mail.raw).toMatch(/^Subject: Reset your Lectern password/m);
		const link = resetLinkIn(mail);
		expect(link.startsWith(`${ORIGIN}/reset/`)).toBe(true);
		const secret = tokenFrom(link);
		// 160 random bits in base32: 32 characters.
		expect(secret).toMatch(/^[a-z2-7]{32}$/);

		const rows = await t.db.select().from(passwordResets);
		expect(rows).toHaveLength(1);
		expect(rows[0]!.id).toBe(sha256(secret));
		expect(JSON.stringify(rows)).not.toContain(secret);
		expect(rows[0]!.expiresAt.getTime() - rows[0]!.createdAt.getTime()).toBe(
			RESET_LINK_LIFETIME_MS
		);

		expect(await findResetLink(t.db, secret)).toEqual({ state: 'usable', userId });
		expect(await completePasswordReset(t.db, secret, NEW_PASSWORD)).toEqual({
			state: 'usable',
			userId
		});
		expect(await passwordIs(userId, NEW_PASSWORD)).toBe(true);
		expect(await t.db.select().from(sessions).where(eq(sessions.userId, userId))).toEqual([]);
		expect(await t.db.select().from(apiTokens).where(eq(apiTokens.userId, userId))).toEqual([]);

		// Used once, never again.
		expect(await findResetLink(t.db, secret)).toEqual({ state: 'used' });
		expect(await completePasswordReset(t.db, secret, 'yet another long password')).toEqual({
			state: 'used'
		});
		expect(await passwordIs(userId, NEW_PASSWORD)).toBe(true);
	});

	it('expires after 30 minutes', async () => {
		const email = 'late@example.org';
		const userId = await person(email);
		const then = new Date('2030-01-01T10:00:00Z');
		await requestPasswordReset(
			t.db,
			{ email, address: nextAddress(), origin: ORIGIN },
			undefined,
			then
		);
		const secret = tokenFrom(resetLinkIn(await smtp.waitFor(email)));
		const almost = new Date(then.getTime() + RESET_LINK_LIFETIME_MS - 1000);
		expect((await findResetLink(t.db, secret, almost)).state).toBe('usable');
		const after = new Date(then.getTime() + RESET_LINK_LIFETIME_MS);
		expect(await findResetLink(t.db, secret, after)).toEqual({ state: 'expired' });
		expect(await completePasswordReset(t.db, secret, NEW_PASSWORD, after)).toEqual({
			state: 'expired'
		});
		expect(await passwordIs(userId, OLD_PASSWORD)).toBe(true);
	});

	it('answers the same for an address without an account, and sends nothing', async () => {
		const before = smtp.messages.length;
		const result = await requestPasswordReset(t.db, {
			email: 'nobody@example.org',
			address: nextAddress(),
			origin: ORIGIN
		});
		expect(result.ok).toBe(true);
		if (result.ok) await result.sent;
		expect(smtp.messages.length).toBe(before);
		expect(await t.db.select().from(passwordResets)).toEqual([]);
	});

	it('is limited per e-mail address (with or without an account) and per client address', async () => {
		const limit = RESET_REQUEST_LIMITS.perEmail.max;
		for (const email of ['limited@example.org', 'ghost@example.org']) {
			if (email.startsWith('limited')) await person(email);
			for (let i = 0; i < limit; i++) {
				const r = await requestPasswordReset(t.db, {
					email,
					address: nextAddress(),
					origin: ORIGIN
				});
				expect(r.ok, `request ${i + 1} for ${email}`).toBe(true);
			}
			const refused = await requestPasswordReset(t.db, {
				email,
				address: nextAddress(),
				origin: ORIGIN
			});
			expect(refused.ok).toBe(false);
		}
		const client = nextAddress();
		for (let i = 0; i < RESET_REQUEST_LIMITS.perAddress.max; i++) {
			const r = await requestPasswordReset(t.db, {
				email: `someone-${i}@example.org`,
				address: client,
				origin: ORIGIN
			});
			expect(r.ok).toBe(true);
		}
		const refused = await requestPasswordReset(t.db, {
			email: 'one-more@example.org',
			address: client,
			origin: ORIGIN
		});
		expect(refused.ok).toBe(false);
	});

	it('sends nothing for a disabled account', async () => {
		const email = 'off@example.org';
		const userId = await person(email);
		await t.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, userId));
		const result = await requestPasswordReset(t.db, {
			email,
			address: nextAddress(),
			origin: ORIGIN
		});
		expect(result.ok).toBe(true);
		expect(await t.db.select().from(passwordResets)).toEqual([]);
	});
});

describe('a reset to a one-time password', () => {
	it('sets a password that must change, ends sessions, tokens and open links, and is audited', async () => {
		const email = 'pupil@example.org';
		const userId = await person(email);
		const teacherId = await person('teach@example.org', 'teacher');
		await createSession(t.db, userId);
		await createApiToken(t.db, userId, 'A token');
		await requestPasswordReset(t.db, { email, address: nextAddress(), origin: ORIGIN });
		const secret = tokenFrom(resetLinkIn(await smtp.waitFor(email)));

		const oneTime = await resetToOneTimePassword(
			t.db,
			{ id: teacherId, displayName: 'Ms Teach' },
			userId,
			{ classId: 'class-1' }
		);
		expect(oneTime).toMatch(/^[a-z0-9]{4}(-[a-z0-9]{4}){3}$/);
		expect(await passwordIs(userId, oneTime)).toBe(true);
		expect(await passwordIs(userId, OLD_PASSWORD)).toBe(false);
		const row = await t.db.query.users.findFirst({ where: eq(users.id, userId) });
		expect(row!.mustChangePassword).toBe(true);
		expect(row!.passwordHash).not.toContain(oneTime);
		expect(await t.db.select().from(sessions).where(eq(sessions.userId, userId))).toEqual([]);
		expect(await t.db.select().from(apiTokens).where(eq(apiTokens.userId, userId))).toEqual([]);
		// A link mailed before the reset cannot undo it.
		expect(await findResetLink(t.db, secret)).toEqual({ state: 'used' });
		const audit = await t.db.select().from(auditLog);
		expect(audit).toMatchObject([
			{
				actorId: teacherId,
				action: 'user.resetPassword',
				targetType: 'user',
				targetId: userId,
				details: { classId: 'class-1' }
			}
		]);
	});

	it('lets a teacher or admin reset at most the hourly limit, however many ask at once', async () => {
		const staffId = await person('busy-staff@example.org', 'teacher');
		const pupils = await Promise.all(
			Array.from({ length: 10 }, (_, i) => person(`burst-${i}@example.org`))
		);
		// All but two places of the hour are taken already.
		const limiter = new RateLimiter(t.db);
		for (let i = 0; i < RESETS_BY_STAFF_PER_HOUR.max - 2; i++) {
			await limiter.reserve(RESETS_BY_STAFF_PER_HOUR, staffId);
		}
		const results = await Promise.all(
			pupils.map((id) => resetByStaff(t.db, { id: staffId, displayName: 'Busy' }, id))
		);
		const done = results.filter((r) => r.ok);
		expect(done).toHaveLength(2);
		for (const refused of results.filter((r) => !r.ok)) {
			expect(refused).toMatchObject({ status: 429, message: /^Too many passwords reset/ });
		}
		// A refused reset changed nothing: those pupils keep their own password.
		const kept = await Promise.all(pupils.map((id) => passwordIs(id, OLD_PASSWORD)));
		expect(kept.filter(Boolean)).toHaveLength(8);
	});
});
