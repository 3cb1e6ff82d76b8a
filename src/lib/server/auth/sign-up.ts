import type { RequestEvent } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { signUpRole, teacherSignupPolicy } from '../../access/teacher-signup';
import { refuse, type Refusal } from '../../refusal';
import type { Database } from '../db/client';
import { users } from '../db/schema';
import { createAccount } from '../users';
import { LIMITS, RateLimiter, retryMessage } from './rate-limit';
import { startSessionFor } from './sign-in';

/**
 * The one answer when no account could be made with the e-mail given. Until Lectern can send
 * mail it cannot hide whether an address is free (an account appears or it does not), so the
 * message does not say why, the refusal costs as much time as a success (argon2 runs either
 * way) and it counts against the address's sign-up limit.
 */
export const SIGN_UP_REFUSED =
	'No new account can be made with this e-mail address. If you have signed up before, sign in instead.';

/** TEACHER_SIGNUP as configured: `open`, else (the default) `approval`. */
export function configuredTeacherSignup() {
	return teacherSignupPolicy(process.env.TEACHER_SIGNUP);
}

export type SignUpResult = { ok: true; userId: string; teacherRequested: boolean } | Refusal;

/** Creates an account under the address's sign-up limit and signs the person in. */
export async function signUp(
	event: RequestEvent,
	db: Database,
	input: { email: string; displayName: string; password: string; teacher: boolean }
): Promise<SignUpResult> {
	// A place is taken before argon2 runs and kept whatever happens: exactly the limit per window.
	const verdict = await new RateLimiter(db).reserve(
		LIMITS.signUpPerAddress,
		event.getClientAddress()
	);
	if (!verdict.allowed) {
		return refuse(
			429,
			`Too many new accounts from this address. ${retryMessage(verdict.retryAfterMs)}`
		);
	}
	const { teacher, ...account } = input;
	const { role, teacherRequested } = signUpRole(configuredTeacherSignup(), teacher);
	const created = await createAccount(db, {
		...account,
		role,
		teacherRequestedAt: teacherRequested ? new Date() : null
	});
	if (!created.ok) return refuse(400, SIGN_UP_REFUSED, 'email');
	await startSessionFor(event, db, created.userId);
	return { ok: true, userId: created.userId, teacherRequested };
}

/** Whether the person asked to teach and still waits for an administrator. */
export async function awaitsTeacherApproval(db: Database, userId: string): Promise<boolean> {
	const user = await db.query.users.findFirst({
		columns: { role: true, teacherRequestedAt: true },
		where: eq(users.id, userId)
	});
	return Boolean(user?.teacherRequestedAt) && user?.role === 'learner';
}
