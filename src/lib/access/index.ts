/**
 * Who may do what: one table of subjects × actions, used by every route and action.
 * Nothing else in Lectern checks roles. Pure: the caller supplies the relationship facts
 * (is this my post, do I teach this class, am I in it), the table decides.
 */

export const roles = ['learner', 'teacher', 'moderator', 'admin'] as const;
export type Role = (typeof roles)[number];

/** Each role's name as people read it. */
export const roleNames: Record<Role, string> = {
	learner: 'Learner',
	teacher: 'Teacher',
	moderator: 'Moderator',
	admin: 'Administrator'
};

/** Who is asking: nobody, a guest identity, or an account with a role. */
export type Subject = 'anonymous' | 'guest' | Role;
export const subjects: readonly Subject[] = ['anonymous', 'guest', ...roles];

export interface Actor {
	id: string;
	role: Role;
	isGuest: boolean;
}

/**
 * allow / deny outright, or allow only under a relationship:
 * - `self`: the resource is the actor's own (their post, their account);
 * - `classTeacher`: the actor teaches the class the resource belongs to;
 * - `classMember`: the actor is a student of that class;
 * - `classTeacherOrMember`: either.
 */
export type Grant =
	'allow' | 'deny' | 'self' | 'classTeacher' | 'classMember' | 'classTeacherOrMember';

export const actions = [
	'article.read',
	'progress.record',
	'quiz.take',
	'review.use',
	'account.manage',
	'apiToken.manage',
	'apiToken.revoke',
	'thread.read',
	'post.create',
	'post.edit',
	'post.delete',
	'post.report',
	'moderation.view',
	'moderation.actPublic',
	'moderation.actClass',
	'suspension.site',
	'suspension.class',
	'audit.read',
	'admin.view',
	'user.manage',
	'article.manage',
	'lti.manage',
	'article.import',
	'article.edit',
	'class.create',
	'class.join',
	'class.view',
	'class.manage',
	'class.results',
	'gradebook.read'
] as const;
export type Action = (typeof actions)[number];

const everyone = {
	anonymous: 'allow',
	guest: 'allow',
	learner: 'allow',
	teacher: 'allow',
	moderator: 'allow',
	admin: 'allow'
} as const;
const accounts = {
	anonymous: 'deny',
	guest: 'deny',
	learner: 'allow',
	teacher: 'allow',
	moderator: 'allow',
	admin: 'allow'
} as const;
const adminsOnly = {
	anonymous: 'deny',
	guest: 'deny',
	learner: 'deny',
	teacher: 'deny',
	moderator: 'deny',
	admin: 'allow'
} as const;
const ownAccount = {
	anonymous: 'deny',
	guest: 'deny',
	learner: 'self',
	teacher: 'self',
	moderator: 'self',
	admin: 'self'
} as const;
const inClass = (grant: Grant) =>
	({
		anonymous: 'deny',
		guest: 'deny',
		learner: grant,
		teacher: grant,
		moderator: grant,
		admin: grant
	}) as const;

export const ACCESS: Record<Action, Record<Subject, Grant>> = {
	'article.read': everyone,
	// A visitor's first step worth keeping gives them a guest identity, so anonymous may start.
	'progress.record': everyone,
	'quiz.take': everyone,
	'review.use': everyone,
	'account.manage': accounts,
	// Creating tokens is for teachers and admins; revoking one's own is for anyone with an account
	// (a demoted teacher still clears theirs up; an admin revokes anyone's under `user.manage`).
	'apiToken.manage': { ...adminsOnly, teacher: 'allow' },
	'apiToken.revoke': ownAccount,
	// Public threads: everyone; class threads: the class alone (the caller passes the relation).
	'thread.read': everyone,
	'post.create': accounts,
	'post.edit': ownAccount,
	'post.delete': ownAccount,
	'post.report': accounts,
	// Teachers see the queue for their own classes' threads only.
	'moderation.view': { ...adminsOnly, teacher: 'allow', moderator: 'allow' },
	'moderation.actPublic': { ...adminsOnly, moderator: 'allow' },
	'moderation.actClass': inClass('classTeacher'),
	// Suspension is a site-wide power: moderators and admins alone (the rank rule, in
	// ./suspension, says whom). A teacher may only stop a student posting in their own class's
	// threads, offered as "Suspend in this class"; never the site-wide one.
	'suspension.site': { ...adminsOnly, moderator: 'allow' },
	'suspension.class': inClass('classTeacher'),
	'audit.read': adminsOnly,
	'admin.view': adminsOnly,
	'user.manage': adminsOnly,
	'article.manage': adminsOnly,
	// Registering an LMS (LTI 1.3) and rotating the tool's keys: the whole site's trust.
	'lti.manage': adminsOnly,
	// Teachers bring their own articles; an article is edited by its owner (while a teacher) and
	// by admins. Who may read a draft is ./article's `mayReadArticle`.
	'article.import': { ...adminsOnly, teacher: 'allow' },
	'article.edit': { ...adminsOnly, teacher: 'self' },
	'class.create': { ...adminsOnly, teacher: 'allow' },
	'class.join': { ...adminsOnly, admin: 'deny', learner: 'allow' },
	'class.view': inClass('classTeacherOrMember'),
	'class.manage': inClass('classTeacher'),
	'class.results': inClass('classMember'),
	'gradebook.read': inClass('classTeacher')
};

/** Facts about the resource that relationship grants need. */
export interface Relation {
	ownerId?: string | null;
	classRelation?: 'teacher' | 'member' | null;
}

export function subjectOf(actor: Actor | null | undefined): Subject {
	if (!actor) return 'anonymous';
	return actor.isGuest ? 'guest' : actor.role;
}

/** May `actor` do `action` (on a resource with `relation`)? */
export function can(
	actor: Actor | null | undefined,
	action: Action,
	relation: Relation = {}
): boolean {
	const grant = ACCESS[action][subjectOf(actor)];
	switch (grant) {
		case 'allow':
			return true;
		case 'deny':
			return false;
		case 'self':
			return Boolean(actor && relation.ownerId && relation.ownerId === actor.id);
		case 'classTeacher':
			return relation.classRelation === 'teacher';
		case 'classMember':
			return relation.classRelation === 'member';
		case 'classTeacherOrMember':
			return relation.classRelation === 'teacher' || relation.classRelation === 'member';
	}
}
