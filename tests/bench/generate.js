// Fills a migrated Lectern database for the benchmark: 1,000 users, 50 classes (one of
// 200 students with 20 assignments, progress and quiz attempts: tests/support/big-class.js, as
// the scale spec has it), a public thread of 100 posts and one of 10,000, signed-in sessions,
// and unsubmitted quiz attempts to submit.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createClient } from '@libsql/client';
import { fillBigClass, insertMany } from '../support/big-class.js';

const DAY = 24 * 60 * 60 * 1000;

/** A session token as the app makes them, and the id it stores (its SHA-256). */
export function mintToken() {
	const token = randomBytes(20).toString('hex');
	return { token, id: createHash('sha256').update(token).digest('hex') };
}

/**
 * @param {string} url a migrated database with the bundled articles
 * @param {{ quizUsers?: number, attemptsPerUser?: number }} [options]
 */
export async function generate(url, { quizUsers = 100, attemptsPerUser = 40 } = {}) {
	const client = createClient({ url, timeout: 10_000 });
	const now = Date.now();
	const [article] = (await client.execute('SELECT id, slug FROM articles LIMIT 1')).rows;
	const prompts = (
		await client.execute({
			sql: 'SELECT id, number FROM prompts WHERE article_id = ? AND archived_at IS NULL ORDER BY number',
			args: [article.id]
		})
	).rows;

	// Users: 50 teachers, 950 learners. The hash is a placeholder: sessions are minted directly.
	const users = Array.from({ length: 1000 }, (_, i) => ({
		id: randomUUID(),
		email: `bench-${i}@example.org`,
		name: `Bench Reader ${i}`,
		role: i < 50 ? 'teacher' : 'learner'
	}));
	await insertMany(
		client,
		'users',
		[
			'id',
			'email',
			'display_name',
			'password_hash',
			'role',
			'approved_post_count',
			'created_at',
			'last_seen_at'
		],
		users.map((u) => [
			u.id,
			u.email,
			u.name,
			'$argon2id$bench-placeholder',
			u.role,
			5,
			now - 90 * DAY,
			now
		])
	);
	const teachers = users.slice(0, 50);
	const learners = users.slice(50);

	// Sessions for the signed-in scenarios: the big class's teacher, the quiz scenario's learners
	// and 100 more readers, the learners all from outside the big class, so that what the load
	// scenarios submit does not change the class the gradebook figure measures (the scale spec's,
	// tests/support/big-class.js). They were its students: ~9,000 attempts by its timing.
	const sessionFor = new Map();
	const sessionRows = [];
	const quizPool = learners.slice(200, 200 + quizUsers);
	const readers = learners.slice(200 + quizUsers, 300 + quizUsers);
	for (const u of [...teachers.slice(0, 1), ...quizPool, ...readers]) {
		const { token, id } = mintToken();
		sessionFor.set(u.id, token);
		sessionRows.push([id, u.id, now + 30 * DAY, now]);
	}
	await insertMany(client, 'sessions', ['id', 'user_id', 'expires_at', 'created_at'], sessionRows);

	// 50 classes; the first, taught by teachers[0], holds 200 students and 20 assignments.
	const classes = teachers.map((t, i) => ({
		id: randomUUID(),
		teacherId: t.id,
		name: `Class ${i + 1}`
	}));
	await insertMany(
		client,
		'classes',
		['id', 'teacher_id', 'name', 'description', 'time_zone', 'join_code', 'created_at'],
		classes.map((c, i) => [
			c.id,
			c.teacherId,
			c.name,
			'',
			'Europe/London',
			`BENCH${String(i).padStart(3, '0')}`,
			now - 60 * DAY
		])
	);
	const big = classes[0];
	const students = learners.slice(0, 200);
	/** @type {unknown[][]} */
	const members = [];
	classes.slice(1).forEach((c, i) => {
		for (let k = 0; k < 15; k++)
			members.push([c.id, learners[200 + ((i * 15 + k) % 750)].id, now - 40 * DAY]);
	});
	await insertMany(client, 'class_members', ['class_id', 'user_id', 'joined_at'], members);

	// The big class: assignments, reading, attempts and responses (the scale spec's class too).
	await fillBigClass(client, {
		classId: big.id,
		articleId: String(article.id),
		studentIds: students.map((s) => s.id),
		now
	});

	// Public threads: prompt 1 with 100 posts, prompt 2 with 10,000 (a fifth of them replies).
	const threadIds = [];
	for (const [n, size] of [
		[0, 100],
		[1, 10_000]
	]) {
		const threadId = randomUUID();
		threadIds.push({ number: prompts[n].number, id: threadId, size });
		await client.execute({
			sql: 'INSERT INTO threads (id, article_id, prompt_id, scope, respond_first, created_at) VALUES (?, ?, ?, ?, 0, ?)',
			args: [threadId, article.id, prompts[n].id, 'public', now - 30 * DAY]
		});
		const posts = [];
		const tops = [];
		for (let i = 0; i < size; i++) {
			const id = randomUUID();
			const author = learners[i % learners.length];
			const created = now - 20 * DAY + i * 60_000;
			const isReply = i % 5 === 4 && tops.length > 0;
			const parent = isReply ? tops[tops.length - 1] : null;
			const body = `Post ${i}: what the article says about NATO and who it says said it.`;
			posts.push([
				id,
				threadId,
				author.id,
				parent,
				parent ?? id,
				isReply ? 2 : 1,
				null,
				body,
				`<p>${body}</p>`,
				'visible',
				0,
				created
			]);
			if (!isReply) tops.push(id);
		}
		await insertMany(
			client,
			'posts',
			[
				'id',
				'thread_id',
				'author_id',
				'parent_id',
				'root_id',
				'depth',
				'reply_to_post_id',
				'body',
				'html',
				'status',
				'report_count',
				'created_at'
			],
			posts
		);
	}

	// Unsubmitted module-quiz attempts for the submission scenario.
	const quizLearners = quizPool.map((u) => ({ id: u.id, token: sessionFor.get(u.id) }));
	const quizAttempts = await openQuizAttempts(client, quizLearners, attemptsPerUser);
	const quizQuestionCount = (await quizSetting(client)).questions.length;
	client.close();

	return {
		articleSlug: article.slug,
		classId: big.id,
		teacherToken: sessionFor.get(teachers[0].id),
		threads: threadIds,
		quizLearners,
		// Learners with a session, neither the quiz scenario's nor the big class's: the signed-in
		// readers and a class of 30.
		otherLearners: readers.map((u) => ({ id: u.id, token: sessionFor.get(u.id) })),
		quizAttempts,
		quizQuestionCount
	};
}

/**
 * The module quiz the submission scenarios take: its article, section and questions.
 * @param {import('@libsql/client').Client} client
 * @returns {Promise<{ articleId: string, sectionId: string, questions: { id: string }[] }>}
 */
async function quizSetting(client) {
	const [article] = (await client.execute('SELECT id FROM articles LIMIT 1')).rows;
	const [section] = (
		await client.execute({
			sql: "SELECT id FROM sections WHERE article_id = ? AND slug = 'key-facts-at-a-glance' AND archived_at IS NULL",
			args: [article.id]
		})
	).rows;
	const questions = (
		await client.execute({
			sql: "SELECT id, data FROM questions WHERE article_id = ? AND section_id = ? AND status = 'published' AND archived_at IS NULL",
			args: [article.id, section.id]
		})
	).rows.map((q) => JSON.parse(String(q.data)));
	return { articleId: String(article.id), sectionId: String(section.id), questions };
}

/**
 * Starts `perUser` unsubmitted attempts at the module quiz for each learner, as the quiz page
 * would (a plan of every question with its option seed). Takes a client or a database URL.
 * @param {import('@libsql/client').Client | string} db
 * @param {{ id: string, token: string }[]} learners
 * @param {number} perUser
 * @returns {Promise<{ id: string, token: string }[]>} one per attempt, in learner order
 */
export async function openQuizAttempts(db, learners, perUser) {
	const client = typeof db === 'string' ? createClient({ url: db, timeout: 10_000 }) : db;
	const now = Date.now();
	const { articleId, sectionId, questions } = await quizSetting(client);
	/** @type {unknown[][]} */
	const rows = [];
	/** @type {{ id: string, token: string }[]} */
	const attempts = [];
	learners.forEach((u, i) => {
		for (let k = 0; k < perUser; k++) {
			const id = randomUUID();
			const seed = (i * 1000 + k + Math.floor(Math.random() * 1e6)) >>> 0;
			const plan = {
				seed,
				questions: questions.map((q, n) => ({ id: q.id, optionSeed: (n * 7919 + k) >>> 0 }))
			};
			rows.push([id, u.id, articleId, sectionId, seed, JSON.stringify(plan), now]);
			attempts.push({ id, token: u.token });
		}
	});
	await insertMany(
		client,
		'attempts',
		['id', 'user_id', 'article_id', 'scope', 'seed', 'plan', 'started_at'],
		rows
	);
	if (typeof db === 'string') client.close();
	return attempts;
}
