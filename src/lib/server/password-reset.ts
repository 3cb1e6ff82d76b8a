import { and, eq, gt, isNull } from 'drizzle-orm';
import { generateOneTimePassword } from '../classroom';
import type { ResetTarget } from '../access/password-reset';
import { refuse, type Refusal } from '../refusal';
import { recordAudit } from './audit';
import { hashPassword } from './auth/password';
import { RateLimiter, retryMessage, type Limit } from './auth/rate-limit';
import { invalidateUserSessions } from './auth/session';
import { generateToken, hashToken } from './auth/token';
import { logUnexpected } from './crash-guard';
import type { Database } from './db/client';
import { classMembers, passwordResets, users } from './db/schema';
import { sendMail, type Mail } from './mail';
import { normalizeEmail } from './users';

const HOUR = 60 * 60_000;

/** How long an e-mailed link opens the reset form. */
export const RESET_LINK_LIFETIME_MS = 30 * 60_000;

/** Requests for a link, per client address and per e-mail address (account or not). */
export const RESET_REQUEST_LIMITS = {
	perAddress: { name: 'reset-address', max: 10, windowMs: HOUR },
	perEmail: { name: 'reset-email', max: 3, windowMs: HOUR }
} satisfies Record<string, Limit>;

/** The one answer to every accepted request: it never says whether the address has an account. */
export const RESET_REQUESTED = 'If an account has this e-mail, a link is on its way.';

export type ResetRequest =
	| {
			ok: true;
			/** Settles once the mail is handed over (or refused, logged); never rejects. */ sent: Promise<void>;
	  }
	| { ok: false; retryAfterMs: number };

/**
 * Asks for a reset link for `email`. The places under both limits are taken first, whether or
 * not an account has the address; only an account (not a guest's, not a disabled one) gets a
 * link: a 160-bit token whose SHA-256 alone is stored, mailed and never shown. The mail goes out
 * after the answer, so the answer takes as long whether or not an account exists.
 */
export async function requestPasswordReset(
	db: Database,
	input: { email: string; address: string; origin: string },
	send: (mail: Mail) => Promise<void> = sendMail,
	now = new Date()
): Promise<ResetRequest> {
	const email = normalizeEmail(input.email);
	const verdict = await new RateLimiter(db).reserveAll(
		[
			[RESET_REQUEST_LIMITS.perAddress, input.address],
			[RESET_REQUEST_LIMITS.perEmail, email]
		],
		now.getTime()
	);
	if (!verdict.allowed) return { ok: false, retryAfterMs: verdict.retryAfterMs };
	const user = await db.query.users.findFirst({
		columns: { id: true, email: true, displayName: true, disabledAt: true },
		where: and(eq(users.email, email), eq(users.isGuest, false))
	});
	if (!user?.email || user.disabledAt) return { ok: true, sent: Promise.resolve() };
	const token = generateToken();
	await db.insert(passwordResets).values({
		id: hashToken(token),
		userId: user.id,
		expiresAt: new Date(now.getTime() + RESET_LINK_LIFETIME_MS),
		createdAt: now
	});
	const link = `${input.origin}/reset/${token}`;
	const sent = send({
		to: user.email,
		subject: 'Reset your Lectern password',
		text: resetMailText(user.displayName, link)
	}).catch((error: unknown) => {
		logUnexpected('sending a password-reset link', error);
	});
	return { ok: true, sent };
}

function resetMailText(name: string, link: string): string {
	return [
		`Hello ${name},`,
		'',
		'Someone (we hope you) asked to reset the password of your Lectern account.',
		`Open this link within ${RESET_LINK_LIFETIME_MS / 60_000} minutes to choose a new one:`,
		'',
		link,
		'',
		'The link works once. Choosing a new password signs you out everywhere.',
		'If you did not ask for it, ignore this message: your password stays as it is.'
	].join('\n');
}

export type ResetLink =
	{ state: 'usable'; userId: string } | { state: 'used' | 'expired' | 'unknown' };

/** What an e-mailed link is now: usable, used, expired, or no link at all. */
export async function findResetLink(db: Database, token: string, now = new Date()) {
	if (token.length > 100) return { state: 'unknown' } satisfies ResetLink;
	const row = await db.query.passwordResets.findFirst({
		where: eq(passwordResets.id, hashToken(token))
	});
	return resetLinkState(row, now);
}

function resetLinkState(
	row: { userId: string; usedAt: Date | null; expiresAt: Date } | undefined,
	now: Date
): ResetLink {
	if (!row) return { state: 'unknown' };
	if (row.usedAt) return { state: 'used' };
	if (row.expiresAt.getTime() <= now.getTime()) return { state: 'expired' };
	return { state: 'usable', userId: row.userId };
}

/**
 * Sets the password an e-mailed link was sent for: the link is spent (atomically: two tabs
 * cannot both use it), every other link of the account too, and every session and API token of
 * the account ends.
 */
export async function completePasswordReset(
	db: Database,
	token: string,
	password: string,
	now = new Date()
): Promise<ResetLink> {
	const before = await findResetLink(db, token, now);
	if (before.state !== 'usable') return before;
	const passwordHash = await hashPassword(password);
	const id = hashToken(token);
	const done = await db.transaction(async (tx) => {
		const [claimed] = await tx
			.update(passwordResets)
			.set({ usedAt: now })
			.where(
				and(
					eq(passwordResets.id, id),
					isNull(passwordResets.usedAt),
					gt(passwordResets.expiresAt, now)
				)
			)
			.returning({ userId: passwordResets.userId });
		if (!claimed) return null;
		await tx
			.update(users)
			.set({ passwordHash, mustChangePassword: false })
			.where(eq(users.id, claimed.userId));
		await spendLinksOf(tx, claimed.userId, now);
		await invalidateUserSessions(tx, claimed.userId);
		return claimed.userId;
	});
	return done ? { state: 'usable', userId: done } : findResetLink(db, token, now);
}

type Executor = Parameters<Parameters<Database['transaction']>[0]>[0];

async function spendLinksOf(tx: Executor, userId: string, now: Date) {
	await tx
		.update(passwordResets)
		.set({ usedAt: now })
		.where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)));
}

/** The account a reset names, as the access rules need it, with what its slip shows. */
export interface ResetAccount extends ResetTarget {
	displayName: string;
	/** What they sign in with: their username, else their e-mail. */
	login: string | null;
}

export async function findResetAccount(db: Database, userId: string) {
	if (userId.length > 100) return undefined;
	const row = await db.query.users.findFirst({
		columns: {
			id: true,
			role: true,
			isGuest: true,
			displayName: true,
			username: true,
			email: true
		},
		where: eq(users.id, userId)
	});
	if (!row) return undefined;
	const { username, email, ...rest } = row;
	return { ...rest, login: username ?? email } satisfies ResetAccount;
}

/** Whether `userId` is a student of the class. */
export async function isClassMember(db: Database, classId: string, userId: string) {
	const row = await db.query.classMembers.findFirst({
		columns: { userId: true },
		where: and(eq(classMembers.classId, classId), eq(classMembers.userId, userId))
	});
	return Boolean(row);
}

/**
 * Gives an account a new one-time password (chosen here, returned once for the slip, only its
 * hash kept) that must be replaced at the next sign-in; ends every session, API token and
 * e-mailed link of the account; and records who did it. The caller has checked the access rules.
 */
export async function resetToOneTimePassword(
	db: Database,
	actor: { id: string; displayName: string },
	userId: string,
	context: { classId?: string } = {},
	now = new Date()
): Promise<string> {
	const oneTimePassword = generateOneTimePassword();
	const passwordHash = await hashPassword(oneTimePassword);
	await db.transaction(async (tx) => {
		await tx
			.update(users)
			.set({ passwordHash, mustChangePassword: true })
			.where(eq(users.id, userId));
		await spendLinksOf(tx, userId, now);
		await invalidateUserSessions(tx, userId);
		await recordAudit(tx, actor, {
			action: 'user.resetPassword',
			targetType: 'user',
			targetId: userId,
			details: context.classId ? { classId: context.classId } : undefined
		});
	});
	return oneTimePassword;
}

/** One-time-password resets one teacher or administrator may make per hour (argon2 each). */
export const RESETS_BY_STAFF_PER_HOUR: Limit = { name: 'reset-by-staff', max: 60, windowMs: HOUR };

/**
 * A teacher's or administrator's reset, under their per-hour limit (a place is taken before any
 * hashing): the new one-time password for the slip, or why not. The caller has checked access.
 */
export async function resetByStaff(
	db: Database,
	actor: { id: string; displayName: string },
	userId: string,
	context: { classId?: string } = {}
): Promise<{ ok: true; oneTimePassword: string } | Refusal> {
	const verdict = await new RateLimiter(db).reserve(RESETS_BY_STAFF_PER_HOUR, actor.id);
	if (!verdict.allowed) {
		return refuse(
			429,
			`Too many passwords reset in the last hour. ${retryMessage(verdict.retryAfterMs)}`
		);
	}
	return { ok: true, oneTimePassword: await resetToOneTimePassword(db, actor, userId, context) };
}
