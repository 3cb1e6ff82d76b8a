// Scale without a timed test: a thread of 10,000 posts costs its first page what a thread of
// 100 costs, because the page reads 20 top-level ids from an index and then their subtrees.
// SQLite's own counters (the sqlite_stmt table: VM steps, full-scan steps, automatic-index
// rows) say how much work each statement did; EXPLAIN QUERY PLAN says how it found its rows.
import { randomUUID } from 'node:crypto';
import type { Client } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/lib/article/parse';
import { PAGE_SIZE } from '../../src/lib/discussion';
import { importArticle } from '../../src/lib/server/articles';
import { users } from '../../src/lib/server/db/schema';
import {
	PUBLIC_SCOPE,
	getOrCreateThread,
	hasPostedIn,
	listPromptThreads,
	loadThreadPage,
	locatePost,
	newRepliesTo,
	type Thread
} from '../../src/lib/server/discussion';
import { loadModerationQueue } from '../../src/lib/server/moderation';
import { freshDatabase, seedText, type TestDatabase } from './support/database';
import { measure, measuredHandle, queryPlan, type StatementCost } from './support/statement-cost';

/** Each top-level post carries a chain of three replies (depths 2, 3, 4): four posts a root. */
const POSTS_PER_ROOT = 4;

let t: TestDatabase;
/** Where the work is measured (see measuredHandle). */
let m: ReturnType<typeof measuredHandle>;
let big: Thread;
let small: Thread;
let authorId: string;
let articleId: string;

/** Fills a thread with `roots` top-level posts, each with a reply chain, in one statement each. */
async function fillThread(client: Client, thread: Thread, roots: number, author: string) {
	const start = Date.UTC(2025, 5, 1);
	const base = `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${roots - 1})
		INSERT INTO posts (id, thread_id, author_id, parent_id, root_id, depth, reply_to_post_id, body, html, status, created_at)`;
	const id = (depth: number) => `'${thread.id}-' || i || '-${depth}'`;
	// Every 50th root is held and every 70th hidden, as in a thread people actually use.
	await client.execute({
		sql: `${base} SELECT ${id(1)}, ?, ?, NULL, ${id(1)}, 1, NULL, 'Post ' || i, '<p>Post ' || i || '</p>',
			CASE WHEN i % 50 = 49 THEN 'held' WHEN i % 70 = 69 THEN 'hidden' ELSE 'visible' END, ? + i * 60000 FROM n`,
		args: [thread.id, author, start]
	});
	for (let depth = 2; depth <= 4; depth++) {
		await client.execute({
			sql: `${base} SELECT ${id(depth)}, ?, ?, ${id(depth - 1)}, ${id(1)}, ${depth}, ${id(depth - 1)},
				'Reply ' || i, '<p>Reply ' || i || '</p>', 'visible', ? + i * 60000 + ${depth * 1000} FROM n`,
			args: [thread.id, author, start]
		});
	}
}

/** Every step that touches `posts` or `reports` finds its rows by an index, never by a scan. */
async function expectIndexedPlans(client: Client, costs: StatementCost[]) {
	expect(costs.length).toBeGreaterThan(0);
	for (const cost of costs) {
		const plan = await queryPlan(client, cost.sql);
		const touching = plan.filter((line) => /\b(posts|reports|mine|parent)\b/.test(line));
		expect(touching.length, `${cost.sql}\n${plan.join('\n')}`).toBeGreaterThan(0);
		for (const line of touching) {
			expect(line, `${cost.sql}\n${plan.join('\n')}`).toMatch(
				/^SEARCH \w+ USING (COVERING )?INDEX|^SEARCH \w+ USING INTEGER PRIMARY KEY/
			);
		}
		expect(cost.fullScanSteps, `${cost.sql}\n${plan.join('\n')}`).toBe(0);
		expect(cost.autoIndexRows, cost.sql).toBe(0);
	}
}

const anonymous = { userId: null, isModerator: false };

beforeAll(async () => {
	t = await freshDatabase();
	articleId = (await importArticle(t.db, parseArticle(seedText()))).articleId;
	const prompts = await t.db.query.prompts.findMany({
		where: (p, { eq }) => eq(p.articleId, articleId),
		orderBy: (p, { asc }) => asc(p.number)
	});
	authorId = randomUUID();
	await t.db.insert(users).values({ id: authorId, displayName: 'Prolific', approvedPostCount: 2 });
	big = await getOrCreateThread(t.db, { articleId, promptId: prompts[0]!.id, scope: PUBLIC_SCOPE });
	small = await getOrCreateThread(t.db, {
		articleId,
		promptId: prompts[1]!.id,
		scope: PUBLIC_SCOPE
	});
	await fillThread(t.client, big, 10_000 / POSTS_PER_ROOT, authorId);
	await fillThread(t.client, small, 100 / POSTS_PER_ROOT, authorId);
	m = measuredHandle(t.url);
}, 60_000);
afterAll(() => {
	m?.client.close();
	t?.close();
});

describe('a thread of 10,000 posts', () => {
	it('holds 10,000 posts, and the thread of comparison 100', async () => {
		const counts = await t.client.execute(
			'SELECT thread_id, count(*) AS n FROM posts GROUP BY thread_id ORDER BY n'
		);
		expect(counts.rows.map((r) => [r.thread_id, Number(r.n)])).toEqual([
			[small.id, 100],
			[big.id, 10_000]
		]);
	});

	it('reads its first page with the same work as a thread of 100 posts', async () => {
		const viewer = { userId: authorId, isModerator: false };
		const query = { page: 1, sort: 'oldest' as const };
		// Warm the statement cache, so both measurements count execution alone.
		await loadThreadPage(m.db, small, viewer, query);
		const onSmall = await measure(m.client, () => loadThreadPage(m.db, small, viewer, query));
		const onBig = await measure(m.client, () => loadThreadPage(m.db, big, viewer, query));

		expect(onBig.result.posts).toHaveLength(PAGE_SIZE);
		expect(onBig.result.hasNext).toBe(true);
		// Three statements: the page's ids, their subtrees, the viewer's reports among them.
		expect(onBig.costs).toHaveLength(3);
		expect(onSmall.costs).toHaveLength(3);
		// Identical work: the bigger thread costs at most 5 % more VM steps (B-tree depth).
		expect(onBig.steps).toBeLessThanOrEqual(onSmall.steps * 1.05);
		await expectIndexedPlans(m.client, onBig.costs);
		console.info(
			`first page, VM steps: 100 posts ${onSmall.steps}, 10,000 posts ${onBig.steps}\n` +
				onBig.costs.map((c) => `  ${c.steps} steps: ${c.sql}`).join('\n')
		);
	});

	it('reads a bounded number of rows: the 20 top-level ids, then 80 posts of their subtrees', async () => {
		// Count the rows each statement returns, at the client every query goes through.
		const rows: number[] = [];
		const execute = t.client.execute.bind(t.client);
		// An own property shadows the client's method for this one call…
		t.client.execute = (async (...args: Parameters<Client['execute']>) => {
			const rs = await execute(...args);
			rows.push(rs.rows.length);
			return rs;
		}) as Client['execute'];
		try {
			await loadThreadPage(t.db, big, anonymous, { page: 1, sort: 'newest' });
		} finally {
			// …and deleting it brings the method back (assigning the saved one would wrap it twice).
			delete (t.client as Partial<Client>).execute;
		}
		expect(rows).toEqual([PAGE_SIZE + 1, PAGE_SIZE * POSTS_PER_ROOT]);
	});

	it('reads a later page from the index alone, newest first as well as oldest', async () => {
		for (const sort of ['oldest', 'newest'] as const) {
			const onBig = await measure(m.client, () =>
				loadThreadPage(m.db, big, anonymous, { page: 60, sort })
			);
			expect(onBig.result.page).toBe(60);
			await expectIndexedPlans(m.client, onBig.costs);
			console.info(`page 60 (${sort}), VM steps: ${onBig.steps}`);
		}
	});

	it('finds a permalink’s page, lists prompt counts, replies and the queue by index', async () => {
		const deep = `${big.id}-2000-4`;
		const located = await measure(m.client, () => locatePost(m.db, big.id, deep, 'newest'));
		expect(located.result).toEqual({
			page: Math.floor((2499 - 2000) / PAGE_SIZE) + 1,
			postId: deep
		});
		await expectIndexedPlans(m.client, located.costs);

		const listed = await measure(m.client, () => listPromptThreads(m.db, articleId, PUBLIC_SCOPE));
		expect(listed.result[0]!.postCount).toBe(10_000 - 50 - 35 + 7);
		await expectIndexedPlans(m.client, listed.costs);

		// New replies start from the reader's own posts, never from the thread's 10,000.
		const reader = randomUUID();
		await m.db.insert(users).values({ id: reader, displayName: 'Reader', approvedPostCount: 2 });
		await m.client.execute({
			sql: `INSERT INTO posts (id, thread_id, author_id, parent_id, root_id, depth, reply_to_post_id, body, html, status, created_at)
				VALUES ('mine', ?, ?, NULL, 'mine', 1, NULL, 'Mine', '<p>Mine</p>', 'visible', 1),
				       ('answer', ?, ?, 'mine', 'mine', 2, 'mine', 'An answer', '<p>An answer</p>', 'visible', 2)`,
			args: [big.id, reader, big.id, authorId]
		});
		const replies = await measure(m.client, () => newRepliesTo(m.db, reader, null));
		expect(replies.result.count).toBe(1);
		expect(replies.result.replies.map((r) => r.id)).toEqual(['answer']);
		await expectIndexedPlans(m.client, replies.costs);
		expect(replies.steps).toBeLessThan(500);

		// Respond first asks whether the reader has posted: from their posts, not the thread's.
		const posted = await measure(m.client, () => hasPostedIn(m.db, big.id, reader));
		expect(posted.result).toBe(true);
		await expectIndexedPlans(m.client, posted.costs);
		expect(posted.steps).toBeLessThan(100);

		const queue = await measure(m.client, () =>
			loadModerationQueue(m.db, { public: true, classIds: [] })
		);
		expect(queue.result.map((q) => q.post.status)).toEqual(Array(50).fill('held'));
		await expectIndexedPlans(m.client, queue.costs);
		console.info(
			`permalink ${located.steps}, prompt list ${listed.steps}, new replies ${replies.steps}, queue ${queue.steps} VM steps`
		);
	});
});
