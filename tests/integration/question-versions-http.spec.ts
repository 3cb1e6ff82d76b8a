// Versioned questions over HTTP against the production build (issue 12): a question edited while
// a learner's attempt is open is still shown and graded as the version the attempt asked, and
// the results page names that version, calmly, beside that one question only.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Question } from '../../src/lib/quiz/schema';
import { questionKey } from '../../src/lib/server/articles';
import { questionVersions, questions } from '../../src/lib/server/db/schema';
import { createCast, type Cast } from './support/cast';
import { PREPARE_TIMEOUT_MS, request } from './support/server';

const EDITED = 'q-intro-origin-of-material';
const V2_TEXT = 'Edited: where, according to the introduction, does the material come from?';
const NOTE = 'You answered version 1 of this question; it has since been edited.';

describe('a question edited while an attempt is open', () => {
	let cast: Cast;
	let v1: Question;
	const attemptPath = () =>
		`/lessons/${cast.resources.article.slug}/quiz/${cast.resources.attempt}`;
	const student = () => cast.people.student.token!;

	beforeAll(async () => {
		cast = await createCast();
		const { db, client } = cast.handle;
		await client.execute(`INSERT OR IGNORE INTO question_versions (question_id, version, data)
			SELECT id, version, data FROM questions`);
		const key = questionKey(cast.resources.article.id, EDITED);
		const row = (await db.query.questions.findFirst({ where: eq(questions.id, key) }))!;
		v1 = row.data as Question;
		// The teacher's edit, as the editor writes it.
		const v2 = { ...v1, text: V2_TEXT, explanation: 'Edited explanation.' };
		await db.batch([
			db.update(questions).set({ data: v2, version: 2 }).where(eq(questions.id, key)),
			db.insert(questionVersions).values({
				questionId: key,
				version: 2,
				data: v2,
				createdById: cast.people.teacher.id
			})
		]);
	}, PREPARE_TIMEOUT_MS);
	afterAll(() => cast?.close());

	it('is still asked as version 1, and its results say so beside it alone', async () => {
		const open = await request(cast.server, attemptPath(), { token: student() });
		expect(open.status).toBe(200);
		expect(open.body).toContain(v1.text);
		expect(open.body).not.toContain(V2_TEXT);

		const submitted = await request(cast.server, `${attemptPath()}?/submit`, {
			token: student(),
			form: new URLSearchParams(cast.resources.quizAnswer)
		});
		expect(submitted).toMatchObject({ status: 303, location: attemptPath() });

		const results = await request(cast.server, attemptPath(), { token: student() });
		expect(results.status).toBe(200);
		expect(results.body).toContain(v1.text);
		expect(results.body).toContain(v1.explanation);
		expect(results.body).not.toContain(V2_TEXT);
		expect(results.body.split(NOTE)).toHaveLength(2);
	});
});
