import { z } from 'zod';
import { reportReasons, suspensionDurations, type SuspensionDuration } from './labels';
import { idSchema, optionalIdSchema, type HiddenBy, type Post } from './post';

/** Longest note on a report and longest moderator's reason. */
export const MAX_NOTE_LENGTH = 500;

/** Open reports from this many different people hide a post until a moderator looks. */
export const AUTO_HIDE_THRESHOLD = 3;

const DAY_MS = 24 * 60 * 60 * 1000;

// ---- Reports ---------------------------------------------------------------------------

export { reportReasonLabels, reportReasons, type ReportReason } from './labels';

/** `open` until a moderator acts: `actioned` when the post was hidden, else `dismissed`. */
export const reportStatuses = ['open', 'dismissed', 'actioned'] as const;
export type ReportStatus = (typeof reportStatuses)[number];

/** Free text from a form: trimmed; empty or missing becomes `undefined`. */
const optionalText = (tooLong: string) =>
	z.preprocess(
		(value) => (typeof value === 'string' ? value.trim() || undefined : (value ?? undefined)),
		z.string({ error: tooLong }).max(MAX_NOTE_LENGTH, { error: tooLong }).optional()
	);

/** Required free text from a form, trimmed. */
const requiredText = (missing: string, tooLong: string) =>
	z
		.string({ error: missing })
		.trim()
		.min(1, { error: missing })
		.max(MAX_NOTE_LENGTH, { error: tooLong });

const NOTE_TOO_LONG = `Keep the note under ${MAX_NOTE_LENGTH} characters.`;
const REASON_TOO_LONG = `Keep the reason under ${MAX_NOTE_LENGTH} characters.`;

/** The report form. A note is optional, except with the reason `other`. */
export const reportSchema = z
	.object({
		postId: idSchema,
		reason: z.enum(reportReasons, { error: 'Choose why you are reporting this post.' }),
		note: optionalText(NOTE_TOO_LONG)
	})
	.superRefine((report, context) => {
		if (report.reason === 'other' && !report.note) {
			context.addIssue({
				code: 'custom',
				path: ['note'],
				message: 'Tell the moderators what is wrong with this post.'
			});
		}
	});
export type ReportInput = z.infer<typeof reportSchema>;

/** Whether a post should be hidden now; count open reports from distinct reporters. */
export function shouldAutoHide(openReportCount: number): boolean {
	return openReportCount >= AUTO_HIDE_THRESHOLD;
}

/** The moderation columns of a post. */
export type PostModerationState = Pick<Post, 'status' | 'hiddenBy' | 'hiddenReason'>;

/** The state a visible post takes when reports reach the threshold, or `null` for no change. */
export function autoHiddenState(
	post: PostModerationState,
	openReportCount: number
): PostModerationState | null {
	if (post.status !== 'visible' || !shouldAutoHide(openReportCount)) return null;
	return hidden('reports', null);
}

// ---- Moderation actions ----------------------------------------------------------------

export const moderationActions = [
	'hide',
	'restore',
	'dismiss',
	'lock',
	'unlock',
	'suspend',
	'lift',
	'approve'
] as const;
export type ModerationAction = (typeof moderationActions)[number];

export { suspensionDurationLabels, suspensionDurations, type SuspensionDuration } from './labels';

export const SUSPENSION_DURATION_MS: Record<SuspensionDuration, number> = {
	'1d': DAY_MS,
	'7d': 7 * DAY_MS,
	'30d': 30 * DAY_MS
};

const optionalReason = optionalText(REASON_TOO_LONG);

/** Hide a post; the author sees the reason. Closes its open reports as `actioned`. */
export const hideSchema = z.object({
	action: z.literal('hide'),
	postId: idSchema,
	reason: requiredText('Give a reason; the author will see it.', REASON_TOO_LONG)
});
/** Make a hidden post visible again. Closes its open reports as `dismissed`. */
export const restoreSchema = z.object({
	action: z.literal('restore'),
	postId: idSchema,
	reason: optionalReason
});
/** Close a post's open reports as unfounded; a post the reports hid becomes visible again. */
export const dismissSchema = z.object({
	action: z.literal('dismiss'),
	postId: idSchema,
	reason: optionalReason
});
/** Publish a post that was held for approval. */
export const approveSchema = z.object({
	action: z.literal('approve'),
	postId: idSchema,
	reason: optionalReason
});
/** Stop new posts in a thread (moderators can still post). */
export const lockSchema = z.object({
	action: z.literal('lock'),
	threadId: idSchema,
	reason: optionalReason
});
export const unlockSchema = z.object({
	action: z.literal('unlock'),
	threadId: idSchema,
	reason: optionalReason
});
/**
 * Stop a user posting (editing, reporting) for a while: everywhere, or with `classId` in that
 * class's threads only (a teacher's suspension of a student).
 */
export const suspendSchema = z.object({
	action: z.literal('suspend'),
	userId: idSchema,
	classId: optionalIdSchema,
	reason: requiredText('Give a reason for the suspension.', REASON_TOO_LONG),
	duration: z.enum(suspensionDurations, { error: 'Choose how long the suspension lasts.' })
});
/** End a suspension early: the site-wide one, or with `classId` the one in that class. */
export const liftSchema = z.object({
	action: z.literal('lift'),
	userId: idSchema,
	classId: optionalIdSchema,
	reason: optionalReason
});

/** Any moderation form, told apart by its `action` field. */
export const moderationCommandSchema = z.discriminatedUnion(
	'action',
	[
		hideSchema,
		restoreSchema,
		dismissSchema,
		approveSchema,
		lockSchema,
		unlockSchema,
		suspendSchema,
		liftSchema
	],
	{ error: 'Choose a moderation action.' }
);
export type ModerationCommand = z.infer<typeof moderationCommandSchema>;
export type PostModerationCommand = Extract<ModerationCommand, { postId: string }>;

export const auditTargetTypes = ['post', 'thread', 'user'] as const;
export type AuditTargetType = (typeof auditTargetTypes)[number];

/** One line of the moderation log: who did what to what, when and why. */
export interface AuditEntry {
	action: ModerationAction;
	targetType: AuditTargetType;
	targetId: string;
	reason: string | null;
	moderatorId: string;
	createdAt: Date;
	/** When a suspension ends; `null` for every other action. */
	suspendedUntil: Date | null;
	/** The class a suspension (or its lifting) is limited to; `null` for site-wide and the rest. */
	classId: string | null;
}

/** The audit-log entry recording `command`, done by `moderatorId` at `now`. */
export function auditEntry(command: ModerationCommand, moderatorId: string, now: Date): AuditEntry {
	const base = {
		action: command.action,
		reason: command.reason ?? null,
		moderatorId,
		createdAt: now,
		suspendedUntil: null,
		classId: null
	};
	switch (command.action) {
		case 'hide':
		case 'restore':
		case 'dismiss':
		case 'approve':
			return { ...base, targetType: 'post', targetId: command.postId };
		case 'lock':
		case 'unlock':
			return { ...base, targetType: 'thread', targetId: command.threadId };
		case 'suspend':
			return {
				...base,
				targetType: 'user',
				targetId: command.userId,
				suspendedUntil: suspensionEndsAt(command.duration, now),
				classId: command.classId ?? null
			};
		case 'lift':
			return {
				...base,
				targetType: 'user',
				targetId: command.userId,
				classId: command.classId ?? null
			};
	}
}

export function suspensionEndsAt(duration: SuspensionDuration, now: Date): Date {
	return new Date(now.getTime() + SUSPENSION_DURATION_MS[duration]);
}

/**
 * The state `post` takes under a moderator's `command`, or `null` when the command does not
 * apply to it (restoring a post that is not hidden, approving one that is not held, anything
 * on a deleted post) and nothing should change.
 */
export function moderatePost(
	post: PostModerationState,
	command: PostModerationCommand
): PostModerationState | null {
	if (post.status === 'deleted') return null;
	switch (command.action) {
		case 'hide':
			return hidden('moderator', command.reason);
		case 'restore':
			return post.status === 'hidden' ? visible() : null;
		case 'dismiss':
			return post.status === 'hidden' && post.hiddenBy === 'reports' ? visible() : null;
		case 'approve':
			return post.status === 'held' ? visible() : null;
	}
}

/** What a command does to the post's open reports, or `null` when it leaves them open. */
export function reportOutcome(action: ModerationAction): Exclude<ReportStatus, 'open'> | null {
	if (action === 'hide') return 'actioned';
	if (action === 'restore' || action === 'dismiss') return 'dismissed';
	return null;
}

function visible(): PostModerationState {
	return { status: 'visible', hiddenBy: null, hiddenReason: null };
}

function hidden(by: HiddenBy, reason: string | null): PostModerationState {
	return { status: 'hidden', hiddenBy: by, hiddenReason: reason };
}

// ---- Who may post ----------------------------------------------------------------------

export type PostingCheck = { ok: true } | { ok: false; message: string };

/** The suspensions that may stop someone in a thread: site-wide, and the thread's class's own. */
export interface Suspensions {
	/** Until when the account is suspended everywhere (`users.suspendedUntil`). */
	suspendedUntil: Date | null;
	/** Until when the person is suspended in this thread's class (a class thread only). */
	classSuspendedUntil?: Date | null;
}

const utc = (at: Date) => at.toISOString().slice(0, 16).replace('T', ' ');

/**
 * Why a suspended person may not write here now (post, edit, report), or `null` when no
 * suspension applies. A class suspension counts only in that class's threads: the caller
 * passes it for those alone.
 */
export function suspensionBlock(
	{ suspendedUntil, classSuspendedUntil = null }: Suspensions,
	now: Date
): string | null {
	const active = (at: Date | null) => (at && at.getTime() > now.getTime() ? at : null);
	const site = active(suspendedUntil);
	const cls = active(classSuspendedUntil);
	if (site && (!cls || site.getTime() >= cls.getTime()))
		return `Your account is suspended until ${utc(site)} UTC.`;
	if (cls)
		return `Your teacher has suspended you from this class’s discussions until ${utc(cls)} UTC.`;
	return null;
}

/** Whether someone may post in a thread now: not locked (except for moderators), not suspended. */
export function checkCanPost({
	threadLocked,
	isModerator,
	now,
	...suspensions
}: Suspensions & {
	threadLocked: boolean;
	isModerator: boolean;
	now: Date;
}): PostingCheck {
	const blocked = suspensionBlock(suspensions, now);
	if (blocked) return { ok: false, message: blocked };
	if (threadLocked && !isModerator) {
		return { ok: false, message: 'This discussion is locked: no new posts can be added.' };
	}
	return { ok: true };
}
