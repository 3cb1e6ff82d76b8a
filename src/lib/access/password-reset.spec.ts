import { describe, expect, it } from 'vitest';
import type { Actor, Role } from './index';
import { mayResetAsAdmin, mayResetInClass, type ResetTarget } from './password-reset';

const actor = (role: Role, id = `me-${role}`): Actor => ({ id, role, isGuest: false });
const target = (role: Role, extra: Partial<ResetTarget> = {}): ResetTarget => ({
	id: `them-${role}`,
	role,
	isGuest: false,
	...extra
});

describe('a teacher resetting a password in their class', () => {
	const teacher = actor('teacher');

	it('may reset a learner of the class', () => {
		expect(mayResetInClass(teacher, target('learner'), true)).toBe(true);
	});

	it('may not reset a learner outside the class', () => {
		expect(mayResetInClass(teacher, target('learner'), false)).toBe(false);
	});

	it.each(['teacher', 'moderator', 'admin'] as const)(
		'may not reset a %s, even one in the class',
		(role) => expect(mayResetInClass(teacher, target(role), true)).toBe(false)
	);

	it('may not reset a guest, nobody, or themselves', () => {
		expect(mayResetInClass(teacher, target('learner', { isGuest: true }), true)).toBe(false);
		expect(mayResetInClass(teacher, null, true)).toBe(false);
		expect(
			mayResetInClass(teacher, { id: teacher.id, role: 'learner', isGuest: false }, true)
		).toBe(false);
	});
});

describe('an administrator resetting a password', () => {
	it.each(['learner', 'teacher', 'moderator', 'admin'] as const)('may reset a %s', (role) => {
		expect(mayResetAsAdmin(actor('admin'), target(role))).toBe(true);
	});

	it('may not reset their own (they change it on /account) or a guest’s', () => {
		const admin = actor('admin');
		expect(mayResetAsAdmin(admin, { id: admin.id, role: 'admin', isGuest: false })).toBe(false);
		expect(mayResetAsAdmin(admin, target('learner', { isGuest: true }))).toBe(false);
	});

	it.each(['learner', 'teacher', 'moderator'] as const)(
		'is an administrator’s power: a %s may not',
		(role) => {
			expect(mayResetAsAdmin(actor(role), target('learner'))).toBe(false);
		}
	);

	it('is refused to nobody and to a guest', () => {
		expect(mayResetAsAdmin(null, target('learner'))).toBe(false);
		expect(mayResetAsAdmin({ id: 'g', role: 'admin', isGuest: true }, target('learner'))).toBe(
			false
		);
	});
});
