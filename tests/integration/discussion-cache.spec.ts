// The thread page's shared part from memory: rendered posts are kept per thread version (the
// threads.version column, moved by triggers on every post written and every author renamed), so
// a page view reads the thread row and, signed in, the viewer's reports. These specs prove that
// every change to a thread moves its version and is seen at once, that what one reader may do
// never reaches another, and that a view's statements do not grow with the posts on the page.
import { randomUUID } from 'node:crypto';
import type { Client } from '@libsql/client';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/lib/article/parse';
import { PAGE_SIZE, type ThreadNode, type Viewer } from '../../src/lib/discussion';
import { importArticle } from '../../src/lib/server/articles';
import { posts, users } from '../../src/lib/server/db/schema';
import {
	PUBLIC_SCOPE,
	ThreadPageCache,
	createPost,
	deletePost,
	editPost,
	findThread,
	getOrCreateThread,
	loadThreadPage,
	reportPost,
	type PagePost,
	type Thread
} from '../../src/lib/server/discussion';
import { applyModeration } from '../../src/lib/server/moderation';
import { deleteAccount } from '../../src/lib/server/users';
import { freshDatabase, seedText, type TestDatabase } from './support/database';

let t: TestDatabase;
let articleId: string;
let promptIds: string[];
let clock: number;
const tick = (ms = 31_000) => new Date((clock += ms));

beforeEach(async () => {
	t = await freshDatabase();
	articleId = (await importArticle(t.db, parseArticle(seedText()))).articleId;
	const prompts = await t.db.query.prompts.findMany({
		where: (p, { eq }) => eq(p.articleId, articleId),
		orderBy: (p, { asc }) => asc(p.number)
	});
	promptIds = prompts.map((p) => p.id);
	clock = Date.UTC(2026, 2, 2, 9, 0, 0);
});
afterEach(() => t.close());

async function addUser(name: string, role: 'learner' | 'moderator' = 'learner', approved = 2) {
	const id = randomUUID();
	await t.db.insert(users).values({
		id,
		email: `${name.toLowerCase()}-${id.slice(0, 6)}@example.org`,
		displayName: name,
		role,
		approvedPostCount: approved,
		createdAt: new Date(Date.UTC(2025, 0, 1))
	});
	return { id, displayName: name };
}

const openThread = (promptIndex = 0) =>
	getOrCreateThread(t.db, { articleId, promptId: promptIds[promptIndex]!, scope: PUBLIC_SCOPE });

async function post(thread: Thread, author: { id: string }, body: string, parentId?: string) {
	const result = await createPost(
		t.db,
		{ threadId: thread.id, authorId: author.id, isModerator: false, body, parentId },
		tick()
	);
	if (!result.ok) throw new Error(`post refused: ${result.message}`);
	return result.postId;
}

const reader = (user: { id: string } | null, isModerator = false): Viewer => ({
	userId: user?.id ?? null,
	isModerator
});

/** The thread row as a page view reads it (its version included), as the route does. */
async function current(thread: Thread): Promise<Thread> {
	return (await findThread(t.db, thread.promptId, PUBLIC_SCOPE))!;
}

/** A page view through `cache`, with the thread row read fresh, as the thread route does. */
async function view(cache: ThreadPageCache, thread: Thread, viewer: Viewer, query = {}) {
	return loadThreadPage(
		t.db,
		await current(thread),
		viewer,
		{ page: 1, sort: 'oldest', ...query },
		new Date(clock),
		cache
	);
}
/** The same page read from the database alone. */
async function uncached(thread: Thread, viewer: Viewer, query = {}) {
	return loadThreadPage(
		t.db,
		thread,
		viewer,
		{ page: 1, sort: 'oldest', ...query },
		new Date(clock)
	);
}

function flatten(nodes: ThreadNode<PagePost>[]): ThreadNode<PagePost>[] {
	return nodes.flatMap((n) => [n, ...flatten(n.replies)]);
}

/** Counts the statements the client runs during `work` (the app's client, every query). */
async function statementsOf<T>(client: Client, work: () => Promise<T>) {
	const sql: string[] = [];
	const execute = client.execute.bind(client);
	client.execute = (async (...args: Parameters<Client['execute']>) => {
		const statement: unknown = args[0];
		sql.push(typeof statement === 'string' ? statement : (statement as { sql: string }).sql);
		return execute(...args);
	}) as Client['execute'];
	try {
		return { result: await work(), sql };
	} finally {
		delete (client as Partial<Client>).execute;
	}
}

describe('the thread version', () => {
	it('moves with every post written, edited, deleted, reported, moderated, and every author renamed or gone', async () => {
		const [ana, ben, cat] = [await addUser('Ana'), await addUser('Ben'), await addUser('Cat')];
		const moderator = await addUser('Mod', 'moderator');
		const thread = await openThread();
		const other = await openThread(1);
		const versions: number[] = [(await current(thread)).version];
		const moved = async () => {
			const v = (await current(thread)).version;
			expect(v).toBeGreaterThan(versions.at(-1)!);
			versions.push(v);
		};
		const first = await post(thread, ana, 'First');
		await moved();
		const reply = await post(thread, ben, 'A reply', first);
		await moved();
		expect(
			await editPost(
				t.db,
				{ threadId: thread.id, postId: first, userId: ana.id, body: 'Edited' },
				tick(1000)
			)
		).toMatchObject({ ok: true });
		await moved();
		await reportPost(
			t.db,
			{ threadId: thread.id, reporterId: cat.id, report: { postId: first, reason: 'spam' } },
			tick(1000)
		);
		await moved();
		await applyModeration(t.db, moderator, { action: 'hide', postId: first, reason: 'Rude' });
		await moved();
		await applyModeration(t.db, moderator, { action: 'restore', postId: first });
		await moved();
		expect(
			await deletePost(t.db, { threadId: thread.id, postId: reply, userId: ben.id }, tick(1000))
		).toMatchObject({ ok: true });
		await moved();
		await t.db.update(users).set({ displayName: 'Anabel' }).where(eq(users.id, ana.id));
		await moved();
		await deleteAccount(t.db, ana.id);
		await moved();
		// Another thread's changes leave this one's version alone.
		const before = (await current(thread)).version;
		await post(other, cat, 'Elsewhere');
		await t.db.update(users).set({ displayName: 'Catherine' }).where(eq(users.id, cat.id));
		expect((await current(thread)).version).toBe(before);
	});
});

describe('a thread page from memory', () => {
	it('serves what the database holds after each edit, delete, hide, restore, approval, reply and rename', async () => {
		const cache = new ThreadPageCache();
		const [ana, ben] = [await addUser('Ana'), await addUser('Ben')];
		const newcomer = await addUser('Newcomer', 'learner', 0);
		const moderator = await addUser('Mod', 'moderator');
		const thread = await openThread();
		const first = await post(thread, ana, 'First words');
		const viewers = [reader(null), reader(ana), reader(ben), reader(moderator, true)];
		/** Each viewer's page from the cache equals the page read from the database. */
		const same = async () => {
			for (const viewer of viewers)
				expect(await view(cache, thread, viewer)).toEqual(await uncached(thread, viewer));
		};
		const bodies = async () =>
			flatten((await view(cache, thread, reader(null))).posts).map((p) =>
				(p.placeholder ?? p.bodyHtml ?? '').trim()
			);

		await same();
		expect(await bodies()).toEqual(['<p>First words</p>']);
		const hitsBefore = cache.hits;
		await same();
		expect(cache.hits).toBeGreaterThan(hitsBefore);

		await editPost(
			t.db,
			{ threadId: thread.id, postId: first, userId: ana.id, body: 'Second thoughts' },
			tick(1000)
		);
		expect(await bodies()).toEqual(['<p>Second thoughts</p>']);
		await same();

		const reply = await post(thread, ben, 'I disagree', first);
		expect(await bodies()).toEqual(['<p>Second thoughts</p>', '<p>I disagree</p>']);
		await same();

		await applyModeration(t.db, moderator, { action: 'hide', postId: reply, reason: 'Rude' });
		expect((await bodies())[1]).not.toBe('<p>I disagree</p>');
		await same();
		await applyModeration(t.db, moderator, { action: 'restore', postId: reply });
		expect((await bodies())[1]).toBe('<p>I disagree</p>');
		await same();

		const held = await post(thread, newcomer, 'Held for approval');
		expect(await bodies()).toHaveLength(2);
		await same();
		await applyModeration(t.db, moderator, { action: 'approve', postId: held });
		expect(await bodies()).toContain('<p>Held for approval</p>');
		await same();

		await deletePost(t.db, { threadId: thread.id, postId: reply, userId: ben.id }, tick(1000));
		expect(await bodies()).not.toContain('<p>I disagree</p>');
		await same();

		await t.db.update(users).set({ displayName: 'Anabel' }).where(eq(users.id, ana.id));
		const names = flatten((await view(cache, thread, reader(null))).posts).map((p) => p.authorName);
		expect(names[0]).toBe('Anabel');
		await same();

		// A write that goes around the app (another process, a script) is seen as well.
		await t.client.execute({
			sql: "UPDATE posts SET html = '<p>Changed elsewhere</p>' WHERE id = ?",
			args: [first]
		});
		expect((await bodies())[0]).toBe('<p>Changed elsewhere</p>');
	});

	it('keeps each reader’s controls to that reader, whoever filled the cache', async () => {
		const cache = new ThreadPageCache();
		const [ana, ben] = [await addUser('Ana'), await addUser('Ben')];
		const newcomer = await addUser('Newcomer', 'learner', 0);
		const moderator = await addUser('Mod', 'moderator');
		const thread = await openThread();
		const anas = await post(thread, ana, 'Ana writes');
		const bens = await post(thread, ben, 'Ben writes');
		const held = await post(thread, newcomer, 'Waiting for a moderator');
		await reportPost(
			t.db,
			{ threadId: thread.id, reporterId: ben.id, report: { postId: anas, reason: 'spam' } },
			tick(1000)
		);
		const byId = async (viewer: Viewer) =>
			new Map(flatten((await view(cache, thread, viewer)).posts).map((p) => [p.id, p]));

		// Ana fills the cache: her own post is editable, with its source.
		const asAna = await byId(reader(ana));
		expect(cache.size).toBe(1);
		expect(asAna.get(anas)).toMatchObject({ canEdit: true, canDelete: true, source: 'Ana writes' });
		expect(asAna.get(bens)).toMatchObject({ canEdit: false, source: null, canReport: true });
		expect(asAna.has(held)).toBe(false);

		// Ben, from the same entry, sees Ana's post without her controls, and his own report.
		const hits = cache.hits;
		const asBen = await byId(reader(ben));
		expect(cache.hits).toBe(hits + 1);
		expect(asBen.get(anas)).toMatchObject({
			canEdit: false,
			canDelete: false,
			source: null,
			isOwn: false,
			reportedByViewer: true,
			canReport: false
		});
		expect(asBen.get(bens)).toMatchObject({ canEdit: true, source: 'Ben writes', isOwn: true });
		expect(asBen.has(held)).toBe(false);
		// Ana never sees Ben's report as hers.
		expect((await byId(reader(ana))).get(anas)?.reportedByViewer).toBe(false);

		// The held post: its author and the moderators see it; an anonymous reader does not.
		expect((await byId(reader(newcomer))).get(held)).toMatchObject({ isOwn: true, canEdit: true });
		expect((await byId(reader(moderator, true))).has(held)).toBe(true);
		const anonymous = await byId(reader(null));
		expect(anonymous.has(held)).toBe(false);
		for (const p of anonymous.values())
			expect(p).toMatchObject({ canEdit: false, canDelete: false, source: null, isOwn: false });
		expect(cache.size).toBe(1);
	});
});

describe('the statements of a page view', () => {
	/** A thread with `roots` top-level posts by Ana, each with a reply by Ben. */
	async function threadOf(promptIndex: number, roots: number) {
		const [ana, ben] = [await addUser('Ana'), await addUser('Ben')];
		const thread = await openThread(promptIndex);
		const start = Date.UTC(2026, 0, 1);
		for (let i = 0; i < roots; i++) {
			const root = randomUUID();
			await t.db.insert(posts).values([
				{
					id: root,
					threadId: thread.id,
					authorId: ana.id,
					rootId: root,
					depth: 1,
					body: `R${i}`,
					html: `<p>R${i}</p>`,
					createdAt: new Date(start + i * 60_000)
				},
				{
					id: randomUUID(),
					threadId: thread.id,
					authorId: ben.id,
					parentId: root,
					rootId: root,
					depth: 2,
					replyToPostId: root,
					body: `r${i}`,
					html: `<p>r${i}</p>`,
					createdAt: new Date(start + i * 60_000 + 1000)
				}
			]);
		}
		return { thread, ana, ben };
	}

	it('are the thread row and, signed in, the reader’s reports: the same for 1 post as for a full page', async () => {
		const small = await threadOf(0, 1);
		const full = await threadOf(1, PAGE_SIZE * 2);
		const cache = new ThreadPageCache();
		const counts: Record<string, number[]> = {};
		for (const [name, { thread, ben }] of Object.entries({ small, full })) {
			for (const viewer of [reader(null), reader(ben)]) {
				const key = `${name} ${viewer.userId ? 'signed in' : 'anonymous'}`;
				counts[key] = [];
				// First view fills the cache; the next two are served from it.
				for (let i = 0; i < 3; i++) {
					const { result, sql } = await statementsOf(t.client, () => view(cache, thread, viewer));
					expect(flatten(result.posts).length).toBe(name === 'small' ? 2 : PAGE_SIZE * 2);
					counts[key].push(sql.length);
					if (i > 0)
						expect(
							sql.some((s) => /from "posts"/.test(s)),
							sql.join('\n')
						).toBe(false);
				}
			}
		}
		expect(counts).toEqual({
			// The thread row, then the page's ids and their subtrees (first view only).
			'small anonymous': [3, 1, 1],
			// The signed-in reader's reports on the page, each time (the shared part came already).
			'small signed in': [2, 2, 2],
			'full anonymous': [3, 1, 1],
			'full signed in': [2, 2, 2]
		});
	});
});
