// Personal API tokens end with whatever ends sessions, and with a demotion; the admin lists and
// revokes anyone's; admin actions on an id that names nobody are refused without an audit
// entry; requests to teach are approved or declined. Against a real database file.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../../src/lib/access';
import { changePassword } from '../../src/lib/server/account';
import {
	answerTeacherRequest,
	endSessions,
	listTeacherRequests,
	setDisabled,
	setRole
} from '../../src/lib/server/admin';
import {
	authenticateApiToken,
	createApiToken,
	listAllApiTokens,
	listApiTokens,
	revokeApiTokenAsAdmin
} from '../../src/lib/server/api-tokens';
import { createSession } from '../../src/lib/server/auth/session';
import { apiTokens, auditLog, sessions, users } from '../../src/lib/server/db/schema';
import { freshDatabase, type TestDatabase } from './support/database';

let t: TestDatabase;
let admin: { id: string; displayName: string };

beforeEach(async () => {
	t = await freshDatabase();
	admin = await person('admin', 'Ada Admin');
});
afterEach(() => t.close());

async function person(role: Role, displayName: string = role, extra = {}) {
	const id = randomUUID();
	await t.db.insert(users).values({
		id,
		email: `${role}-${id.slice(0, 6)}@example.org`,
		displayName,
		role,
		...extra
	});
	return { id, displayName };
}

async function tokenOf(userId: string, name = 'Spreadsheet') {
	const created = await createApiToken(t.db, userId, name);
	if (!created.ok) throw new Error(created.message);
	return created.token;
}

const audit = () => t.db.select().from(auditLog);

describe('personal API tokens end with the sign-ins', () => {
	it('die on a password change, while the session that changed it lives on', async () => {
		const teacher = await person('teacher');
		const token = await tokenOf(teacher.id);
		const { session } = await createSession(t.db, teacher.id);
		expect(await authenticateApiToken(t.db, token)).not.toBeNull();
		await changePassword(t.db, teacher.id, 'a brand new passphrase', session.id);
		expect(await authenticateApiToken(t.db, token)).toBeNull();
		expect(await listApiTokens(t.db, teacher.id)).toEqual([]);
		expect(await t.db.select().from(sessions).where(eq(sessions.userId, teacher.id))).toHaveLength(
			1
		);
	});

	it('die when an admin ends the person’s sessions', async () => {
		const teacher = await person('teacher');
		const token = await tokenOf(teacher.id);
		expect(await endSessions(t.db, admin, teacher.id)).toEqual({ ok: true });
		expect(await authenticateApiToken(t.db, token)).toBeNull();
	});

	it('die when the account is disabled', async () => {
		const teacher = await person('teacher');
		const token = await tokenOf(teacher.id);
		await setDisabled(t.db, admin, teacher.id, true);
		await setDisabled(t.db, admin, teacher.id, false);
		expect(await authenticateApiToken(t.db, token)).toBeNull();
	});

	it('die when a teacher is demoted, and survive a promotion to admin', async () => {
		const demoted = await person('teacher', 'Demoted');
		const promoted = await person('teacher', 'Promoted');
		const [lost, kept] = [await tokenOf(demoted.id), await tokenOf(promoted.id)];
		await setRole(t.db, admin, demoted.id, 'learner');
		await setRole(t.db, admin, promoted.id, 'admin');
		expect(await authenticateApiToken(t.db, lost)).toBeNull();
		expect(await listApiTokens(t.db, demoted.id)).toEqual([]);
		expect(await authenticateApiToken(t.db, kept)).toMatchObject({ id: promoted.id });
	});

	it('are not let in for an owner whose role may not hold them, however the role changed', async () => {
		const teacher = await person('teacher');
		const token = await tokenOf(teacher.id);
		await t.db.update(users).set({ role: 'moderator' }).where(eq(users.id, teacher.id));
		expect(await authenticateApiToken(t.db, token)).toBeNull();
	});
});

describe('the admin’s token list', () => {
	it('shows every token with its owner, never the token itself, and revokes one with an audit entry', async () => {
		const teacher = await person('teacher', 'Tess Teacher');
		const token = await tokenOf(teacher.id, 'Gradebook script');
		const listed = await listAllApiTokens(t.db);
		expect(listed).toEqual([
			{
				id: expect.any(String),
				name: 'Gradebook script',
				createdAt: expect.any(Date),
				lastUsedAt: null,
				ownerId: teacher.id,
				ownerName: 'Tess Teacher',
				ownerLogin: expect.stringMatching(/^teacher-.*@example\.org$/)
			}
		]);
		expect(JSON.stringify(listed)).not.toContain(token);

		expect(await revokeApiTokenAsAdmin(t.db, admin, listed[0]!.id)).toBe(true);
		expect(await authenticateApiToken(t.db, token)).toBeNull();
		expect(await audit()).toMatchObject([
			{
				action: 'apiToken.revoke',
				actorId: admin.id,
				targetId: listed[0]!.id,
				details: { ownerId: teacher.id, name: 'Gradebook script' }
			}
		]);
	});

	it('answers false for a token that is not there, and records nothing', async () => {
		expect(await revokeApiTokenAsAdmin(t.db, admin, randomUUID())).toBe(false);
		expect(await audit()).toEqual([]);
	});
});

describe('admin actions on someone who does not exist', () => {
	it('refuse a role change with a 404 message, write no audit entry and create nobody', async () => {
		const nobody = randomUUID();
		const before = await t.db.select().from(users);
		expect(await setRole(t.db, admin, nobody, 'admin')).toEqual({
			ok: false,
			status: 404,
			message: 'There is no such user: they may have deleted their account.'
		});
		expect(await audit()).toEqual([]);
		expect(await t.db.select().from(users)).toEqual(before);
	});

	it('refuse disabling, enabling and ending sessions the same way', async () => {
		const nobody = randomUUID();
		expect(await setDisabled(t.db, admin, nobody, true)).toMatchObject({ ok: false, status: 404 });
		expect(await setDisabled(t.db, admin, nobody, false)).toMatchObject({ ok: false, status: 404 });
		expect(await endSessions(t.db, admin, nobody)).toMatchObject({ ok: false, status: 404 });
		expect(await audit()).toEqual([]);
	});

	it('still change a real person’s role, with an audit entry', async () => {
		const learner = await person('learner');
		expect(await setRole(t.db, admin, learner.id, 'moderator')).toEqual({ ok: true });
		expect(await audit()).toMatchObject([{ action: 'user.role', targetId: learner.id }]);
	});
});

describe('requests to teach', () => {
	const asked = (at: number) => ({ teacherRequestedAt: new Date(at) });

	it('lists the people waiting, oldest first, and nobody else', async () => {
		const later = await person('learner', 'Later', asked(2_000));
		const sooner = await person('learner', 'Sooner', asked(1_000));
		await person('learner', 'Not asking');
		expect((await listTeacherRequests(t.db)).map((r) => r.id)).toEqual([sooner.id, later.id]);
	});

	it('approving makes the person a teacher, clears the request and records it', async () => {
		const applicant = await person('learner', 'Applicant', asked(1_000));
		expect(await answerTeacherRequest(t.db, admin, applicant.id, true)).toEqual({ ok: true });
		const row = await t.db.query.users.findFirst({ where: eq(users.id, applicant.id) });
		expect(row).toMatchObject({ role: 'teacher', teacherRequestedAt: null });
		expect(await audit()).toMatchObject([
			{ action: 'user.teacherApprove', targetId: applicant.id, actorId: admin.id }
		]);
		expect(await listTeacherRequests(t.db)).toEqual([]);
	});

	it('declining keeps the role, clears the request and records it', async () => {
		const applicant = await person('learner', 'Applicant', asked(1_000));
		expect(await answerTeacherRequest(t.db, admin, applicant.id, false)).toEqual({ ok: true });
		const row = await t.db.query.users.findFirst({ where: eq(users.id, applicant.id) });
		expect(row).toMatchObject({ role: 'learner', teacherRequestedAt: null });
		expect(await audit()).toMatchObject([
			{ action: 'user.teacherDecline', targetId: applicant.id }
		]);
	});

	it('refuses to answer a request twice or for nobody, recording nothing more', async () => {
		const applicant = await person('learner', 'Applicant', asked(1_000));
		await answerTeacherRequest(t.db, admin, applicant.id, true);
		expect(await answerTeacherRequest(t.db, admin, applicant.id, false)).toMatchObject({
			ok: false,
			status: 409
		});
		expect(await answerTeacherRequest(t.db, admin, randomUUID(), true)).toMatchObject({
			ok: false,
			status: 404
		});
		expect(await audit()).toHaveLength(1);
		expect(await t.db.select().from(apiTokens)).toEqual([]);
	});
});
