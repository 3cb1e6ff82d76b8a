import type { Actor, Role } from './index';

/** The account whose password someone means to reset. */
export interface ResetTarget {
	id: string;
	role: Role;
	isGuest: boolean;
}

/**
 * A class's teacher may give a new one-time password to a learner of that class, and to no one
 * else: not a teacher, moderator or administrator (that would hand them another's powers), not
 * someone outside the class, not themselves. The caller has checked that `teacher` teaches it.
 */
export function mayResetInClass(
	teacher: Actor,
	target: ResetTarget | null | undefined,
	targetIsMember: boolean
): boolean {
	return Boolean(
		target &&
		targetIsMember &&
		!target.isGuest &&
		target.role === 'learner' &&
		target.id !== teacher.id
	);
}

/** An administrator may reset anyone's password but their own (that is /account's job). */
export function mayResetAsAdmin(actor: Actor | null, target: ResetTarget | null | undefined) {
	return Boolean(
		actor &&
		!actor.isGuest &&
		actor.role === 'admin' &&
		target &&
		!target.isGuest &&
		target.id !== actor.id
	);
}
