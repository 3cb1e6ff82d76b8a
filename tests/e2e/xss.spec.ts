// Stored XSS (PRODUCT.md, issue 7): every payload of tests/fixtures/xss/payloads.json in every
// user-written field — post bodies, display names, class names and descriptions, free-text quiz
// answers, report notes, API token names — and every page that shows them opened in Chromium.
// No dialog may open, no script may run (a sentinel counts alert/confirm/prompt/print), no
// request may leave the app, and the DOM may hold nothing a template did not make: no
// foreign <script>, no on* attribute, no javascript:/data: URL, no <iframe>/<object>/<embed>/
// <img>/<svg onload>; post bodies hold exactly renderPost's tags. Each page must also show the
// payloads it displays as text, which proves they reached the page and were not parsed. The
// pages' CSP is switched off (but for one anonymous reader), so escaping alone must hold.
//
// Speed: most payloads are seeded straight into the database where the app stores them (post
// HTML made by the app's own renderPost; names, class texts and answers raw, as the app keeps
// them); a handful go through the real forms to prove the input path. Pages that list many
// items take all payloads at once (a 277-post thread over 14 pages, a 277-student roster).
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from '@playwright/test';
import { renderPost } from '../../src/lib/discussion/markdown';
import { generateJoinCode } from '../../src/lib/classroom/join-code';
import { expect, signUp, test } from './support/fixtures';
import {
	answerInPage,
	questionField,
	shownQuestionIds,
	startFromList,
	submitAnswers
} from './support/quiz';
import { questionById, SEED_SLUG } from './support/quiz-key';
import {
	PAYLOADS,
	Seeder,
	Watched,
	articleText,
	newId,
	oncePerRun,
	paragraphLines,
	typeable
} from './support/xss';

test.describe.configure({ mode: 'parallel', timeout: 60_000 });

const P = PAYLOADS.map((p) => p.payload);
const N = P.length;
/** Payload `i`, wrapping round the corpus. */
const at = (i: number) => P[((i % N) + N) % N]!;
/** How many payloads a whole-article attempt carries in its short-answer questions. */
const SHORT_PER_ATTEMPT = 7;
const GROUPS = Math.ceil(N / SHORT_PER_ATTEMPT);
/** C_1..C_15 each hold one learner, U_0..U_14, whose answers their insights show (105 payloads). */
const INSIGHT_CLASSES = 15;
/** Of those, the classes whose gradebook (the learner's hostile attempt, scored) is opened. */
const GRADEBOOKS_WITH_ATTEMPTS = 3;
/** Which classes are opened one by one, and by whom: about a hundred names and descriptions. */
const TEACHER_OPENS = [16, 41] as const;
const STUDENT_OPENS = [41, 66] as const;
const STUDENT_JOIN_LINKS = [66, 96] as const;
const DAY = 24 * 3600 * 1000;
const randomHex = () => randomBytes(32).toString('hex');
/** Items for the shared public moderation queue are dated 2000, so a moderator sees them first. */
const LONG_AGO = Date.UTC(2000, 0, 1);

interface Account {
	id: string;
	name: string;
	email: string;
	token: string;
}

interface World {
	tag: string;
	db: Seeder;
	base: string;
	article: { id: string; slug: string; prompts: string[]; lines: string[] };
	/** U_i: display name P[i]. */
	users: string[];
	admin: Account;
	teacher: Account;
	moderator: Account;
	student: Account;
	quizzer: Account;
	/** More people for the /account pages, which show one person's things at a time. */
	readers: Account[];
	teachers: Account[];
	/** C_k: name P[k], description P[k+1]. C_0 has every U_i; C_(g+1) has U_g (g < INSIGHT_CLASSES). */
	classes: { id: string; code: string; name: string; description: string }[];
	threads: { public: string[]; class: string };
	/** Public thread of prompt 1: T_i by U_i, R_i (reply to T_i) by U_(i+1). */
	publicTop: string[];
	publicReply: string[];
	/** C_0's thread of prompt 1: CT_i by U_i, CR_i (reply) by U_(i+1), reported by U_(i+2). */
	classTop: string[];
	classReply: string[];
	/** Public prompt 3: held posts and reported posts for the moderator's queue. */
	held: string[];
	reported: string[];
	/** Post id → author's display name. */
	authorOf: Record<string, string>;
}

let world: World;

// The world is seeded once per run, by whichever worker comes first; the other waits for it.
test.beforeAll(async ({ browser }, testInfo) => {
	test.setTimeout(120_000);
	const base = testInfo.project.use.baseURL!;
	const db = new Seeder();
	world = { ...(await oncePerRun('xss-world', () => seed(browser, base, db), 110_000)), db };
});

async function seed(browser: Browser, base: string, db: Seeder): Promise<Omit<World, 'db'>> {
	const began = Date.now();
	const tag = `x${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
	const now = Date.now();
	const names = typeable(60);
	const statements: { sql: string; args: (string | number | null)[] }[] = [];
	const insertUser = (
		id: string,
		email: string,
		name: string,
		role: 'learner' | 'teacher' | 'moderator' | 'admin'
	) =>
		statements.push({
			sql: 'INSERT INTO users (id, email, display_name, role, approved_post_count) VALUES (?, ?, ?, ?, 2)',
			args: [id, email, name, role]
		});

	const staff = (
		key: string,
		name: string,
		role: 'learner' | 'teacher' | 'moderator' | 'admin'
	) => {
		const account = { id: newId(), name, email: `xss-${tag}-${key}@example.org`, token: '' };
		insertUser(account.id, account.email, name, role);
		return account;
	};
	const admin = staff('admin', names[2]!, 'admin');
	const teacher = staff('teacher', names[0]!, 'teacher');
	const moderator = staff('moderator', names[1]!, 'moderator');
	const student = staff('student', names[3]!, 'learner');
	const quizzer = staff('quizzer', names[4]!, 'learner');
	const readers = [
		student,
		staff('reader1', names[5]!, 'learner'),
		staff('reader2', names[6]!, 'learner')
	];
	const teachers = [
		teacher,
		staff('teacher2', names[7]!, 'teacher'),
		staff('teacher3', names[8]!, 'teacher')
	];
	const users = P.map((name, i) => {
		const id = newId();
		insertUser(id, `xss-${tag}-b${Math.floor(i / 50)}-${i}@example.org`, name, 'learner');
		return id;
	});
	await db.run(statements);
	statements.length = 0;
	const accounts = [admin, moderator, quizzer, ...readers, ...teachers];
	(await db.sessions(accounts.map((a) => a.id))).forEach(
		(token, i) => (accounts[i]!.token = token)
	);

	// The article: imported by the admin through /admin, its module and prompts hostile too.
	const lines = paragraphLines();
	const prompts = [
		lines.find((l) => /<script/i.test(l))!,
		lines.find((l) => /"\s*>\s*</.test(l) && l.length < 200)!,
		lines.find((l) => /javascript:/i.test(l) && l.length < 200)!
	];
	const title = `XSS drill ${tag}`;
	const adminBrowser = await Watched.open(browser, base, admin.token);
	const page = await adminBrowser.newPage();
	await adminBrowser.visit(page, '/admin', { texts: [admin.name] });
	await page.getByLabel('Article file (plain UTF-8 text)').setInputFiles({
		name: 'xss-drill.txt',
		mimeType: 'text/plain',
		buffer: Buffer.from(articleText(title, lines, prompts))
	});
	await page.getByRole('button', { name: 'Import', exact: true }).click();
	// (Importing a whole article and showing the page again: seconds on a busy machine.)
	await expect(page.getByRole('status')).toContainText('Imported', { timeout: 30_000 });
	await adminBrowser.audit(page, { texts: [admin.name] });
	adminBrowser.expectClean('the admin page after the import');
	await adminBrowser.close();
	const slug = `xss-drill-${tag}`;
	const articleId = String(await db.value('SELECT id FROM articles WHERE slug = ?', [slug]));
	const promptIds = (
		await db.rows(
			'SELECT id FROM prompts WHERE article_id = ? AND archived_at IS NULL ORDER BY number',
			[articleId]
		)
	).map((r) => String(r.id));
	expect(promptIds).toHaveLength(3);
	const seedArticleId = String(
		await db.value('SELECT id FROM articles WHERE slug = ?', [SEED_SLUG])
	);

	// Classes: C_k named P[k], described by P[k+1], all taught by the teacher; the student is
	// in every one; C_0 holds every U_i; C_(g+1) holds U_g, whose quiz answers it analyses.
	const classes = P.map((name, k) => ({
		id: newId(),
		code: generateJoinCode(),
		name,
		description: at(k + 1)
	}));
	for (const c of classes) {
		statements.push({
			sql: 'INSERT INTO classes (id, teacher_id, name, description, time_zone, join_code) VALUES (?, ?, ?, ?, ?, ?)',
			args: [c.id, teacher.id, c.name, c.description, 'UTC', c.code]
		});
		statements.push({
			sql: 'INSERT INTO class_members (class_id, user_id, joined_at) VALUES (?, ?, ?)',
			args: [c.id, student.id, now]
		});
		statements.push({
			sql: `INSERT INTO assignments (id, class_id, article_id, section_ids, due_at, require_quiz, pass_mark, require_response)
				VALUES (?, ?, ?, NULL, ?, 1, 70, 0)`,
			args: [newId(), c.id, seedArticleId, now + 7 * DAY]
		});
	}
	const member = (classId: string, userId: string) =>
		statements.push({
			sql: 'INSERT INTO class_members (class_id, user_id, joined_at) VALUES (?, ?, ?)',
			args: [classId, userId, now]
		});
	users.forEach((u) => member(classes[0]!.id, u));
	for (let g = 0; g < INSIGHT_CLASSES; g++) member(classes[g + 1]!.id, users[g]!);
	statements.push({
		sql: `INSERT INTO assignments (id, class_id, article_id, section_ids, due_at, require_quiz, pass_mark, require_response)
			VALUES (?, ?, ?, NULL, ?, 0, 70, 1)`,
		args: [newId(), classes[0]!.id, articleId, now + 7 * DAY]
	});

	// Threads: the article's three public ones and C_0's thread of prompt 1.
	const threadIds = [...promptIds.map(() => newId()), newId()];
	promptIds.forEach((promptId, n) =>
		statements.push({
			sql: `INSERT INTO threads (id, article_id, prompt_id, scope, class_id, respond_first)
				VALUES (?, ?, ?, 'public', NULL, 0) ON CONFLICT DO NOTHING`,
			args: [threadIds[n]!, articleId, promptId]
		})
	);
	statements.push({
		sql: `INSERT INTO threads (id, article_id, prompt_id, scope, class_id, respond_first)
			VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT DO NOTHING`,
		args: [threadIds[3]!, articleId, promptIds[0]!, `class:${classes[0]!.id}`, classes[0]!.id]
	});
	await db.run(statements);
	statements.length = 0;
	const threadOf = async (promptId: string, scope: string) =>
		String(
			await db.value('SELECT id FROM threads WHERE prompt_id = ? AND scope = ?', [promptId, scope])
		);
	const threads = {
		public: await Promise.all(promptIds.map((id) => threadOf(id, 'public'))),
		class: await threadOf(promptIds[0]!, `class:${classes[0]!.id}`)
	};

	// Posts, their HTML made by the app's own renderer.
	const authorOf = new Map<string, string>();
	const html = new Map<string, string>();
	const rendered = (body: string) => {
		if (!html.has(body)) html.set(body, renderPost(body));
		return html.get(body)!;
	};
	const post = (
		thread: string,
		author: number,
		body: string,
		createdAt: number,
		parent: { id: string; root: string; depth: number } | null = null,
		status: 'visible' | 'held' | 'hidden' = 'visible'
	) => {
		const id = newId();
		authorOf.set(id, at(author));
		statements.push({
			sql: `INSERT INTO posts (id, thread_id, author_id, parent_id, root_id, depth, reply_to_post_id,
				body, html, status, hidden_by, report_count, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			args: [
				id,
				thread,
				users[((author % N) + N) % N]!,
				parent?.id ?? null,
				parent?.root ?? id,
				parent ? parent.depth + 1 : 1,
				parent?.id ?? null,
				body,
				rendered(body),
				status,
				status === 'hidden' ? 'reports' : null,
				0,
				createdAt
			]
		});
		return id;
	};
	const report = (postId: string, reporter: number, note: string, createdAt: number) =>
		statements.push(
			{
				sql: `INSERT INTO reports (id, post_id, reporter_id, reason, note, created_at) VALUES (?, ?, ?, 'other', ?, ?)`,
				args: [newId(), postId, users[((reporter % N) + N) % N]!, note, createdAt]
			},
			{ sql: 'UPDATE posts SET report_count = report_count + 1 WHERE id = ?', args: [postId] }
		);
	const start = now - 10 * DAY;
	const publicTop: string[] = [];
	const publicReply: string[] = [];
	const classTop: string[] = [];
	const classReply: string[] = [];
	for (let i = 0; i < N; i++) {
		const top = post(threads.public[0]!, i, at(i), start + i * 60_000);
		publicTop.push(top);
		publicReply.push(
			post(threads.public[0]!, i + 1, at(i + 137), start + i * 60_000 + 30_000, {
				id: top,
				root: top,
				depth: 1
			})
		);
		const classPost = post(threads.class, i, at(i + 59), start + i * 60_000);
		classTop.push(classPost);
		const classAnswer = post(threads.class, i + 1, at(i + 211), start + i * 60_000 + 30_000, {
			id: classPost,
			root: classPost,
			depth: 1
		});
		classReply.push(classAnswer);
		report(classAnswer, i + 2, at(i + 2), start + DAY + i);
	}
	const held: string[] = [];
	const reported: string[] = [];
	for (let j = 0; j < 5; j++) {
		held.push(post(threads.public[2]!, 20 + j, at(20 + j), LONG_AGO + j, null, 'held'));
		const r = post(
			threads.public[2]!,
			30 + j,
			at(30 + j),
			LONG_AGO + 10 + j,
			null,
			j === 0 ? 'hidden' : 'visible'
		);
		report(r, 40 + j, at(40 + j), LONG_AGO + 20 + j);
		reported.push(r);
	}
	await db.run(statements);

	console.log(`xss: ${N} payloads seeded in ${Date.now() - began} ms`);
	return {
		tag,
		base,
		article: { id: articleId, slug, prompts, lines },
		users,
		admin,
		teacher,
		moderator,
		student,
		quizzer,
		readers,
		teachers,
		classes,
		threads,
		publicTop,
		publicReply,
		classTop,
		classReply,
		held,
		reported,
		authorOf: Object.fromEntries(authorOf)
	};
}

test.afterAll(async () => {
	world?.db.close();
});

/** Post ids on the page (the `post-<id>` items of a thread). */
async function postIdsOn(page: Page): Promise<string[]> {
	return page
		.locator('li[id^="post-"]')
		.evaluateAll((items) => items.map((li) => li.id.slice('post-'.length)));
}

/** Walks a thread from its first page to its last with the pager's links (client-side). */
async function walkThread(watched: Watched, page: Page, path: string) {
	await watched.load(page, path);
	const seen: string[] = [];
	for (let n = 1; ; n++) {
		const ids = await postIdsOn(page);
		seen.push(...ids);
		// Every author's name shown as text on this page.
		await watched.audit(page, { texts: ids.map((id) => world.authorOf[id]!).filter(Boolean) });
		const next = page.getByRole('link', { name: 'Next page →' });
		if ((await next.count()) === 0) break;
		await next.click();
		await expect(page).toHaveURL(new RegExp(`page=${n + 1}`));
		await expect(page.locator('.pager .muted')).toHaveText(`Page ${n + 1}`);
	}
	return seen;
}

/** A page served in place of the app's, holding what the audit exists to find. */
const SELF_CHECK_PAGE = `<!doctype html><html><head><title>self-check</title></head><body>
<div id="svelte-announcer"></div>
<p>&lt;b&gt;shown as text&lt;/b&gt;</p>
<p><b>parsed</b></p>
<img src="/xss-self-check.png" onerror="alert('img')">
<a href="java&#x09;script:alert(1)">link</a>
<script>alert('inline')</script>
<iframe srcdoc="<script>alert('frame')</script>"></iframe>
<div class="post-body"><p><strong>kept</strong><em title="x">title</em></p><a href="https://example.org/">no rel</a>
<pre><code class="language-</div> <p class=">swallowed</code></pre></div>
<span class="cut</span><p id=">swallowed</span>
<script src="https://evil.example/x.js"></script>
<xss>unknown</xss>
</body></html>`;

test('the audit itself catches injected markup, running script and requests that leave', async ({
	browser
}) => {
	const watched = await Watched.open(browser, world.base);
	await watched.context.route('**/xss-self-check', (route) =>
		route.fulfill({ contentType: 'text/html', body: SELF_CHECK_PAGE })
	);
	const page = await watched.newPage();
	await page.goto('/xss-self-check');
	await expect
		.poll(() => page.evaluate(() => (window as unknown as { __xss: number }).__xss))
		.toBeGreaterThanOrEqual(3);
	const result = await watched.audit(page, { texts: ['<b>shown as text</b>', '<b>parsed</b>'] });
	expect(result.xssLog).toEqual(
		expect.arrayContaining(['alert(img)', 'alert(inline)', 'alert(frame)'])
	);
	expect(result.missing).toEqual(['<b>parsed</b>']);
	for (const expected of [
		/script ran/,
		/an element no template makes: <img/,
		/an event handler attribute: <img/,
		/a script or data URL in href/,
		/a link with the javascript: scheme/,
		/an inline script that is not SvelteKit's/,
		/a script from elsewhere/,
		/an element no template makes: <iframe/,
		/a srcdoc attribute/,
		/an element no template makes: <xss/,
		/a post body holds a title attribute/,
		/a post link without rel/,
		/a code class that is not a language/,
		/markup inside a class attribute: <span/
	]) {
		expect(watched.findings, String(expected)).toEqual(
			expect.arrayContaining([expect.stringMatching(expected)])
		);
	}
	expect(watched.alarms).toEqual(
		expect.arrayContaining([
			expect.stringMatching(/a request left the app: https:\/\/evil\.example/)
		])
	);
	await watched.close();
});

test('payloads typed into the real forms are stored as typed and shown as text', async ({
	browser
}) => {
	const { db, tag, teacher, article } = world;
	const names = typeable(60);
	const classNames = typeable(100);

	// A display name, at sign-up and changed on /account.
	const person = await Watched.open(browser, world.base);
	const page = await person.newPage();
	const email = `xss-${tag}-form@example.org`;
	await signUp(page, { email, displayName: names[10]! });
	await person.audit(page, { texts: [names[10]!] });
	expect(await db.value('SELECT display_name FROM users WHERE email = ?', [email])).toBe(names[10]);
	await person.visit(page, '/account');
	await page.getByLabel('Display name').fill(names[11]!);
	await page.getByRole('button', { name: 'Save name' }).click();
	await expect(page).toHaveURL(/saved=profile/);
	await expect
		.poll(() => db.value('SELECT display_name FROM users WHERE email = ?', [email]))
		.toBe(names[11]);
	await person.visit(page, '/account', { texts: [names[11]!] });

	// A post through the composer: stored as typed, its HTML exactly renderPost's.
	await db.run([
		{ sql: 'UPDATE users SET approved_post_count = 2 WHERE email = ?', args: [email] }
	]);
	const body = PAYLOADS.find(
		(p) => p.source === 'lectern-markdown' && /javascript:/i.test(p.payload)
	)!.payload;
	await person.visit(page, `/lessons/${article.slug}/discuss/2`);
	await page.getByLabel('Your response', { exact: true }).fill(body);
	await page.getByRole('button', { name: 'Post response' }).click();
	await expect(page).toHaveURL(/#post-[\w-]+$/);
	const postId = /#post-([\w-]+)$/.exec(page.url())![1]!;
	const [stored] = await db.rows('SELECT body, html FROM posts WHERE id = ?', [postId]);
	expect(stored!.body).toBe(body.trim());
	expect(stored!.html).toBe(renderPost(String(stored!.body)));
	await person.audit(page, { texts: [names[11]!] });

	// A NUL in a fenced block's info string. SQLite hands text back only up to a NUL, so post
	// HTML stored with one would come back cut inside an attribute, which would then swallow
	// the page's markup after it (server-rendered pages only: the client parses it apart).
	await db.run([
		{
			sql: 'UPDATE posts SET created_at = created_at - 31000 WHERE author_id = (SELECT id FROM users WHERE email = ?)',
			args: [email]
		}
	]);
	await person.visit(page, `/lessons/${article.slug}/discuss/2`);
	await page
		.getByLabel('Your response', { exact: true })
		.fill('Before the cut.\n\n```\u0000js\ncode\n```\n\nAfter the cut.');
	await page.getByRole('button', { name: 'Post response' }).click();
	await expect(page).not.toHaveURL(new RegExp(`#post-${postId}$`));
	await expect(page).toHaveURL(/#post-[\w-]+$/);
	const cutId = /#post-([\w-]+)$/.exec(page.url())![1]!;
	// Every form field turns NUL into U+FFFD at the boundary: stored as "```" then U+FFFD, in hex.
	expect(
		await db.value(`SELECT hex(body) LIKE '%606060EFBFBD%' FROM posts WHERE id = ?`, [cutId])
	).toBe(1);
	await person.visit(page, `/lessons/${article.slug}/discuss/2/post/${cutId}`, {
		texts: ['Before the cut.', 'After the cut.']
	});
	const cutBox = page.locator(`[id="post-${cutId}"] > article`);
	await expect(cutBox.locator('.post-body')).toContainText('After the cut.');
	await expect(cutBox.locator('summary', { hasText: /^Edit/ })).toBeVisible();

	// A class through the teacher's form: name and a description of several lines.
	const teacherBrowser = await Watched.open(browser, world.base, teacher.token);
	const tpage = await teacherBrowser.newPage();
	const className = classNames.find((n) => /<img|<svg/i.test(n))!;
	const description = P.find(
		// eslint-disable-next-line no-control-regex
		(p) => p.includes('\n') && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(p)
	)!.trim();
	await teacherBrowser.visit(tpage, '/classes');
	await tpage.getByLabel('Class name').fill(className);
	await tpage.getByLabel('Description (optional)').fill(description);
	await tpage.getByRole('button', { name: 'Create class' }).click();
	await expect(tpage).toHaveURL(/\/classes\/[0-9a-f-]{36}\?notice=created/);
	const classId = /\/classes\/([0-9a-f-]{36})/.exec(tpage.url())![1]!;
	const [cls] = await db.rows('SELECT name, description, join_code FROM classes WHERE id = ?', [
		classId
	]);
	expect(cls!.name).toBe(className);
	expect(cls!.description).toBe(description);
	await expect(tpage.locator('#svelte-announcer')).toBeAttached();
	await teacherBrowser.audit(tpage, { texts: [className, description, teacher.name] });

	// Students added by name: the sign-in sheet lists them.
	const rosterNames = typeable(80).slice(40, 46);
	await teacherBrowser.visit(tpage, `/classes/${classId}/add-students`, { texts: [className] });
	await tpage.getByLabel('Names, one per line').fill(rosterNames.join('\n'));
	await tpage.getByRole('button', { name: 'Create accounts' }).click();
	await expect(tpage.getByRole('heading', { level: 1 })).toContainText('Sign-in sheet for');
	await teacherBrowser.audit(tpage, { texts: [className, ...rosterNames] });
	await teacherBrowser.visit(tpage, `/classes/${classId}`, { texts: [className, description] });
	await teacherBrowser.visit(tpage, `/classes/${classId}/students`, {
		texts: [className, description, ...rosterNames]
	});

	// The person joins with the class's code.
	await person.visit(page, '/join');
	await page.getByLabel('Join code').fill(String(cls!.join_code));
	await page.getByRole('button', { name: 'Join class' }).click();
	await expect(page).toHaveURL(new RegExp(`/classes/${classId}\\?notice=joined`));
	await expect(page.locator('#svelte-announcer')).toBeAttached();
	await person.audit(page, { texts: [className, description, teacher.name, names[11]!] });
	await person.visit(page, `/join/${cls!.join_code}`, { texts: [className] });

	person.expectClean('pages after the forms, as the person');
	teacherBrowser.expectClean('pages after the forms, as the teacher');
	await person.close();
	await teacherBrowser.close();
});

test('post bodies and authors: the public thread, page by page, and the article', async ({
	browser
}) => {
	const { student, article } = world;
	const reader = await Watched.open(browser, world.base, student.token);
	const page = await reader.newPage();
	const seen = await walkThread(reader, page, `/lessons/${article.slug}/discuss/1`);
	expect(new Set(seen)).toEqual(new Set([...world.publicTop, ...world.publicReply]));
	await reader.visitAll(
		[
			{ path: `/lessons/${article.slug}/discuss`, texts: article.prompts },
			{ path: `/lessons/${article.slug}`, texts: [student.name] },
			{ path: `/lessons/${article.slug}/hostile-module`, texts: article.lines },
			{ path: `/lessons/${article.slug}/discuss/1/post/${world.publicReply[100]}` }
		],
		page
	);
	reader.expectClean('the public thread as a signed-in reader');
	await reader.close();

	// Anonymous readers get the module page from the server's in-memory copy; this reader keeps
	// the pages' CSP on, as a real browser does.
	const anonymous = await Watched.open(browser, world.base, undefined, { enforceCsp: true });
	await anonymous.visitAll([
		{ path: `/lessons/${article.slug}/hostile-module`, texts: article.lines },
		{ path: `/lessons/${article.slug}/discuss/1?page=7` }
	]);
	anonymous.expectClean('the article and thread as an anonymous reader');
	await anonymous.close();
});

test('the class thread and the teacher’s moderation queue, reported posts by hostile names', async ({
	browser
}) => {
	const { teacher, article, classes, db } = world;
	const watched = await Watched.open(browser, world.base, teacher.token);
	const page = await watched.newPage();
	const seen = await walkThread(
		watched,
		page,
		`/classes/${classes[0]!.id}/discuss/${article.slug}/1`
	);
	expect(new Set(seen)).toEqual(new Set([...world.classTop, ...world.classReply]));

	// The queue shows 50 at a time: work it like a moderator, dismissing what was seen.
	const index = new Map(world.classReply.map((id, i) => [id, i]));
	const queued = new Set<string>();
	for (let round = 0; round < 10 && queued.size < N; round++) {
		// Audited once it is known which items it shows (with their texts).
		await watched.load(page, '/moderation');
		const ids = (
			await page
				.locator('article.item')
				.evaluateAll((items) => items.map((item) => item.id.slice('item-'.length)))
		).filter((id) => index.has(id));
		expect(ids.length, `round ${round} of the queue`).toBeGreaterThan(0);
		await watched.audit(page, {
			texts: ids.flatMap((id) => {
				const i = index.get(id)!;
				return [`Post by ${at(i + 1)}`, at(i), at(i + 2)];
			})
		});
		for (const id of ids) queued.add(id);
		await db.run([
			{
				sql: `UPDATE reports SET resolved_at = ?, resolution = 'dismissed' WHERE post_id IN (${ids.map(() => '?').join(', ')})`,
				args: [Date.now(), ...ids]
			}
		]);
	}
	expect(queued.size).toBe(N);
	watched.expectClean('the class thread and moderation queue as the teacher');
	await watched.close();
});

test('the moderator’s queue: held and reported public posts, a report sent through the form', async ({
	browser
}) => {
	const { student, moderator, article, db } = world;
	const notes = typeable(500);
	const note = notes.find((n) => /<iframe|<object|<embed/i.test(n)) ?? notes[50]!;
	const target = world.publicTop[7]!;
	// The student reports, then the moderator looks, in the same browser.
	const reporter = await Watched.open(browser, world.base, student.token);
	try {
		const page = await reporter.newPage();
		await reporter.visit(page, `/lessons/${article.slug}/discuss/1/post/${target}`);
		const box = page.locator(`[id="post-${target}"] > article`);
		await box.locator('summary', { hasText: /^Report/ }).click();
		await box.getByLabel('Why are you reporting it?').selectOption('other');
		await box.getByLabel('Note for the moderators').fill(note);
		await box.getByRole('button', { name: 'Send report' }).click();
		await expect(box.getByText('You reported this post.')).toBeVisible();
		await reporter.audit(page);
		await db.run([
			{
				sql: 'UPDATE reports SET created_at = ? WHERE post_id = ? AND reporter_id = ?',
				args: [LONG_AGO + 30, target, student.id]
			}
		]);

		await reporter.switchTo(world.base, moderator.token);
		await reporter.visit(page, '/moderation', {
			texts: [
				moderator.name,
				...[0, 1, 2, 3, 4].flatMap((j) => [`Post by ${at(20 + j)}`, `Post by ${at(30 + j)}`]),
				...[0, 1, 2, 3, 4].map((j) => at(40 + j)),
				`Post by ${at(7)}`,
				note,
				student.name,
				article.prompts[0]!,
				article.prompts[2]!
			]
		});
		const queue = await page
			.locator('article.item')
			.evaluateAll((items) => items.map((item) => item.id.slice('item-'.length)));
		expect(queue).toEqual(expect.arrayContaining([...world.held, ...world.reported, target]));
		reporter.expectClean('the thread after reporting, and the moderation queue as a moderator');
	} finally {
		// The public queue is shared with the other suites: take these items out of it.
		await db.run([
			{
				sql: `UPDATE reports SET resolved_at = ?, resolution = 'dismissed' WHERE post_id IN (${[...world.reported, target].map(() => '?').join(', ')})`,
				args: [Date.now(), ...world.reported, target]
			},
			{
				sql: `UPDATE posts SET status = 'hidden', hidden_by = 'moderator' WHERE id IN (${world.held.map(() => '?').join(', ')})`,
				args: world.held
			}
		]);
		await reporter.close();
	}
});

test('display names in the admin’s user list', async ({ browser }) => {
	const { admin, tag } = world;
	const watched = await Watched.open(browser, world.base, admin.token);
	const batches = Array.from({ length: Math.ceil(N / 50) }, (_, b) => ({
		path: `/admin?q=${encodeURIComponent(`xss-${tag}-b${b}-`)}`,
		texts: [admin.name, ...P.slice(b * 50, b * 50 + 50)]
	}));
	// (/admin itself, unfiltered, is opened and audited with the admin's name before the import.)
	await watched.visitAll(batches);
	watched.expectClean('the admin pages');
	await watched.close();
});

test('class names, descriptions, roster and gradebook: the teacher’s pages', async ({
	browser
}) => {
	const { teacher, student, classes } = world;
	const watched = await Watched.open(browser, world.base, teacher.token);
	const c0 = classes[0]!;
	await watched.visitAll([
		{
			path: '/classes',
			texts: [teacher.name, ...classes.flatMap((c) => [c.name, c.description])]
		},
		// The roster and the gradebook: every U_i.
		{ path: `/classes/${c0.id}`, texts: [teacher.name, c0.name, c0.description] },
		{ path: `/classes/${c0.id}/students`, texts: [teacher.name, c0.name, c0.description, ...P] },
		{ path: `/classes/${c0.id}/gradebook`, texts: [teacher.name, c0.name, c0.description, ...P] },
		{ path: `/classes/${c0.id}/add-students`, texts: [c0.name] },
		...classes.slice(...TEACHER_OPENS).map((c) => ({
			path: `/classes/${c.id}/students`,
			texts: [c.name, c.description, student.name]
		}))
	]);
	watched.expectClean('the teacher’s class pages');
	await watched.close();
});

test('class names and the teacher’s name: the student’s pages and join links', async ({
	browser
}) => {
	const { student, teacher, classes, article } = world;
	const watched = await Watched.open(browser, world.base, student.token);
	await watched.visitAll([
		{ path: '/classes', texts: [student.name, ...classes.flatMap((c) => [c.name, c.description])] },
		{
			path: `/classes/${classes[0]!.id}`,
			texts: [classes[0]!.name, classes[0]!.description, teacher.name, ...article.prompts]
		},
		...classes.slice(...STUDENT_OPENS).map((c) => ({
			path: `/classes/${c.id}`,
			texts: [c.name, c.description, teacher.name]
		})),
		...classes
			.slice(...STUDENT_JOIN_LINKS)
			.map((c) => ({ path: `/join/${c.code}`, texts: [c.name] }))
	]);
	watched.expectClean('the student’s class pages');
	await watched.close();
});

test('free-text quiz answers: results pages and the class insights', async ({ browser }) => {
	const { quizzer, teacher, classes, db, users } = world;
	const answers = typeable(500)
		.filter((p) => p.includes('<'))
		.slice(0, SHORT_PER_ATTEMPT);

	// The quizzer takes the whole-article quiz, typing a payload into every short answer.
	const watched = await Watched.open(browser, world.base, quizzer.token);
	const page = await watched.newPage();
	const attemptId = await startFromList(page, 'Whole article');
	const typed = new Map<string, string>();
	for (const id of await shownQuestionIds(page)) {
		const q = questionById(id);
		const field = questionField(page, id);
		if (q.type === 'short') {
			const answer = answers[typed.size % answers.length]!;
			typed.set(id, answer);
			await field.getByRole('textbox').fill(answer);
		} else {
			await answerInPage(field, q, true);
		}
	}
	expect(typed.size).toBe(SHORT_PER_ATTEMPT);
	await submitAnswers(page);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Results: Whole article');
	await watched.audit(page, { texts: [...typed.values()] });
	// Stored as typed (keys are `<article id>:<question id>`).
	const shortRows = await db.rows(
		`SELECT a.question_id AS key, a.response FROM attempt_answers a JOIN questions q ON q.id = a.question_id
		 WHERE a.attempt_id = ? AND json_extract(q.data, '$.type') = 'short'`,
		[attemptId]
	);
	expect(shortRows).toHaveLength(SHORT_PER_ATTEMPT);
	for (const row of shortRows) {
		const questionId = String(row.key).split(':').slice(1).join(':');
		expect(JSON.parse(String(row.response))).toBe(typed.get(questionId));
	}
	const shortKeys = shortRows.map((r) => String(r.key));

	// The same attempt, answered with the rest of the corpus by U_0..U_(GROUPS-1): its short
	// questions alone (the payloads' only place), so each results page shows seven answers, not
	// the whole article's, and the corpus still passes through a results page and the insights.
	const groups = Array.from({ length: GROUPS }, (_, g) =>
		Array.from({ length: SHORT_PER_ATTEMPT }, (_, j) => at(g * SHORT_PER_ATTEMPT + j))
	);
	const [original] = await db.rows('SELECT plan FROM attempts WHERE id = ?', [attemptId]);
	const plan = JSON.parse(String(original!.plan)) as { questions: { id: string }[] };
	const shortIds = new Set(shortKeys.map((key) => key.split(':').slice(1).join(':')));
	const shortPlan = JSON.stringify({
		...plan,
		questions: plan.questions.filter((q) => shortIds.has(q.id))
	});
	const cloned: string[] = [];
	const statements: { sql: string; args: (string | number | null)[] }[] = [];
	groups.forEach((payloads, g) => {
		const id = newId();
		cloned.push(id);
		statements.push(
			{
				sql: `INSERT INTO attempts (id, user_id, article_id, scope, seed, plan, started_at, submitted_at, score, max_score)
					SELECT ?, ?, article_id, scope, seed, ?, started_at, submitted_at, 0, ? FROM attempts WHERE id = ?`,
				args: [id, users[g]!, shortPlan, SHORT_PER_ATTEMPT, attemptId]
			},
			...shortKeys.map((key, j) => ({
				sql: 'INSERT INTO attempt_answers (attempt_id, question_id, response, correct, points) VALUES (?, ?, ?, 0, 0)',
				args: [id, key, JSON.stringify(payloads[j])]
			}))
		);
	});
	await db.run(statements);

	// Each learner's results page, signed in as them in turn (in the quizzer's browser: one
	// browser for the whole story, each page audited as it is opened).
	const tokens = await db.sessions(users.slice(0, GROUPS));
	for (let g = 0; g < GROUPS; g++) {
		await watched.switchTo(world.base, tokens[g]!);
		await watched.visit(page, `/lessons/${SEED_SLUG}/quiz/${cloned[g]}`, {
			texts: [at(g), ...groups[g]!]
		});
	}

	// The teacher's insights: each class's most chosen wrong answers are its learner's payloads
	// (one per question, so one class per seven payloads). A few of those classes' gradebooks,
	// with the hostile attempt scored: every text they show (the class's name and description,
	// the learner's name) also stands on pages audited elsewhere (/classes, C_0's gradebook and
	// these insights), so the other gradebooks would only repeat them.
	await watched.switchTo(world.base, teacher.token);
	await watched.visitAll(
		[
			...groups.slice(0, INSIGHT_CLASSES).map((payloads, g) => ({
				path: `/classes/${classes[g + 1]!.id}/insights`,
				texts: [classes[g + 1]!.name, classes[g + 1]!.description, ...payloads]
			})),
			...groups.slice(0, GRADEBOOKS_WITH_ATTEMPTS).map((_, g) => ({
				path: `/classes/${classes[g + 1]!.id}/gradebook`,
				texts: [classes[g + 1]!.name, classes[g + 1]!.description, at(g)]
			}))
		],
		page
	);

	watched.expectClean(
		'the quiz and its results as the quizzer, the results pages as each learner, the class insights as the teacher'
	);
	await watched.close();
});

test('display names and post excerpts in replies on /account; API token names', async ({
	browser
}) => {
	const { readers, teachers, db, threads } = world;
	const now = Date.now();
	// /account shows the newest 20 replies since the last visit (author and excerpt) and every API
	// token (a teacher keeps at most 20): each visit shows 20 of the corpus in both. Six people,
	// three readers and three teachers, each with a post; visit v shows P[20v..20v+19], as replies
	// to the post of person v mod 6 and as that person's token names.
	const people = [...readers, ...teachers];
	const visits = Array.from({ length: Math.ceil(N / 20) }, (_, v) =>
		[...P.keys()].slice(v * 20, v * 20 + 20)
	);
	const ownerOf = (v: number) => v % people.length;
	const mine = people.map(() => newId());
	const replies = P.map(() => newId());
	const body = 'Where I stand on this.';
	const reply = (i: number) => {
		const parent = mine[ownerOf(Math.floor(i / 20))]!;
		return {
			sql: `INSERT INTO posts (id, thread_id, author_id, parent_id, root_id, depth, reply_to_post_id, body, html, status, created_at)
				VALUES (?, ?, ?, ?, ?, 2, ?, ?, ?, 'visible', ?)`,
			args: [
				replies[i]!,
				threads.public[1]!,
				world.users[i]!,
				parent,
				parent,
				parent,
				at(i + 17),
				renderPost(at(i + 17)),
				now - DAY + 1000 + i * 1000
			]
		};
	};
	await db.run([
		...people.map((person, r) => ({
			sql: `INSERT INTO posts (id, thread_id, author_id, parent_id, root_id, depth, reply_to_post_id, body, html, status, created_at)
				VALUES (?, ?, ?, NULL, ?, 1, NULL, ?, ?, 'visible', ?)`,
			args: [mine[r]!, threads.public[1]!, person.id, mine[r]!, body, renderPost(body), now - DAY]
		})),
		...P.map((_, i) => reply(i))
	]);

	// Each person's visits newest first: forget the last visit, give them this visit's tokens,
	// look, then hide the replies seen, so the next visit's are the newest left. One browser,
	// signed in as each in turn.
	const watched = await Watched.open(browser, world.base);
	const page = await watched.newPage();
	for (const [p, person] of people.entries()) {
		const own = visits.map((_, v) => v).filter((v) => ownerOf(v) === p);
		for (const v of own.reverse()) {
			const batch = visits[v]!;
			const names = batch.map((i) => P[i]!);
			await db.run([
				{ sql: 'UPDATE users SET replies_seen_at = NULL WHERE id = ?', args: [person.id] },
				{ sql: 'DELETE FROM api_tokens WHERE user_id = ?', args: [person.id] },
				...names.map((name) => ({
					sql: 'INSERT INTO api_tokens (id, user_id, name, token_hash) VALUES (?, ?, ?, ?)',
					args: [newId(), person.id, name, randomHex()]
				}))
			]);
			await watched.switchTo(world.base, person.token);
			await watched.visit(page, '/account', {
				texts: [person.name, ...batch.map((i) => `${at(i)} replied`), ...names]
			});
			await db.run([
				{
					sql: `UPDATE posts SET status = 'hidden', hidden_by = 'moderator' WHERE id IN (${batch.map(() => '?').join(', ')})`,
					args: batch.map((i) => replies[i]!)
				}
			]);
		}
		await db.run([{ sql: 'DELETE FROM api_tokens WHERE user_id = ?', args: [person.id] }]);
	}
	watched.expectClean('/account replies and API tokens, as each reader and teacher');
	await watched.close();
});

test('downloads that carry the payloads are never served as a page', async ({ browser }) => {
	const { teacher, student, classes } = world;
	// One browser context (no page: these are HTTP answers), signed in as each in turn.
	const who = await Watched.open(browser, world.base);
	const checks = [
		{
			as: teacher,
			path: `/classes/${classes[0]!.id}/gradebook.csv`,
			type: /^text\/csv/,
			file: true
		},
		{
			as: teacher,
			path: `/api/v1/classes/${classes[0]!.id}/gradebook`,
			type: /^application\/json/,
			file: false
		},
		{ as: student, path: '/account/export', type: /^application\/json/, file: true }
	];
	for (const { as, path, type, file } of checks) {
		await who.switchTo(world.base, as.token);
		const response = await who.context.request.get(path);
		expect(response.status(), path).toBe(200);
		const headers = response.headers();
		expect(headers['content-type'], path).toMatch(type);
		expect(headers['x-content-type-options'], path).toBe('nosniff');
		if (file) expect(headers['content-disposition'], path).toMatch(/^attachment;/);
	}
	await who.close();
});
