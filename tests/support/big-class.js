// One generator for a big class, shared by the scale spec that asserts its gradebook's and
// insights' work (tests/integration/classroom-scale.spec.ts) and the benchmark that times them
// (`npm run bench`, tests/bench/generate.js): the same class is measured both ways.
import { randomUUID } from 'node:crypto';

const DAY = 24 * 60 * 60 * 1000;

/** The columns of a submitted attempt's row, as the generators here insert them. */
export const ATTEMPT_COLUMNS = [
	'id',
	'user_id',
	'article_id',
	'scope',
	'seed',
	'plan',
	'started_at',
	'submitted_at',
	'score',
	'max_score'
];

/**
 * Inserts rows in chunks of at most ~900 bound values each, all in one write batch (one
 * transaction).
 * @param {import('@libsql/client').Client} client
 * @param {string} table
 * @param {string[]} columns
 * @param {unknown[][]} rows
 */
export async function insertMany(client, table, columns, rows) {
	const placeholders = `(${columns.map(() => '?').join(', ')})`;
	const chunk = Math.max(1, Math.floor(900 / columns.length));
	const statements = [];
	for (let i = 0; i < rows.length; i += chunk) {
		const part = rows.slice(i, i + chunk);
		statements.push({
			sql: `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${part.map(() => placeholders).join(', ')}`,
			args: /** @type {import('@libsql/client').InArgs} */ (part.flat())
		});
	}
	if (statements.length) await client.batch(statements, 'write');
}

/**
 * Fills an existing class (its students not yet members) with what a term leaves behind:
 * - every student a member; 20 assignments, every fourth the whole article, the others three
 *   modules each, every third asking for a response;
 * - two thirds of the lesson modules read by each student;
 * - three submitted attempts each (two on the whole article, one on a module), answering the
 *   first 20 questions, some wrong;
 * - one response per student in the class thread of the article's first prompt.
 * @param {import('@libsql/client').Client} client
 * @param {{
 *   classId: string,
 *   articleId: string,
 *   studentIds: string[],
 *   now?: number
 * }} options
 * @returns {Promise<{ assignments: number }>}
 */
export async function fillBigClass(client, { classId, articleId, studentIds, now = Date.now() }) {
	const lessons = (
		await client.execute({
			sql: "SELECT id FROM sections WHERE article_id = ? AND kind = 'lesson' AND archived_at IS NULL ORDER BY position",
			args: [articleId]
		})
	).rows.map((r) => String(r.id));
	const questions = (
		await client.execute({
			sql: "SELECT id, data FROM questions WHERE article_id = ? AND status = 'published' AND archived_at IS NULL ORDER BY position",
			args: [articleId]
		})
	).rows.map((r) => ({ key: String(r.id), id: JSON.parse(String(r.data)).id }));

	await insertMany(
		client,
		'class_members',
		['class_id', 'user_id', 'joined_at'],
		studentIds.map((id) => [classId, id, now - 50 * DAY])
	);
	const ASSIGNMENTS = 20;
	await insertMany(
		client,
		'assignments',
		[
			'id',
			'class_id',
			'article_id',
			'section_ids',
			'due_at',
			'require_quiz',
			'pass_mark',
			'require_response',
			'created_at'
		],
		Array.from({ length: ASSIGNMENTS }, (_, i) => [
			randomUUID(),
			classId,
			articleId,
			i % 4 === 0
				? null
				: JSON.stringify(lessons.slice(i % lessons.length, (i % lessons.length) + 3)),
			now + (i - 10) * DAY,
			i % 2,
			70,
			i % 3 === 0 ? 1 : 0,
			now - 30 * DAY + i
		])
	);

	/** @type {unknown[][]} */
	const progress = [];
	/** @type {unknown[][]} */
	const attempts = [];
	/** @type {unknown[][]} */
	const answers = [];
	const asked = questions.slice(0, 20);
	studentIds.forEach((studentId, i) => {
		lessons.forEach((section, j) => {
			if ((i + j) % 3 !== 0) progress.push([studentId, section, now - (j + 1) * DAY]);
		});
		for (let k = 0; k < 3; k++) {
			const id = randomUUID();
			const scope = k < 2 ? 'article' : lessons[i % lessons.length];
			const correct = asked.map((_, n) => (i * 7 + n * 3 + k) % 5 !== 0);
			const plan = {
				seed: i * 10 + k,
				questions: asked.map((q, n) => ({ id: q.id, optionSeed: n }))
			};
			attempts.push([
				id,
				studentId,
				articleId,
				scope,
				plan.seed,
				JSON.stringify(plan),
				now - (10 - k) * DAY,
				now - (10 - k) * DAY + 600_000,
				correct.filter(Boolean).length,
				asked.length
			]);
			asked.forEach((q, n) =>
				answers.push([id, q.key, JSON.stringify(null), correct[n] ? 1 : 0, correct[n] ? 1 : 0])
			);
		}
	});
	await insertMany(client, 'section_progress', ['user_id', 'section_id', 'read_at'], progress);
	await insertMany(client, 'attempts', ATTEMPT_COLUMNS, attempts);
	await insertMany(
		client,
		'attempt_answers',
		['attempt_id', 'question_id', 'response', 'correct', 'points'],
		answers
	);

	const prompts = await client.execute({
		sql: 'SELECT id FROM prompts WHERE article_id = ? AND archived_at IS NULL ORDER BY number LIMIT 1',
		args: [articleId]
	});
	const prompt = prompts.rows[0];
	const threadId = randomUUID();
	await insertMany(
		client,
		'threads',
		['id', 'article_id', 'prompt_id', 'scope', 'class_id', 'respond_first', 'created_at'],
		// The scope as classScope (src/lib/discussion/scope.ts) writes it.
		[[threadId, articleId, String(prompt?.id), `class:${classId}`, classId, 1, now]]
	);
	await insertMany(
		client,
		'posts',
		['id', 'thread_id', 'author_id', 'root_id', 'depth', 'body', 'html', 'status', 'created_at'],
		studentIds.map((author, i) => {
			const id = randomUUID();
			return [id, threadId, author, id, 1, 'Answer', '<p>Answer</p>', 'visible', now - i * 1000];
		})
	);
	return { assignments: ASSIGNMENTS };
}
