// The discussion's server side against a real database file: threads per (prompt, scope),
// posting rules, the tree as a reader sees it, reports, moderation and its audit log.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/lib/article/parse';
import {
	AWAITING_APPROVAL_NOTICE,
	DELETED_AUTHOR_NAME,
	DELETED_PLACEHOLDER,
	EDIT_WINDOW_MS,
	UNDER_REVIEW_PLACEHOLDER,
	type ModerationCommand,
	type Viewer
} from '../../src/lib/discussion';
import { importArticle } from '../../src/lib/server/articles';
import { auditLog, classes, posts, reports, users } from '../../src/lib/server/db/schema';
import {
	PUBLIC_SCOPE,
	classScope,
	createPost,
	deletePost,
	editPost,
	getOrCreateThread,
	listPromptThreads,
	loadThreadPage,
	locatePost,
	markRepliesSeen,
	newRepliesTo,
	reportPost,
	repliesSeenAt,
	type PagePost,
	type Thread,
	type ThreadScope
} from '../../src/lib/server/discussion';
import {
	applyModeration,
	listModerationLog,
	loadModerationQueue,
	taughtClassIds
} from '../../src/lib/server/moderation';
import { deleteAccount } from '../../src/lib/server/users';
import type { ThreadNode } from '../../src/lib/discussion';
import { freshDatabase, seedText, type TestDatabase } from './support/database';

let t: TestDatabase;
let articleId: string;
let promptIds: string[];
/** The test's clock: every post is written 31 s after the last, clear of the rate limit. */
let clock: number;
const tick = (ms = 31_000) => new Date((clock += ms));

beforeEach(async () => {
	t = await freshDatabase();
	const result = await importArticle(t.db, parseArticle(seedText()));
	articleId = result.articleId;
	const prompts = await t.db.query.prompts.findMany({
		where: (p, { eq }) => eq(p.articleId, articleId),
		orderBy: (p, { asc }) => asc(p.number)
	});
	promptIds = prompts.map((p) => p.id);
	clock = Date.UTC(2026, 2, 2, 9, 0, 0);
});
afterEach(() => t.close());

/** An account as sign-up makes it, old enough to be past the new-account daily cap. */
async function addUser(
	name: string,
	{
		role = 'learner',
		approved = 2,
		createdAt = new Date(Date.UTC(2025, 0, 1))
	}: {
		role?: 'learner' | 'teacher' | 'moderator' | 'admin';
		approved?: number;
		createdAt?: Date;
	} = {}
) {
	const id = randomUUID();
	await t.db.insert(users).values({
		id,
		email: `${name.toLowerCase()}-${id.slice(0, 6)}@example.org`,
		displayName: name,
		role,
		approvedPostCount: approved,
		createdAt
	});
	return { id, displayName: name };
}

function publicThread(promptIndex = 0) {
	return getOrCreateThread(t.db, {
		articleId,
		promptId: promptIds[promptIndex]!,
		scope: PUBLIC_SCOPE
	});
}

async function post(
	thread: Thread,
	author: { id: string },
	body: string,
	parentId?: string,
	isModerator = false
) {
	const result = await createPost(
		t.db,
		{ threadId: thread.id, authorId: author.id, isModerator, body, parentId },
		tick()
	);
	if (!result.ok) throw new Error(`post refused: ${result.message}`);
	return result.postId;
}

const reader = (user: { id: string } | null, isModerator = false): Viewer => ({
	userId: user?.id ?? null,
	isModerator
});

function page(thread: Thread, viewer: Viewer, at = new Date(clock), query = {}) {
	return loadThreadPage(t.db, thread, viewer, { page: 1, sort: 'oldest', ...query }, at);
}

/** Every post of a page, depth first, as `[text or placeholder, depth, author]`. */
function flatten(nodes: ThreadNode<PagePost>[]): ThreadNode<PagePost>[] {
	return nodes.flatMap((n) => [n, ...flatten(n.replies)]);
}
const text = (p: PagePost) => p.placeholder ?? p.bodyHtml!.replace(/<[^>]+>/g, '').trim();

describe('threads', () => {
	it('creates one thread per prompt and scope, however many first visitors race', async () => {
		const teacher = await addUser('Teacher', { role: 'teacher' });
		const classId = randomUUID();
		await t.db.insert(classes).values({ id: classId, teacherId: teacher.id, name: '9B' });
		const input = { articleId, promptId: promptIds[0]!, scope: PUBLIC_SCOPE };
		const raced = await Promise.all([1, 2, 3, 4].map(() => getOrCreateThread(t.db, input)));
		expect(new Set(raced.map((r) => r.id)).size).toBe(1);
		expect(raced[0]!.respondFirst).toBe(false);

		const scope: ThreadScope = classScope(classId);
		const classThread = await getOrCreateThread(t.db, { ...input, scope });
		expect(classThread.id).not.toBe(raced[0]!.id);
		expect(classThread.classId).toBe(classId);
		expect(classThread.respondFirst).toBe(true);
	});

	it('lists the prompts with the number of posts anyone can read', async () => {
		const [ana, ben] = [await addUser('Ana'), await addUser('Ben', { approved: 0 })];
		const thread = await publicThread(1);
		await post(thread, ana, 'One');
		await post(thread, ana, 'Two');
		await post(thread, ben, 'Held, so not counted');
		const listed = await listPromptThreads(t.db, articleId, PUBLIC_SCOPE);
		expect(listed.map((p) => [p.number, p.postCount])).toEqual([
			[1, 0],
			[2, 2],
			[3, 0]
		]);
	});
});

describe('the thread tree', () => {
	it('nests replies to depth 4 and attaches deeper ones there, saying whom they answer', async () => {
		const [ana, ben, cat, dan, eve] = await Promise.all(
			['Ana', 'Ben', 'Cat', 'Dan', 'Eve'].map((n) => addUser(n))
		);
		const thread = await publicThread();
		const p1 = await post(thread, ana!, 'Top');
		const p2 = await post(thread, ben!, 'Second', p1);
		const p3 = await post(thread, cat!, 'Third', p2);
		const p4 = await post(thread, dan!, 'Fourth', p3);
		const p5 = await post(thread, eve!, 'Fifth, answering Dan', p4);

		const stored = await t.db.select().from(posts).where(eq(posts.id, p5));
		expect(stored[0]).toMatchObject({ parentId: p3, depth: 4, replyToPostId: p4, rootId: p1 });

		const view = await page(thread, reader(null));
		const top = view.posts[0]!;
		expect(top.id).toBe(p1);
		const third = top.replies[0]!.replies[0]!;
		expect(third.replies.map((r) => [r.id, r.depth, r.quotedAuthor])).toEqual([
			[p4, 4, null],
			[p5, 4, 'Dan']
		]);
	});

	it('pages top-level posts 20 at a time, newest or oldest first, and finds any post’s page', async () => {
		const ana = await addUser('Ana');
		const thread = await publicThread();
		const ids: string[] = [];
		for (let i = 0; i < 45; i++) ids.push(await post(thread, ana, `Post ${i}`));
		const reply = await post(thread, ana, 'A reply to post 3', ids[3]);

		const first = await page(thread, reader(null));
		expect(first.posts).toHaveLength(20);
		expect(first.hasNext).toBe(true);
		expect(first.posts[0]!.id).toBe(ids[0]);
		const third = await page(thread, reader(null), undefined, { page: 3 });
		expect(third.posts.map((p) => p.id)).toEqual(ids.slice(40));
		expect(third.hasNext).toBe(false);
		const newest = await page(thread, reader(null), undefined, { sort: 'newest' });
		expect(newest.posts[0]!.id).toBe(ids[44]);
		// A link past the end lands on the last page.
		expect((await page(thread, reader(null), undefined, { page: 99 })).page).toBe(3);

		expect(await locatePost(t.db, thread.id, reply, 'oldest')).toEqual({ page: 1, postId: reply });
		expect(await locatePost(t.db, thread.id, ids[3]!, 'newest')).toMatchObject({ page: 3 });
		expect(await locatePost(t.db, thread.id, ids[25]!, 'oldest')).toMatchObject({ page: 2 });
		expect(await locatePost(t.db, thread.id, 'nope', 'oldest')).toBeNull();
	});
});

describe('writing posts', () => {
	it('lets the author edit for 15 minutes, marked edited, and refuses after that', async () => {
		const ana = await addUser('Ana');
		const thread = await publicThread();
		const id = await post(thread, ana, 'First draft');
		const written = clock;

		const late = new Date(written + EDIT_WINDOW_MS + 1);
		const refused = await editPost(
			t.db,
			{ threadId: thread.id, postId: id, userId: ana.id, body: 'Too late' },
			late
		);
		expect(refused).toMatchObject({ ok: false, status: 403, field: 'body' });
		expect((await page(thread, reader(ana), late)).posts[0]!.canEdit).toBe(false);

		const inTime = new Date(written + EDIT_WINDOW_MS - 1000);
		expect((await page(thread, reader(ana), inTime)).posts[0]).toMatchObject({
			canEdit: true,
			editableUntil: new Date(written + EDIT_WINDOW_MS)
		});
		const edited = await editPost(
			t.db,
			{ threadId: thread.id, postId: id, userId: ana.id, body: 'Second *draft*' },
			inTime
		);
		expect(edited).toEqual({ ok: true });
		const [shown] = (await page(thread, reader(null))).posts;
		expect(shown!.bodyHtml).toBe('<p>Second <em>draft</em></p>\n');
		expect(shown!.editedAt).toEqual(inTime);

		const ben = await addUser('Ben');
		const notTheirs = await editPost(
			t.db,
			{ threadId: thread.id, postId: id, userId: ben.id, body: 'Mine now' },
			inTime
		);
		expect(notTheirs).toMatchObject({ ok: false, status: 403 });
	});

	it('shows a deleted post as [deleted] and keeps its replies', async () => {
		const [ana, ben] = [await addUser('Ana'), await addUser('Ben')];
		const thread = await publicThread();
		const id = await post(thread, ana, 'Regrettable');
		const reply = await post(thread, ben, 'A reply', id);
		expect(
			await deletePost(t.db, { threadId: thread.id, postId: id, userId: ben.id })
		).toMatchObject({ ok: false, status: 403 });
		expect(await deletePost(t.db, { threadId: thread.id, postId: id, userId: ana.id })).toEqual({
			ok: true
		});

		const [top] = (await page(thread, reader(ben))).posts;
		expect(top).toMatchObject({
			placeholder: DELETED_PLACEHOLDER,
			bodyHtml: null,
			authorName: DELETED_AUTHOR_NAME,
			canReply: false
		});
		expect(top!.replies.map((r) => r.id)).toEqual([reply]);
		const [stored] = await t.db.select().from(posts).where(eq(posts.id, id));
		expect(stored).toMatchObject({ status: 'deleted', body: '', html: '' });
	});

	it('shows a deleted account’s posts as written by "deleted user"', async () => {
		const [ana, ben] = [await addUser('Ana'), await addUser('Ben')];
		const thread = await publicThread();
		const answered = await post(thread, ana, 'Ana was here');
		await post(thread, ana, 'Nobody answered this one');
		const p3 = await post(thread, ben, 'Ben answers Ana', answered);
		const p4 = await post(thread, ana, 'Ana answers Ben', p3);
		const p5 = await post(thread, ben, 'Ben again', p4);
		await post(thread, ben, 'Ben, deep, answering himself', p5);
		await deleteAccount(t.db, ana.id);

		const shown = flatten((await page(thread, reader(ben))).posts);
		expect(shown.map((p) => [text(p), p.authorName])).toEqual([
			['Ana was here', DELETED_AUTHOR_NAME],
			['Ben answers Ana', 'Ben'],
			['Ana answers Ben', DELETED_AUTHOR_NAME],
			['Ben again', 'Ben'],
			['Ben, deep, answering himself', 'Ben']
		]);
		expect(shown.some((p) => p.isOwn && p.authorName === DELETED_AUTHOR_NAME)).toBe(false);
	});

	it('holds a new account’s first two public posts until a moderator approves them', async () => {
		const [newcomer, other] = [await addUser('Newcomer', { approved: 0 }), await addUser('Other')];
		const moderator = await addUser('Mod', { role: 'moderator' });
		const thread = await publicThread();
		const first = await createPost(
			t.db,
			{ threadId: thread.id, authorId: newcomer.id, isModerator: false, body: 'Hello' },
			tick()
		);
		expect(first).toMatchObject({ ok: true, status: 'held' });
		const firstId = first.ok ? first.postId : '';

		expect((await page(thread, reader(other))).posts).toEqual([]);
		expect((await page(thread, reader(null))).posts).toEqual([]);
		expect((await page(thread, reader(newcomer))).posts[0]).toMatchObject({
			id: firstId,
			notice: AWAITING_APPROVAL_NOTICE
		});
		expect((await page(thread, reader(moderator, true))).posts[0]).toMatchObject({
			id: firstId,
			notice: AWAITING_APPROVAL_NOTICE
		});
		// Nobody answers a post they cannot see.
		const reply = await createPost(
			t.db,
			{
				threadId: thread.id,
				authorId: other.id,
				isModerator: false,
				body: 'Hi',
				parentId: firstId
			},
			tick()
		);
		expect(reply).toMatchObject({ ok: false, status: 409 });

		const queue = await loadModerationQueue(t.db, { public: true, classIds: [] });
		expect(queue.map((q) => [q.post.id, q.post.status])).toEqual([[firstId, 'held']]);
		expect(
			await applyModeration(t.db, moderator, { action: 'approve', postId: firstId })
		).toMatchObject({ ok: true });
		expect((await page(thread, reader(other))).posts.map((p) => [p.id, p.notice])).toEqual([
			[firstId, null]
		]);
		const [author] = await t.db.select().from(users).where(eq(users.id, newcomer.id));
		expect(author!.approvedPostCount).toBe(1);

		await post(thread, newcomer, 'Second: still held');
		await applyModeration(t.db, moderator, {
			action: 'approve',
			postId: (await t.db.select().from(posts).where(eq(posts.status, 'held')))[0]!.id
		});
		const third = await createPost(
			t.db,
			{ threadId: thread.id, authorId: newcomer.id, isModerator: false, body: 'Third goes up' },
			tick()
		);
		expect(third).toMatchObject({ ok: true, status: 'visible' });
		// Moderators are never held.
		const fresh = await addUser('FreshMod', { role: 'moderator', approved: 0 });
		expect(
			await createPost(
				t.db,
				{ threadId: thread.id, authorId: fresh.id, isModerator: true, body: 'Mod' },
				tick()
			)
		).toMatchObject({ status: 'visible' });
	});

	it('keeps the rate limits from the posts table, with a message saying when to try again', async () => {
		const ana = await addUser('Ana');
		const thread = await publicThread();
		await post(thread, ana, 'One');
		const soon = await createPost(
			t.db,
			{ threadId: thread.id, authorId: ana.id, isModerator: false, body: 'Two' },
			new Date(clock + 6_000)
		);
		expect(soon).toEqual({
			ok: false,
			status: 429,
			field: 'body',
			message: 'You can post again in 24 seconds.'
		});

		const newcomer = await addUser('New', { createdAt: new Date(clock - 60_000) });
		for (let i = 0; i < 10; i++) await post(thread, newcomer, `Post ${i}`);
		const capped = await createPost(
			t.db,
			{ threadId: thread.id, authorId: newcomer.id, isModerator: false, body: 'Eleventh' },
			tick()
		);
		expect(capped).toMatchObject({ ok: false, status: 429 });
		expect(capped.ok ? '' : capped.message).toMatch(
			/^New accounts can post 10 times a day\. You can post again in \d+ hours?\.$/
		);
	});

	it('refuses posts in a locked thread (except from moderators) and from a suspended user', async () => {
		const [ana, ben] = [await addUser('Ana'), await addUser('Ben')];
		const moderator = await addUser('Mod', { role: 'moderator' });
		const thread = await publicThread();
		expect(
			await applyModeration(t.db, moderator, {
				action: 'lock',
				threadId: thread.id,
				reason: 'Cooling off'
			})
		).toMatchObject({ ok: true });
		const locked = await createPost(
			t.db,
			{ threadId: thread.id, authorId: ana.id, isModerator: false, body: 'Hi' },
			tick()
		);
		expect(locked).toEqual({
			ok: false,
			status: 403,
			field: 'form',
			message: 'This discussion is locked: no new posts can be added.'
		});
		expect(
			await createPost(
				t.db,
				{ threadId: thread.id, authorId: moderator.id, isModerator: true, body: 'Closing note' },
				tick()
			)
		).toMatchObject({ ok: true });
		expect(
			await applyModeration(t.db, moderator, { action: 'lock', threadId: thread.id })
		).toMatchObject({ ok: false, status: 409 });
		await applyModeration(t.db, moderator, { action: 'unlock', threadId: thread.id });
		expect(
			await createPost(
				t.db,
				{ threadId: thread.id, authorId: ana.id, isModerator: false, body: 'Hi' },
				tick()
			)
		).toMatchObject({ ok: true });

		const when = new Date(clock);
		await applyModeration(
			t.db,
			moderator,
			{ action: 'suspend', userId: ben.id, duration: '7d', reason: 'Insults' },
			when
		);
		const suspended = await createPost(
			t.db,
			{ threadId: thread.id, authorId: ben.id, isModerator: false, body: 'Hi' },
			tick()
		);
		const until = new Date(when.getTime() + 7 * 86_400_000)
			.toISOString()
			.slice(0, 16)
			.replace('T', ' ');
		expect(suspended).toEqual({
			ok: false,
			status: 403,
			field: 'form',
			message: `Your account is suspended until ${until} UTC.`
		});
	});
});

describe('respond first', () => {
	it('shows a learner the others’ posts only after their own, on the server', async () => {
		const teacher = await addUser('Teacher', { role: 'teacher' });
		const [ana, ben] = [
			await addUser('Ana', { approved: 0 }),
			await addUser('Ben', { approved: 0 })
		];
		const classId = randomUUID();
		await t.db.insert(classes).values({ id: classId, teacherId: teacher.id, name: '9B' });
		const thread = await getOrCreateThread(t.db, {
			articleId,
			promptId: promptIds[0]!,
			scope: classScope(classId)
		});
		expect(thread.respondFirst).toBe(true);
		// Class threads hold nobody's posts.
		const anaPost = await createPost(
			t.db,
			{ threadId: thread.id, authorId: ana.id, isModerator: false, body: 'Ana’s answer' },
			tick()
		);
		expect(anaPost).toMatchObject({ ok: true, status: 'visible' });
		const anaId = anaPost.ok ? anaPost.postId : '';

		const before = await page(thread, reader(ben));
		expect(before).toMatchObject({ posts: [], seesOthers: false, viewerHasPosted: false });
		expect((await page(thread, reader(null))).posts).toEqual([]);
		const sneaky = await createPost(
			t.db,
			{
				threadId: thread.id,
				authorId: ben.id,
				isModerator: false,
				body: 'Reply first',
				parentId: anaId
			},
			tick()
		);
		expect(sneaky).toMatchObject({ ok: false, status: 403 });
		expect((await page(thread, reader(teacher, true))).posts.map((p) => p.id)).toEqual([anaId]);

		await post(thread, ben, 'Ben’s answer');
		const after = await page(thread, reader(ben));
		expect(after.seesOthers).toBe(true);
		expect(after.posts.map((p) => text(p))).toEqual(['Ana’s answer', 'Ben’s answer']);
		expect(
			await createPost(
				t.db,
				{
					threadId: thread.id,
					authorId: ben.id,
					isModerator: false,
					body: 'Now I reply',
					parentId: anaId
				},
				tick()
			)
		).toMatchObject({ ok: true });
	});
});

describe('reports and moderation', () => {
	async function reportedPost() {
		const author = await addUser('Author');
		const reporters = await Promise.all(['R1', 'R2', 'R3'].map((n) => addUser(n)));
		const moderator = await addUser('Mod', { role: 'moderator' });
		const thread = await publicThread();
		const id = await post(thread, author, 'Buy cheap watches');
		return { author, reporters, moderator, thread, id };
	}
	const report = (thread: Thread, reporter: { id: string }, postId: string, note?: string) =>
		reportPost(
			t.db,
			{ threadId: thread.id, reporterId: reporter.id, report: { postId, reason: 'spam', note } },
			tick(1000)
		);

	it('hides a post at the third report, once per person, until a moderator reviews it', async () => {
		const { author, reporters, moderator, thread, id } = await reportedPost();
		expect(await report(thread, reporters[0]!, id, 'Ads')).toEqual({ ok: true, hidden: false });
		expect(await report(thread, reporters[0]!, id)).toMatchObject({
			ok: false,
			status: 409,
			message: 'You have already reported this post.'
		});
		expect(await report(thread, author, id)).toMatchObject({ ok: false, status: 400 });
		expect(await report(thread, reporters[1]!, id)).toEqual({ ok: true, hidden: false });
		expect((await page(thread, reader(null))).posts[0]!.bodyHtml).not.toBeNull();
		expect(await report(thread, reporters[2]!, id)).toEqual({ ok: true, hidden: true });

		expect((await page(thread, reader(null))).posts[0]).toMatchObject({
			placeholder: UNDER_REVIEW_PLACEHOLDER,
			bodyHtml: null
		});
		expect((await page(thread, reader(author))).posts[0]!.bodyHtml).toContain('Buy cheap watches');
		const [queued] = await loadModerationQueue(t.db, { public: true, classIds: [] });
		expect(queued!.reports.map((r) => [r.reason, r.note, r.reporterName])).toEqual([
			['spam', 'Ads', 'R1'],
			['spam', null, 'R2'],
			['spam', null, 'R3']
		]);
		expect(queued!.thread).toMatchObject({ promptNumber: 1, locked: false });

		expect(
			await applyModeration(t.db, moderator, { action: 'restore', postId: id, reason: 'Not spam' })
		).toMatchObject({ ok: true });
		expect((await page(thread, reader(null))).posts[0]!.placeholder).toBeNull();
		expect(await loadModerationQueue(t.db, { public: true, classIds: [] })).toEqual([]);
		const closed = await t.db.select().from(reports).where(eq(reports.postId, id));
		expect(closed.every((r) => r.resolution === 'dismissed' && r.resolvedAt)).toBe(true);
	});

	it('hides with a reason the author sees, and logs who did what, when and why', async () => {
		const { author, reporters, moderator, thread, id } = await reportedPost();
		await report(thread, reporters[0]!, id);
		const command: ModerationCommand = {
			action: 'hide',
			postId: id,
			reason: 'Advertising is not allowed'
		};
		const at = new Date(clock);
		expect(await applyModeration(t.db, moderator, command, at)).toEqual({ ok: true, command });

		expect((await page(thread, reader(author))).posts[0]!.notice).toBe(
			'Hidden by a moderator. Reason: Advertising is not allowed'
		);
		expect((await page(thread, reader(reporters[1]!))).posts[0]!.placeholder).toBe(
			'[hidden by a moderator]'
		);
		const [log] = await listModerationLog(t.db);
		expect(log).toMatchObject({
			actorName: 'Mod',
			action: 'hide',
			targetType: 'post',
			targetId: id,
			reason: 'Advertising is not allowed'
		});
		expect((await t.db.select().from(reports).where(eq(reports.postId, id)))[0]!.resolution).toBe(
			'actioned'
		);
		// A command that no longer applies changes nothing and logs nothing.
		expect(await applyModeration(t.db, moderator, { action: 'approve', postId: id })).toMatchObject(
			{ ok: false, status: 409 }
		);
		expect(await t.db.select().from(auditLog)).toHaveLength(1);
	});

	it('writes the audit entry in the same transaction as the action', async () => {
		const { moderator, id } = await reportedPost();
		// A moderator whose account vanished: the audit insert fails its foreign key...
		const ghost = { id: randomUUID(), displayName: 'Ghost' };
		await expect(
			applyModeration(t.db, ghost, { action: 'hide', postId: id, reason: 'x' })
		).rejects.toThrow();
		// ...and the hide is rolled back with it.
		const [stored] = await t.db.select().from(posts).where(eq(posts.id, id));
		expect(stored!.status).toBe('visible');
		expect(await t.db.select().from(auditLog)).toHaveLength(0);
		expect(
			await applyModeration(t.db, moderator, { action: 'hide', postId: id, reason: 'x' })
		).toMatchObject({ ok: true });
	});

	it('gives a teacher the queue of their own classes’ threads only', async () => {
		const [teacher, otherTeacher] = [
			await addUser('T1', { role: 'teacher' }),
			await addUser('T2', { role: 'teacher' })
		];
		const [mine, theirs] = [randomUUID(), randomUUID()];
		await t.db.insert(classes).values([
			{ id: mine, teacherId: teacher.id, name: 'Mine' },
			{ id: theirs, teacherId: otherTeacher.id, name: 'Theirs' }
		]);
		const [author, r1] = [await addUser('Author'), await addUser('R1')];
		const ids: Record<string, string> = {};
		for (const [name, scope] of [
			['public', PUBLIC_SCOPE],
			['mine', classScope(mine)],
			['theirs', classScope(theirs)]
		] as const) {
			const thread = await getOrCreateThread(t.db, { articleId, promptId: promptIds[0]!, scope });
			ids[name] = await post(thread, author, `In ${name}`);
			await reportPost(
				t.db,
				{
					threadId: thread.id,
					reporterId: r1.id,
					report: { postId: ids[name]!, reason: 'off-topic' }
				},
				tick()
			);
		}
		const classIds = await taughtClassIds(t.db, teacher.id);
		expect(classIds).toEqual([mine]);
		const teacherQueue = await loadModerationQueue(t.db, { public: false, classIds });
		expect(teacherQueue.map((q) => q.post.id)).toEqual([ids.mine]);
		expect(teacherQueue[0]!.post.path).toBe(`/classes/${mine}`);
		const moderatorQueue = await loadModerationQueue(t.db, { public: true, classIds: [] });
		expect(moderatorQueue.map((q) => q.post.id)).toEqual([ids.public]);
		expect(await loadModerationQueue(t.db, { public: false, classIds: [] })).toEqual([]);
	});
});

describe('replies since the last visit', () => {
	it('counts others’ visible replies to your posts since you last looked', async () => {
		const [ana, ben] = [await addUser('Ana'), await addUser('Ben')];
		const thread = await publicThread(2);
		const mine = await post(thread, ana, 'Ana asks');
		await post(thread, ana, 'Ana answers herself', mine);
		const benReply = await post(thread, ben, 'Ben answers', mine);

		const first = await newRepliesTo(t.db, ana.id, await repliesSeenAt(t.db, ana.id));
		expect(first.count).toBe(1);
		expect(first.replies[0]).toMatchObject({
			id: benReply,
			authorName: 'Ben',
			excerpt: 'Ben answers',
			promptNumber: 3,
			path: `/lessons/declassified-putin-bush-talks-surface-tensions-over-nato-ukraine/discuss/3/post/${benReply}`
		});
		await markRepliesSeen(t.db, ana.id, new Date(clock));
		expect((await newRepliesTo(t.db, ana.id, await repliesSeenAt(t.db, ana.id))).count).toBe(0);
		await post(thread, ben, 'Ben again', mine);
		expect((await newRepliesTo(t.db, ana.id, await repliesSeenAt(t.db, ana.id))).count).toBe(1);
	});
});
