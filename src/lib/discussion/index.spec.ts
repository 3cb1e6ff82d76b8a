import { describe, expect, it } from 'vitest';
import {
	newPostSchema,
	placeReply,
	renderPost,
	threadView,
	type Post,
	type ReplyTarget
} from './index';

describe('the discussion module, used as the server will use it', () => {
	it('stores a conversation deeper than four levels and shows whom the deep replies answer', () => {
		const posts: Post[] = [];
		const write = (id: string, author: string, body: string, target: ReplyTarget | null) => {
			const input = newPostSchema.parse({ body, parentId: target?.id ?? '' });
			const post: Post = {
				id,
				...placeReply(target),
				authorId: author.toLowerCase(),
				authorName: author,
				bodyHtml: renderPost(input.body),
				status: 'visible',
				hiddenBy: null,
				hiddenReason: null,
				createdAt: new Date(Date.UTC(2025, 2, 1, 12, posts.length)),
				editedAt: null
			};
			posts.push(post);
			return post;
		};
		const top = write('1', 'Ana', 'Was **NATO** expansion promised away?', null);
		const second = write('2', 'Ben', 'No, see [the memo](https://example.com/memo).', top);
		const third = write('3', 'Cat', 'It depends on <who> you ask.', second);
		const fourth = write('4', 'Dan', 'Agreed.', third);
		write('5', 'Eve', 'Replying to Dan.', fourth);

		const tree = threadView(
			posts,
			{ userId: null, isModerator: false },
			{
				respondFirst: false,
				viewerHasPosted: false
			}
		);

		const thirdLevel = tree[0]?.replies[0]?.replies[0];
		expect(thirdLevel?.id).toBe('3');
		expect(thirdLevel?.bodyHtml).toBe('<p>It depends on &lt;who&gt; you ask.</p>\n');
		expect(thirdLevel?.replies.map((reply) => [reply.id, reply.depth, reply.quotedAuthor])).toEqual(
			[
				['4', 4, null],
				['5', 4, 'Dan']
			]
		);
		expect(tree[0]?.replies[0]?.bodyHtml).toContain('rel="nofollow ugc noopener noreferrer"');
	});
});
