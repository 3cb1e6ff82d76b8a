// A class with the seed article assigned, made straight in the database: for specs about what
// its students and teacher see, not about making classes (tests/e2e/classes.spec.ts does that).
import { randomUUID } from 'node:crypto';
import { generateJoinCode } from '../../../src/lib/classroom/join-code';
import { sql } from './fixtures';
import { SEED_SLUG } from './quiz-key';

export async function userIdByEmail(email: string): Promise<string> {
	const { rows } = await sql('SELECT id FROM users WHERE email = ?', [email]);
	if (!rows[0]) throw new Error(`no user ${email}`);
	return String(rows[0].id);
}

/** A class of `teacherEmail` holding `studentEmails`, with the whole seed article assigned. */
export async function classWithSeedAssigned(
	teacherEmail: string,
	studentEmails: readonly string[],
	name = `Class ${randomUUID().slice(0, 6)}`
): Promise<{ id: string; name: string }> {
	const id = randomUUID();
	const now = Date.now();
	const { rows } = await sql('SELECT id FROM articles WHERE slug = ?', [SEED_SLUG]);
	const articleId = String(rows[0]!.id);
	await sql(
		'INSERT INTO classes (id, teacher_id, name, description, time_zone, join_code) VALUES (?, ?, ?, ?, ?, ?)',
		[id, await userIdByEmail(teacherEmail), name, '', 'UTC', generateJoinCode()]
	);
	for (const email of studentEmails) {
		await sql('INSERT INTO class_members (class_id, user_id, joined_at) VALUES (?, ?, ?)', [
			id,
			await userIdByEmail(email),
			now
		]);
	}
	await sql(
		`INSERT INTO assignments (id, class_id, article_id, section_ids, due_at, require_quiz, pass_mark, require_response)
			VALUES (?, ?, ?, NULL, ?, 0, 70, 0)`,
		[randomUUID(), id, articleId, now + 7 * 24 * 60 * 60_000]
	);
	return { id, name };
}
