import { describe, expect, it } from 'vitest';
import type { Post } from './post';
import {
	AWAITING_APPROVAL_NOTICE,
	DELETED_PLACEHOLDER,
	HIDDEN_PLACEHOLDER,
	UNDER_REVIEW_NOTICE,
	UNDER_REVIEW_PLACEHOLDER,
	canSeeOthersPosts,
	respondFirstByDefault,
	threadView,
	visiblePostView,
	type Viewer
} from './visibility';

const post = (overrides: Partial<Post> = {}): Post => ({
	id: 'p1',
	parentId: null,
	depth: 1,
	authorId: 'ana',
	authorName: 'Ana',
	bodyHtml: '<p>My answer</p>\n',
	status: 'visible',
	hiddenBy: null,
	hiddenReason: null,
	replyToPostId: null,
	quotedAuthor: null,
	createdAt: new Date('2025-03-01T12:00:00Z'),
	editedAt: null,
	...overrides
});

const author: Viewer = { userId: 'ana', isModerator: false };
const stranger: Viewer = { userId: 'ben', isModerator: false };
const anonymous: Viewer = { userId: null, isModerator: false };
const moderator: Viewer = { userId: 'mod', isModerator: true };

describe('canSeeOthersPosts (respond first)', () => {
	it("hides others' posts from a learner who has not posted yet", () => {
		expect(
			canSeeOthersPosts({ respondFirst: true, viewerHasPosted: false, isModerator: false })
		).toBe(false);
	});

	it("shows others' posts once the learner has posted", () => {
		expect(
			canSeeOthersPosts({ respondFirst: true, viewerHasPosted: true, isModerator: false })
		).toBe(true);
	});

	it('always shows everything to moderators and the teacher', () => {
		expect(
			canSeeOthersPosts({ respondFirst: true, viewerHasPosted: false, isModerator: true })
		).toBe(true);
	});

	it('shows everything when the thread does not ask to respond first', () => {
		expect(
			canSeeOthersPosts({ respondFirst: false, viewerHasPosted: false, isModerator: false })
		).toBe(true);
	});

	it('is off for public threads and on for class threads by default', () => {
		expect(respondFirstByDefault(true)).toBe(false);
		expect(respondFirstByDefault(false)).toBe(true);
	});
});

describe('visiblePostView', () => {
	it('shows a visible post to everyone, signed in or not', () => {
		for (const viewer of [author, stranger, anonymous, moderator]) {
			expect(visiblePostView(post(), viewer)).toMatchObject({
				bodyHtml: '<p>My answer</p>\n',
				authorName: 'Ana',
				placeholder: null,
				notice: null
			});
		}
		expect(visiblePostView(post(), author)?.isOwn).toBe(true);
		expect(visiblePostView(post(), stranger)?.isOwn).toBe(false);
	});

	it('names a deleted account "deleted user" and keeps the body', () => {
		const orphaned = post({ authorId: null, authorName: null });
		expect(visiblePostView(orphaned, anonymous)).toMatchObject({
			authorName: 'deleted user',
			bodyHtml: '<p>My answer</p>\n',
			isOwn: false
		});
	});

	it('shows a held post only to its author and moderators, marked as awaiting approval', () => {
		const held = post({ status: 'held' });
		expect(visiblePostView(held, author)).toMatchObject({
			bodyHtml: '<p>My answer</p>\n',
			notice: AWAITING_APPROVAL_NOTICE
		});
		expect(visiblePostView(held, moderator)?.notice).toBe(AWAITING_APPROVAL_NOTICE);
		expect(visiblePostView(held, stranger)).toBeNull();
		expect(visiblePostView(held, anonymous)).toBeNull();
	});

	it("shows the moderator's reason for hiding to the author and moderators only", () => {
		const hidden = post({
			status: 'hidden',
			hiddenBy: 'moderator',
			hiddenReason: 'Personal attack'
		});
		for (const viewer of [author, moderator]) {
			expect(visiblePostView(hidden, viewer)).toMatchObject({
				bodyHtml: '<p>My answer</p>\n',
				notice: 'Hidden by a moderator. Reason: Personal attack'
			});
		}
		const seenByOthers = visiblePostView(hidden, stranger);
		expect(seenByOthers).toMatchObject({
			bodyHtml: null,
			placeholder: HIDDEN_PLACEHOLDER,
			notice: null,
			authorName: 'Ana'
		});
		expect(JSON.stringify(seenByOthers)).not.toContain('Personal attack');
		expect(JSON.stringify(seenByOthers)).not.toContain('My answer');
	});

	it('marks a post hidden by reports as pending review', () => {
		const reported = post({ status: 'hidden', hiddenBy: 'reports' });
		expect(visiblePostView(reported, author)?.notice).toBe(UNDER_REVIEW_NOTICE);
		expect(visiblePostView(reported, stranger)).toMatchObject({
			bodyHtml: null,
			placeholder: UNDER_REVIEW_PLACEHOLDER
		});
	});

	it('shows a deleted post as "[deleted]" without its author, to everyone', () => {
		const deleted = post({ status: 'deleted' });
		for (const viewer of [author, stranger, moderator]) {
			const view = visiblePostView(deleted, viewer);
			expect(view).toMatchObject({
				bodyHtml: null,
				placeholder: DELETED_PLACEHOLDER,
				authorName: 'deleted user'
			});
			expect(JSON.stringify(view)).not.toContain('Ana');
		}
	});

	it('passes on whom a re-attached reply answers', () => {
		const reply = post({ depth: 4, parentId: 'p0', replyToPostId: 'deep', quotedAuthor: 'Ben' });
		expect(visiblePostView(reply, stranger)).toMatchObject({
			replyToPostId: 'deep',
			quotedAuthor: 'Ben'
		});
	});
});

describe('threadView', () => {
	const thread = [
		post({ id: 'ana-1', authorId: 'ana', authorName: 'Ana' }),
		post({
			id: 'ben-1',
			authorId: 'ben',
			authorName: 'Ben',
			createdAt: new Date('2025-03-01T12:05:00Z')
		}),
		post({ id: 'ana-reply', parentId: 'ben-1', depth: 2, authorId: 'ana' }),
		post({ id: 'cat-held', authorId: 'cat', status: 'held' }),
		post({ id: 'cat-held-reply', parentId: 'cat-held', depth: 2, authorId: 'mod' }),
		post({
			id: 'gone',
			authorId: 'cat',
			status: 'deleted',
			createdAt: new Date('2025-03-01T11:00:00Z')
		}),
		post({ id: 'gone-reply', parentId: 'gone', depth: 2, authorId: 'ben' })
	];
	const shape = (nodes: ReturnType<typeof threadView>): unknown =>
		nodes.map((node) => (node.replies.length ? { [node.id]: shape(node.replies) } : node.id));

	it('nests what the viewer may see and leaves out what they may not', () => {
		const tree = threadView(thread, stranger, { respondFirst: false, viewerHasPosted: true });
		expect(shape(tree)).toEqual([{ gone: ['gone-reply'] }, 'ana-1', { 'ben-1': ['ana-reply'] }]);
		expect(tree[0]?.placeholder).toBe(DELETED_PLACEHOLDER);
	});

	it('shows moderators the held post and its replies too', () => {
		const tree = threadView(thread, moderator, { respondFirst: true, viewerHasPosted: false });
		expect(shape(tree)).toContainEqual({ 'cat-held': ['cat-held-reply'] });
	});

	it('shows a learner only their own posts until they respond, under respond first', () => {
		const newcomer: Viewer = { userId: 'dan', isModerator: false };
		expect(threadView(thread, newcomer, { respondFirst: true, viewerHasPosted: false })).toEqual(
			[]
		);
		const tree = threadView(thread, author, { respondFirst: true, viewerHasPosted: false });
		expect(shape(tree)).toEqual(['ana-1']);
	});

	it('orders top-level posts newest first when asked', () => {
		const tree = threadView(thread, stranger, {
			respondFirst: false,
			viewerHasPosted: false,
			order: 'newest'
		});
		expect(tree.map((node) => node.id)).toEqual(['ben-1', 'ana-1', 'gone']);
	});
});
