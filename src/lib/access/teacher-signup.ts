/**
 * Who becomes a teacher at sign-up. Anyone may tick "I am a teacher"; a teacher may add
 * students in bulk (argon2 for each), so by default an administrator grants the role.
 */
export const teacherSignupPolicies = ['open', 'approval'] as const;
export type TeacherSignupPolicy = (typeof teacherSignupPolicies)[number];

/** `TEACHER_SIGNUP` as set: `open`, or anything else — unset, empty, mistyped — `approval`. */
export function teacherSignupPolicy(value: string | undefined): TeacherSignupPolicy {
	return value?.trim().toLowerCase() === 'open' ? 'open' : 'approval';
}

export type SignUpRole =
	{ role: 'learner'; teacherRequested: boolean } | { role: 'teacher'; teacherRequested: false };

/** The role a new account starts with, and whether it waits for an administrator to teach. */
export function signUpRole(policy: TeacherSignupPolicy, asksToTeach: boolean): SignUpRole {
	if (!asksToTeach) return { role: 'learner', teacherRequested: false };
	return policy === 'open'
		? { role: 'teacher', teacherRequested: false }
		: { role: 'learner', teacherRequested: true };
}
