import { describe, expect, it } from 'vitest';
import {
	MAX_DEPTH,
	buildThreadTree,
	placeReply,
	type ReplyTarget,
	type ThreadNode,
	type ThreadRow
} from './thread';

interface Row extends ThreadRow {
	depth: number;
	author: string;
}

const at = (minute: number) => new Date(Date.UTC(2025, 2, 1, 12, minute));
const row = (id: string, parentId: string | null, minute: number, depth = 1): Row => ({
	id,
	parentId,
	createdAt: at(minute),
	depth,
	author: `author of ${id}`
});
const ids = (nodes: ThreadNode<Row>[]): unknown =>
	nodes.map((node) => (node.replies.length ? { [node.id]: ids(node.replies) } : node.id));

describe('buildThreadTree', () => {
	const rows = [
		row('b', null, 5),
		row('a-2', 'a', 4, 2),
		row('a', null, 1),
		row('a-1', 'a', 2, 2),
		row('a-1-1', 'a-1', 3, 3),
		row('c', null, 9)
	];

	it('nests replies under their parents, oldest reply first', () => {
		expect(ids(buildThreadTree(rows))).toEqual([{ a: [{ 'a-1': ['a-1-1'] }, 'a-2'] }, 'b', 'c']);
	});

	it('puts the newest top-level post first in newest order, replies still oldest first', () => {
		expect(ids(buildThreadTree(rows, 'newest'))).toEqual([
			'c',
			'b',
			{ a: [{ 'a-1': ['a-1-1'] }, 'a-2'] }
		]);
	});

	it('breaks ties in time by id, and newest order is the exact reverse', () => {
		const tied = [row('y', null, 1), row('x', null, 1), row('z', null, 1)];
		expect(ids(buildThreadTree(tied, 'oldest'))).toEqual(['x', 'y', 'z']);
		expect(ids(buildThreadTree(tied, 'newest'))).toEqual(['z', 'y', 'x']);
	});

	it('keeps every field of the rows it is given', () => {
		const [first] = buildThreadTree([row('a', null, 1)]);
		expect(first).toEqual({ ...row('a', null, 1), replies: [] });
	});

	it('leaves out a reply whose parent is missing, with its own replies', () => {
		const partial = [row('a', null, 1), row('orphan', 'gone', 2, 2), row('o-1', 'orphan', 3, 3)];
		expect(ids(buildThreadTree(partial))).toEqual(['a']);
	});

	it('does not change the rows it is given', () => {
		const input = [row('a', null, 1), row('a-1', 'a', 2, 2)];
		const copy = structuredClone(input);
		buildThreadTree(input);
		expect(input).toEqual(copy);
	});

	it('returns an empty list for an empty thread', () => {
		expect(buildThreadTree([])).toEqual([]);
	});
});

describe('placeReply', () => {
	const target = (id: string, depth: number, parentId: string | null): ReplyTarget => ({
		id,
		depth,
		parentId,
		authorName: `Name ${id}`
	});

	it('places a new top-level post at depth 1', () => {
		expect(placeReply(null)).toEqual({
			parentId: null,
			depth: 1,
			replyToPostId: null,
			quotedAuthor: null
		});
	});

	it('nests a reply one level under the post it answers, down to depth 4', () => {
		expect(placeReply(target('top', 1, null))).toEqual({
			parentId: 'top',
			depth: 2,
			replyToPostId: 'top',
			quotedAuthor: null
		});
		expect(placeReply(target('third', 3, 'second'))).toEqual({
			parentId: 'third',
			depth: MAX_DEPTH,
			replyToPostId: 'third',
			quotedAuthor: null
		});
	});

	it('attaches a reply to a depth-4 post beside it, under the same parent, naming whom it answers', () => {
		expect(placeReply(target('deep', 4, 'third'))).toEqual({
			parentId: 'third',
			depth: 4,
			replyToPostId: 'deep',
			quotedAuthor: 'Name deep'
		});
	});

	it('quotes "deleted user" when the answered author has deleted their account', () => {
		expect(placeReply({ id: 'deep', depth: 4, parentId: 'third', authorName: null })).toMatchObject(
			{ quotedAuthor: 'deleted user' }
		);
	});

	it('never goes deeper than 4, even under a row stored too deep', () => {
		expect(placeReply(target('corrupt', 7, 'p')).depth).toBe(MAX_DEPTH);
	});

	it('refuses a post at the maximum depth that has no parent: the data is broken', () => {
		expect(() => placeReply(target('broken', 4, null))).toThrow(/no parent/);
	});

	it('keeps a whole conversation within four levels', () => {
		let parent: ReplyTarget = target('top', 1, null);
		for (let n = 0; n < 10; n++) {
			const placed = placeReply(parent);
			expect(placed.depth).toBeLessThanOrEqual(MAX_DEPTH);
			parent = {
				id: `reply-${n}`,
				depth: placed.depth,
				parentId: placed.parentId,
				authorName: 'x'
			};
		}
		expect(parent.depth).toBe(MAX_DEPTH);
	});
});
