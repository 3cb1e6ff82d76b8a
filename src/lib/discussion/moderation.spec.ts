import { describe, expect, it } from 'vitest';
import {
	AUTO_HIDE_THRESHOLD,
	auditEntry,
	autoHiddenState,
	checkCanPost,
	suspensionBlock,
	moderatePost,
	moderationCommandSchema,
	reportOutcome,
	reportSchema,
	shouldAutoHide,
	suspendSchema,
	type PostModerationState
} from './moderation';

const now = new Date('2025-03-01T12:00:00Z');
const visible: PostModerationState = { status: 'visible', hiddenBy: null, hiddenReason: null };
const messages = (result: { error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
	Object.fromEntries(result.error?.issues.map((i) => [i.path.join('.'), i.message]) ?? []);

describe('reportSchema', () => {
	it('accepts each reason, with an optional note', () => {
		for (const reason of ['spam', 'harassment', 'off-topic'] as const) {
			expect(reportSchema.parse({ postId: 'p1', reason, note: '' })).toEqual({
				postId: 'p1',
				reason
			});
		}
		expect(reportSchema.parse({ postId: 'p1', reason: 'spam', note: ' buy now ' }).note).toBe(
			'buy now'
		);
	});

	it('requires a note when the reason is "other"', () => {
		const result = reportSchema.safeParse({ postId: 'p1', reason: 'other', note: '   ' });
		expect(result.success).toBe(false);
		expect(messages(result)).toEqual({ note: 'Tell the moderators what is wrong with this post.' });
		expect(reportSchema.safeParse({ postId: 'p1', reason: 'other', note: 'Copied' }).success).toBe(
			true
		);
	});

	it('refuses an unknown reason, a missing post and an overlong note with messages', () => {
		const result = reportSchema.safeParse({ postId: '', reason: 'boring', note: 'x'.repeat(501) });
		expect(messages(result)).toEqual({
			postId: 'This form is out of date; reload the page and try again.',
			reason: 'Choose why you are reporting this post.',
			note: 'Keep the note under 500 characters.'
		});
	});
});

describe('auto-hide', () => {
	it('hides a post at the third report, not before', () => {
		expect(AUTO_HIDE_THRESHOLD).toBe(3);
		expect(shouldAutoHide(2)).toBe(false);
		expect(shouldAutoHide(3)).toBe(true);
		expect(shouldAutoHide(7)).toBe(true);
	});

	it('hides a visible post pending review, and leaves other posts alone', () => {
		expect(autoHiddenState(visible, 3)).toEqual({
			status: 'hidden',
			hiddenBy: 'reports',
			hiddenReason: null
		});
		expect(autoHiddenState(visible, 2)).toBeNull();
		const byModerator = { status: 'hidden', hiddenBy: 'moderator', hiddenReason: 'Spam' } as const;
		expect(autoHiddenState(byModerator, 5)).toBeNull();
		expect(autoHiddenState({ ...visible, status: 'deleted' }, 5)).toBeNull();
	});
});

describe('moderationCommandSchema', () => {
	it('requires a reason to hide a post', () => {
		const result = moderationCommandSchema.safeParse({ action: 'hide', postId: 'p1', reason: ' ' });
		expect(messages(result)).toEqual({ reason: 'Give a reason; the author will see it.' });
		expect(
			moderationCommandSchema.parse({ action: 'hide', postId: 'p1', reason: ' Insults ' })
		).toEqual({ action: 'hide', postId: 'p1', reason: 'Insults' });
	});

	it('requires a reason and one of 1, 7 or 30 days to suspend', () => {
		expect(messages(suspendSchema.safeParse({ action: 'suspend', userId: 'u1' }))).toEqual({
			reason: 'Give a reason for the suspension.',
			duration: 'Choose how long the suspension lasts.'
		});
		for (const duration of ['1d', '7d', '30d']) {
			expect(
				moderationCommandSchema.safeParse({
					action: 'suspend',
					userId: 'u1',
					reason: 'Spam',
					duration
				}).success
			).toBe(true);
		}
		expect(
			moderationCommandSchema.safeParse({
				action: 'suspend',
				userId: 'u1',
				reason: 'x',
				duration: '2d'
			}).success
		).toBe(false);
	});

	it('accepts the other actions without a reason', () => {
		for (const command of [
			{ action: 'restore', postId: 'p1' },
			{ action: 'dismiss', postId: 'p1', reason: '' },
			{ action: 'approve', postId: 'p1' },
			{ action: 'lock', threadId: 't1' },
			{ action: 'unlock', threadId: 't1' }
		]) {
			expect(moderationCommandSchema.safeParse(command).success, command.action).toBe(true);
		}
	});

	it('refuses an unknown action and a command without its target', () => {
		expect(moderationCommandSchema.safeParse({ action: 'ban', userId: 'u1' }).success).toBe(false);
		expect(moderationCommandSchema.safeParse({ action: 'lock', postId: 'p1' }).success).toBe(false);
	});
});

describe('auditEntry', () => {
	it('records a hidden post with its reason', () => {
		const command = moderationCommandSchema.parse({ action: 'hide', postId: 'p1', reason: 'Spam' });
		expect(auditEntry(command, 'mod', now)).toEqual({
			action: 'hide',
			targetType: 'post',
			targetId: 'p1',
			reason: 'Spam',
			moderatorId: 'mod',
			createdAt: now,
			suspendedUntil: null,
			classId: null
		});
	});

	it('records a lock against the thread, with no reason when none was given', () => {
		const command = moderationCommandSchema.parse({ action: 'lock', threadId: 't1' });
		expect(auditEntry(command, 'mod', now)).toMatchObject({
			targetType: 'thread',
			targetId: 't1',
			reason: null
		});
	});

	it('records a suspension against the user with the moment it ends', () => {
		const command = moderationCommandSchema.parse({
			action: 'suspend',
			userId: 'u1',
			reason: 'Repeated abuse',
			duration: '7d'
		});
		expect(auditEntry(command, 'mod', now)).toMatchObject({
			targetType: 'user',
			targetId: 'u1',
			suspendedUntil: new Date('2025-03-08T12:00:00Z'),
			classId: null
		});
	});

	it('records a teacher’s suspension with the class it is limited to', () => {
		const command = moderationCommandSchema.parse({
			action: 'suspend',
			userId: 'u1',
			classId: 'c1',
			reason: 'Spam in class',
			duration: '1d'
		});
		expect(auditEntry(command, 'teacher', now)).toMatchObject({ targetId: 'u1', classId: 'c1' });
	});

	it('records a lifted suspension against the user, with its class if any', () => {
		const site = moderationCommandSchema.parse({ action: 'lift', userId: 'u1', reason: '' });
		expect(auditEntry(site, 'mod', now)).toEqual({
			action: 'lift',
			targetType: 'user',
			targetId: 'u1',
			reason: null,
			moderatorId: 'mod',
			createdAt: now,
			suspendedUntil: null,
			classId: null
		});
		const inClass = moderationCommandSchema.parse({ action: 'lift', userId: 'u1', classId: 'c1' });
		expect(auditEntry(inClass, 'teacher', now)).toMatchObject({ action: 'lift', classId: 'c1' });
	});
});

describe('moderatePost', () => {
	const hiddenByReports = { status: 'hidden', hiddenBy: 'reports', hiddenReason: null } as const;
	const hiddenByModerator = {
		status: 'hidden',
		hiddenBy: 'moderator',
		hiddenReason: 'Spam'
	} as const;

	it('hides a post with the reason its author will see', () => {
		expect(moderatePost(visible, { action: 'hide', postId: 'p1', reason: 'Spam' })).toEqual(
			hiddenByModerator
		);
	});

	it('restores a hidden post', () => {
		expect(moderatePost(hiddenByModerator, { action: 'restore', postId: 'p1' })).toEqual(visible);
		expect(moderatePost(visible, { action: 'restore', postId: 'p1' })).toBeNull();
	});

	it('dismissing reports brings back a post the reports hid, but not one a moderator hid', () => {
		expect(moderatePost(hiddenByReports, { action: 'dismiss', postId: 'p1' })).toEqual(visible);
		expect(moderatePost(hiddenByModerator, { action: 'dismiss', postId: 'p1' })).toBeNull();
	});

	it('approves a held post', () => {
		const held = { ...visible, status: 'held' } as const;
		expect(moderatePost(held, { action: 'approve', postId: 'p1' })).toEqual(visible);
		expect(moderatePost(visible, { action: 'approve', postId: 'p1' })).toBeNull();
	});

	it('changes nothing on a deleted post', () => {
		const deleted = { ...visible, status: 'deleted' } as const;
		expect(moderatePost(deleted, { action: 'hide', postId: 'p1', reason: 'x' })).toBeNull();
	});

	it('closes reports as actioned when hiding and dismissed when restoring or dismissing', () => {
		expect(reportOutcome('hide')).toBe('actioned');
		expect(reportOutcome('restore')).toBe('dismissed');
		expect(reportOutcome('dismiss')).toBe('dismissed');
		expect(reportOutcome('approve')).toBeNull();
	});
});

describe('checkCanPost', () => {
	const base = { threadLocked: false, suspendedUntil: null, isModerator: false, now };

	it('lets people post in an open thread', () => {
		expect(checkCanPost(base)).toEqual({ ok: true });
	});

	it('stops posts in a locked thread, except from moderators', () => {
		expect(checkCanPost({ ...base, threadLocked: true })).toEqual({
			ok: false,
			message: 'This discussion is locked: no new posts can be added.'
		});
		expect(checkCanPost({ ...base, threadLocked: true, isModerator: true })).toEqual({ ok: true });
	});

	it('stops a suspended account until the suspension ends', () => {
		const suspendedUntil = new Date('2025-03-08T12:00:00Z');
		expect(checkCanPost({ ...base, suspendedUntil })).toEqual({
			ok: false,
			message: 'Your account is suspended until 2025-03-08 12:00 UTC.'
		});
		expect(checkCanPost({ ...base, suspendedUntil, now: suspendedUntil })).toEqual({ ok: true });
	});

	it('stops a student their teacher suspended in the class, with its own message', () => {
		const classSuspendedUntil = new Date('2025-03-02T12:00:00Z');
		expect(checkCanPost({ ...base, classSuspendedUntil })).toEqual({
			ok: false,
			message:
				'Your teacher has suspended you from this class’s discussions until 2025-03-02 12:00 UTC.'
		});
		expect(checkCanPost({ ...base, classSuspendedUntil, now: classSuspendedUntil })).toEqual({
			ok: true
		});
	});
});

describe('suspensionBlock', () => {
	const later = new Date('2025-03-08T12:00:00Z');
	const sooner = new Date('2025-03-02T12:00:00Z');

	it('is null when no suspension is running (ended ones included)', () => {
		expect(suspensionBlock({ suspendedUntil: null }, now)).toBeNull();
		expect(suspensionBlock({ suspendedUntil: now, classSuspendedUntil: now }, now)).toBeNull();
	});

	it('names the suspension that lasts longer when both run', () => {
		expect(suspensionBlock({ suspendedUntil: later, classSuspendedUntil: sooner }, now)).toBe(
			'Your account is suspended until 2025-03-08 12:00 UTC.'
		);
		expect(suspensionBlock({ suspendedUntil: sooner, classSuspendedUntil: later }, now)).toMatch(
			/^Your teacher has suspended you from this class’s discussions until 2025-03-08/
		);
	});
});
