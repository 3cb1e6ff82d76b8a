/**
 * Who may suspend whom, and lift it: the rank rule of moderation. Pure: the caller supplies the
 * target's role and how both stand to the class.
 *
 * - Site-wide (every thread): moderators suspend learners only; admins anyone but themselves.
 * - In one class (its threads only): the class's teacher suspends the class's students.
 * Lifting follows the same rule as suspending: whoever may suspend someone may lift it early.
 */
import { refuse, type Refusal } from '../refusal';
import { can, roles, type Actor, type Role } from './index';

/** Whom each role may suspend across the site. */
export const SUSPENDABLE_ROLES: Record<Role, readonly Role[]> = {
	learner: [],
	teacher: [],
	moderator: ['learner'],
	admin: roles
};

export interface SuspensionTarget {
	id: string;
	role: Role;
	isGuest: boolean;
}

/** Where a suspension applies: everywhere, or one class's threads. */
export type SuspensionPlace =
	| { kind: 'site' }
	| {
			kind: 'class';
			/** How the actor stands to the class. */
			actorRelation: 'teacher' | 'member' | null;
			/** Whether the target is a student of the class. */
			targetIsMember: boolean;
	  };

/**
 * `access`: the actor may not moderate there at all (answer as for any page they may not use);
 * the other reasons come with a message for the form.
 */
export type SuspensionDecision =
	| { ok: true }
	| { ok: false; reason: 'access' }
	| { ok: false; reason: 'self' | 'rank' | 'notMember'; message: string };

export type SuspensionVerb = 'suspend' | 'lift';

/** A refused suspension as a form says it: no such person 404, oneself 400, above one's rank 403. */
export function suspensionRefusal(
	decision: Extract<SuspensionDecision, { reason: 'self' | 'rank' | 'notMember' }>
): Refusal {
	const status = decision.reason === 'notMember' ? 404 : decision.reason === 'self' ? 400 : 403;
	return refuse(status, decision.message);
}

/** May `actor` suspend `target` (or lift their suspension) at `place`? */
export function maySuspend(
	actor: Actor | null,
	target: SuspensionTarget | null,
	place: SuspensionPlace,
	verb: SuspensionVerb = 'suspend'
): SuspensionDecision {
	if (!actor || actor.isGuest) return { ok: false, reason: 'access' };
	if (place.kind === 'site') {
		if (!can(actor, 'suspension.site')) return { ok: false, reason: 'access' };
	} else if (!can(actor, 'suspension.class', { classRelation: place.actorRelation })) {
		return { ok: false, reason: 'access' };
	}
	if (target && target.id === actor.id) {
		return {
			ok: false,
			reason: 'self',
			message:
				verb === 'suspend' ? 'You cannot suspend yourself.' : 'You cannot lift your own suspension.'
		};
	}
	if (place.kind === 'class') {
		if (!target || target.isGuest || !place.targetIsMember) {
			return { ok: false, reason: 'notMember', message: 'This person is not in your class.' };
		}
		return { ok: true };
	}
	if (!target || target.isGuest) {
		return { ok: false, reason: 'notMember', message: 'There is no such account.' };
	}
	if (!SUSPENDABLE_ROLES[actor.role].includes(target.role)) {
		return {
			ok: false,
			reason: 'rank',
			message:
				verb === 'suspend'
					? 'Moderators can suspend learners only: ask an administrator.'
					: 'Moderators can lift the suspensions of learners only: ask an administrator.'
		};
	}
	return { ok: true };
}
