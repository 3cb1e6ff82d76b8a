// A class with the seed article assigned, made straight in the database: for specs about what
// its students and teacher see, not about making classes (tests/e2e/classes.spec.ts does that).
import { randomUUID } from 'node:crypto';
import type { APIRequestContext, APIResponse } from '@playwright/test';
import { generateJoinCode } from '../../../src/lib/classroom/join-code';
import { generateToken, hashToken } from '../../../src/lib/server/auth/token';
import { baseURL } from './actors';
import { expect, sql } from './fixtures';
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

/**
 * A class of `teacherId` made in the database with exactly this name and time zone (the class
 * form's walk is classes.spec.ts's first journey); its id, name and join code.
 */
export async function classNamed(teacherId: string, name: string, timeZone = 'UTC') {
	const cls = { id: randomUUID(), name, code: generateJoinCode() };
	await sql(
		'INSERT INTO classes (id, teacher_id, name, description, time_zone, join_code) VALUES (?, ?, ?, ?, ?, ?)',
		[cls.id, teacherId, name, '', timeZone, cls.code]
	);
	return cls;
}

/**
 * Assigns modules of the seed article to a class as the assignment form stores them (its quiz:
 * the assigned modules' questions, every one, no limit on attempts); the assignment's id.
 */
export async function assignSeedModules(
	classId: string,
	moduleSlugs: readonly string[],
	{
		dueAt = null,
		requireQuiz = false,
		passMark = null,
		requireResponse = false
	}: {
		dueAt?: number | null;
		requireQuiz?: boolean;
		passMark?: number | null;
		requireResponse?: boolean;
	} = {}
): Promise<string> {
	const id = randomUUID();
	const { rows } = await sql('SELECT id FROM articles WHERE slug = ?', [SEED_SLUG]);
	const articleId = String(rows[0]!.id);
	const sectionIds: string[] = [];
	for (const slug of moduleSlugs) {
		const found = await sql(
			'SELECT id FROM sections WHERE article_id = ? AND slug = ? AND archived_at IS NULL',
			[articleId, slug]
		);
		if (!found.rows[0]) throw new Error(`no module ${slug}`);
		sectionIds.push(String(found.rows[0].id));
	}
	await sql(
		`INSERT INTO assignments (id, class_id, article_id, section_ids, due_at, require_quiz, pass_mark, require_response, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		[
			id,
			classId,
			articleId,
			sectionIds.length ? JSON.stringify(sectionIds) : null,
			dueAt,
			requireQuiz ? 1 : 0,
			passMark,
			requireResponse ? 1 : 0,
			Date.now()
		]
	);
	return id;
}

/** What every personal token starts with (API_TOKEN_PREFIX, src/lib/server/api-tokens.ts). */
const API_TOKEN_PREFIX = 'lectern_';

/** A personal API token of `userId`, as /account makes one (shown once there); the token. */
export async function apiTokenOf(userId: string, name: string): Promise<string> {
	const token = API_TOKEN_PREFIX + generateToken();
	await sql(
		'INSERT INTO api_tokens (id, user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?, ?)',
		[randomUUID(), userId, name, hashToken(token), Date.now()]
	);
	return token;
}

/** Posts a form action over HTTP as a browser without JavaScript posts it; the response. */
export function postForm(
	request: APIRequestContext,
	path: string,
	form: Record<string, string>,
	origin = baseURL()
) {
	return request.post(path, {
		form,
		headers: { Origin: new URL(origin).origin, Accept: 'text/html' },
		maxRedirects: 0
	});
}

/**
 * A student's whole assignment of the seed article over HTTP, through the same form actions
 * the pages post (for specs about what the pages then show; classes.spec.ts walks the pages):
 * each module marked read, the assignment's quiz started and answered with `answers`, and a
 * response in the class's thread of prompt 1 when `response` is given.
 */
export async function doSeedAssignmentOverHttp(
	request: APIRequestContext,
	{
		classId,
		assignmentId,
		moduleSlugs,
		answers,
		response
	}: {
		classId: string;
		assignmentId: string;
		moduleSlugs: readonly string[];
		answers: Record<string, string>;
		response?: string;
	}
) {
	const expectSeeOther = (r: APIResponse, what: string) =>
		expect(r.status(), `${what}: ${r.status()}`).toBe(303);
	for (const slug of moduleSlugs) {
		expectSeeOther(await postForm(request, `/lessons/${SEED_SLUG}/${slug}?/read`, {}), slug);
	}
	const started = await postForm(request, `/lessons/${SEED_SLUG}/quiz?/start`, {
		assignment: assignmentId
	});
	expectSeeOther(started, 'start the quiz');
	const attempt = started.headers()['location']!;
	expect(attempt).toMatch(new RegExp(`^/lessons/${SEED_SLUG}/quiz/[0-9a-f-]{36}$`));
	expectSeeOther(await postForm(request, `${attempt}?/submit`, answers), 'submit the quiz');
	if (response !== undefined) {
		expectSeeOther(
			await postForm(request, `/classes/${classId}/discuss/${SEED_SLUG}/1?/post`, {
				body: response
			}),
			'respond'
		);
	}
}
