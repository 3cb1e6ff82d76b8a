import { describe, expect, it } from 'vitest';
import type { Actor, Role } from './index';
import { maySuspend, suspensionRefusal, type SuspensionPlace } from './suspension';

const person = (role: Role, id: string = role): Actor => ({ id, role, isGuest: false });
const target = (role: Role, id = `target-${role}`) => ({ id, role, isGuest: false });
const site: SuspensionPlace = { kind: 'site' };
const ok = { ok: true };

describe('site-wide suspensions', () => {
	it('lets a moderator suspend a learner, and nobody else', () => {
		const moderator = person('moderator');
		expect(maySuspend(moderator, target('learner'), site)).toEqual(ok);
		for (const role of ['teacher', 'moderator', 'admin'] as const) {
			expect(maySuspend(moderator, target(role), site), role).toMatchObject({
				ok: false,
				reason: 'rank'
			});
		}
	});

	it('lets an admin suspend anyone, other admins included, but never themself', () => {
		const admin = person('admin');
		for (const role of ['learner', 'teacher', 'moderator', 'admin'] as const) {
			expect(maySuspend(admin, target(role), site), role).toEqual(ok);
		}
		expect(maySuspend(admin, target('admin', 'admin'), site)).toEqual({
			ok: false,
			reason: 'self',
			message: 'You cannot suspend yourself.'
		});
		expect(maySuspend(admin, target('admin', 'admin'), site, 'lift')).toMatchObject({
			reason: 'self',
			message: 'You cannot lift your own suspension.'
		});
	});

	it('is not for teachers, learners, guests or anonymous visitors', () => {
		for (const actor of [
			person('teacher'),
			person('learner'),
			{ id: 'g', role: 'learner', isGuest: true } as Actor,
			null
		]) {
			expect(maySuspend(actor, target('learner'), site)).toEqual({ ok: false, reason: 'access' });
		}
	});

	it('lifts under the same rule as it suspends', () => {
		expect(maySuspend(person('moderator'), target('learner'), site, 'lift')).toEqual(ok);
		expect(maySuspend(person('moderator'), target('moderator'), site, 'lift')).toMatchObject({
			reason: 'rank',
			message: 'Moderators can lift the suspensions of learners only: ask an administrator.'
		});
		expect(maySuspend(person('admin'), target('moderator'), site, 'lift')).toEqual(ok);
	});

	it('refuses an account that does not exist or is a guest', () => {
		expect(maySuspend(person('admin'), null, site)).toMatchObject({ reason: 'notMember' });
		expect(
			maySuspend(person('admin'), { id: 'g', role: 'learner', isGuest: true }, site)
		).toMatchObject({ reason: 'notMember' });
	});
});

describe('a teacher’s suspension in one class', () => {
	const inClass = (
		actorRelation: 'teacher' | 'member' | null,
		targetIsMember = true
	): SuspensionPlace => ({ kind: 'class', actorRelation, targetIsMember });

	it('lets the class’s teacher suspend a student of the class, and lift it', () => {
		expect(maySuspend(person('teacher'), target('learner'), inClass('teacher'))).toEqual(ok);
		expect(maySuspend(person('teacher'), target('learner'), inClass('teacher'), 'lift')).toEqual(
			ok
		);
	});

	it('refuses a person who is not a student of the class', () => {
		expect(maySuspend(person('teacher'), target('learner'), inClass('teacher', false))).toEqual({
			ok: false,
			reason: 'notMember',
			message: 'This person is not in your class.'
		});
	});

	it('is for the class’s teacher alone: not another teacher, a student, or a site moderator', () => {
		for (const [actor, relation] of [
			[person('teacher'), null],
			[person('learner'), 'member'],
			[person('moderator'), null],
			[person('admin'), null]
		] as const) {
			expect(maySuspend(actor, target('learner'), inClass(relation)), actor.role).toEqual({
				ok: false,
				reason: 'access'
			});
		}
	});
});

describe('suspensionRefusal', () => {
	it('answers no such person 404, oneself 400 and above one’s rank 403, with the rule’s message', () => {
		expect(suspensionRefusal({ ok: false, reason: 'notMember', message: 'Not here.' })).toEqual({
			ok: false,
			status: 404,
			message: 'Not here.'
		});
		expect(suspensionRefusal({ ok: false, reason: 'self', message: 'Not you.' }).status).toBe(400);
		expect(suspensionRefusal({ ok: false, reason: 'rank', message: 'Not them.' }).status).toBe(403);
	});
});
