import { describe, expect, it } from 'vitest';
import {
	EDIT_WINDOW_MS,
	canEdit,
	canReplyTo,
	editableUntil,
	needsApproval,
	newPostSchema,
	postBodySchema,
	postExcerpt,
	type Post
} from './post';

const created = new Date('2025-03-01T12:00:00Z');
const after = (minutes: number, seconds = 0) =>
	new Date(created.getTime() + (minutes * 60 + seconds) * 1000);
const mine: Pick<Post, 'authorId' | 'createdAt' | 'status'> = {
	authorId: 'ana',
	createdAt: created,
	status: 'visible'
};

function firstMessage(result: { success: boolean; error?: { issues: { message: string }[] } }) {
	return result.error?.issues[0]?.message;
}

describe('postBodySchema', () => {
	it('accepts a body and trims the whitespace around it', () => {
		expect(postBodySchema.parse('  Hello, class.\n')).toBe('Hello, class.');
	});

	it('asks for something to post when the body is empty, blank or missing', () => {
		for (const body of ['', '   \n\t ', '\u200b\u200d', undefined, null]) {
			const result = postBodySchema.safeParse(body);
			expect(result.success).toBe(false);
			expect(firstMessage(result)).toBe('Write something before posting.');
		}
	});

	it('accepts exactly 10,000 characters, counting an emoji as one', () => {
		expect(postBodySchema.safeParse('a'.repeat(10_000)).success).toBe(true);
		expect(postBodySchema.safeParse('😀'.repeat(10_000)).success).toBe(true);
	});

	it('refuses 10,001 characters with a clear message', () => {
		for (const body of ['a'.repeat(10_001), '😀'.repeat(10_001), 'x'.repeat(1_000_000)]) {
			const result = postBodySchema.safeParse(body);
			expect(result.success).toBe(false);
			expect(firstMessage(result)).toBe('Posts can be at most 10,000 characters.');
		}
	});

	it('measures the limit after trimming', () => {
		expect(postBodySchema.safeParse(`   ${'a'.repeat(10_000)}   `).success).toBe(true);
	});
});

describe('newPostSchema', () => {
	it('reads an empty parent field as a top-level post', () => {
		expect(newPostSchema.parse({ body: 'Hi', parentId: '' })).toEqual({ body: 'Hi' });
		expect(newPostSchema.parse({ body: 'Hi' })).toEqual({ body: 'Hi' });
	});

	it('keeps the parent a reply answers', () => {
		expect(newPostSchema.parse({ body: 'Hi', parentId: 'p1' })).toEqual({
			body: 'Hi',
			parentId: 'p1'
		});
	});
});

describe('canEdit', () => {
	it('lets the author edit at 14:59', () => {
		expect(canEdit(mine, 'ana', after(14, 59))).toBe(true);
	});

	it('lets the author edit at exactly 15:00, the last moment of the window', () => {
		expect(canEdit(mine, 'ana', after(15))).toBe(true);
		expect(editableUntil(mine).getTime() - created.getTime()).toBe(EDIT_WINDOW_MS);
	});

	it('refuses the author at 15:01', () => {
		expect(canEdit(mine, 'ana', after(15, 1))).toBe(false);
	});

	it("refuses someone else's post, and anyone signed out", () => {
		expect(canEdit(mine, 'ben', after(1))).toBe(false);
		expect(canEdit(mine, null, after(1))).toBe(false);
		expect(canEdit({ ...mine, authorId: null }, null, after(1))).toBe(false);
	});

	it('refuses a deleted or hidden post, even inside the window', () => {
		expect(canEdit({ ...mine, status: 'deleted' }, 'ana', after(1))).toBe(false);
		expect(canEdit({ ...mine, status: 'hidden' }, 'ana', after(1))).toBe(false);
	});

	it('lets the author fix a post still awaiting approval', () => {
		expect(canEdit({ ...mine, status: 'held' }, 'ana', after(1))).toBe(true);
	});
});

describe('needsApproval', () => {
	it("holds a new account's first and second public posts", () => {
		expect(needsApproval({ approvedPostCount: 0, isPublicThread: true })).toBe(true);
		expect(needsApproval({ approvedPostCount: 1, isPublicThread: true })).toBe(true);
	});

	it('publishes directly once two posts have been approved', () => {
		expect(needsApproval({ approvedPostCount: 2, isPublicThread: true })).toBe(false);
		expect(needsApproval({ approvedPostCount: 40, isPublicThread: true })).toBe(false);
	});

	it('never holds posts in a class thread', () => {
		expect(needsApproval({ approvedPostCount: 0, isPublicThread: false })).toBe(false);
	});

	it("never holds a moderator's posts", () => {
		expect(needsApproval({ approvedPostCount: 0, isPublicThread: true, isModerator: true })).toBe(
			false
		);
	});
});

describe('canReplyTo', () => {
	it('allows replies to visible posts only', () => {
		expect(canReplyTo({ status: 'visible' })).toBe(true);
		for (const status of ['held', 'hidden', 'deleted'] as const) {
			expect(canReplyTo({ status })).toBe(false);
		}
	});
});

describe('postExcerpt', () => {
	it('puts a post on one line and keeps it whole when it fits', () => {
		expect(postExcerpt('  One\n\n  two\tthree ', 20)).toBe('One two three');
	});

	it('cuts a long post to the length, the ellipsis included', () => {
		const cut = postExcerpt('word '.repeat(60), 140);
		expect(cut).toHaveLength(140);
		expect(cut).toBe(`${'word '.repeat(27)}word…`);
	});
});
