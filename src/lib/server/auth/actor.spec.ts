import { describe, expect, it } from 'vitest';
import type { SessionUser } from './session';
import { permitted } from './actor';

const user = (role: SessionUser['role'], isGuest = false): SessionUser => ({
	id: `${role}-1`,
	email: null,
	username: null,
	displayName: role,
	role,
	isGuest,
	mustChangePassword: false,
	suspendedUntil: null,
	createdAt: new Date(0)
});

describe('permitted', () => {
	it('answers with the actor the access table lets through', () => {
		expect(permitted(user('admin'), 'admin.view')).toEqual({
			id: 'admin-1',
			role: 'admin',
			isGuest: false
		});
	});

	it('answers 401 for nobody signed in, and for a guest, without throwing', () => {
		expect(permitted(null, 'admin.view')).toMatchObject({ ok: false, status: 401 });
		expect(permitted(user('learner', true), 'admin.view')).toMatchObject({
			ok: false,
			status: 401
		});
	});

	it('answers the deny status for someone signed in the table turns away', () => {
		expect(permitted(user('learner'), 'admin.view')).toMatchObject({ ok: false, status: 403 });
		expect(
			permitted(user('teacher'), 'gradebook.read', { classRelation: null }, 404)
		).toMatchObject({ ok: false, status: 404 });
	});

	it('lets a class teacher read the gradebook', () => {
		expect(permitted(user('teacher'), 'gradebook.read', { classRelation: 'teacher' }, 404)).toEqual(
			{ id: 'teacher-1', role: 'teacher', isGuest: false }
		);
	});
});
