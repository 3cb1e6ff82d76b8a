// Issue 10, item 4 and the insights: an assignment sets its own quiz (which modules' questions,
// how many drawn, how many attempts); the student's link opens exactly that quiz; results say
// passed or not yet and offer another attempt while attempts remain; the gradebook counts the
// best. The teacher's insights name questions by their words, legibly on a phone, and explain
// their terms.
import { makeUser, signedIn } from './support/actors';
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from '@playwright/test';
import { generateJoinCode } from '../../src/lib/classroom/join-code';
import { expectNoAxeViolations } from './support/axe';
import { expect, sql, test, uniqueEmail } from './support/fixtures';
import {
	SECRET_DIALOG,
	answerAll,
	attemptIdFrom,
	formHeaders,
	httpClient,
	hydrated,
	plannedQuestionIds,
	shownQuestionIds,
	submitAnswers,
	takeOverHttp
} from './support/quiz';
import { SEED_SLUG, seedQuiz } from './support/quiz-key';

const { article, questions } = seedQuiz();
const DIALOG = article.sections.find((s) => s.slug === SECRET_DIALOG)!;
const DIALOG_IDS = questions.filter((q) => q.evidence.section === SECRET_DIALOG).map((q) => q.id);
/** The whole article is assigned for reading: the assignment (and its quiz) bears its title. */
const ASSIGNMENT = article.title;

test.describe.configure({ timeout: 120_000 });

async function idOf(email: string): Promise<string> {
	const { rows } = await sql('SELECT id FROM users WHERE email = ?', [email.toLowerCase()]);
	return String(rows[0]!.id);
}

/** A class of the teacher's with these students in it, made straight in the database. */
async function classOf(teacherEmail: string, studentEmails: string[]): Promise<string> {
	const id = randomUUID();
	await sql(
		'INSERT INTO classes (id, teacher_id, name, description, time_zone, join_code) VALUES (?, ?, ?, ?, ?, ?)',
		[id, await idOf(teacherEmail), `History ${id.slice(0, 4)}`, '', 'UTC', generateJoinCode()]
	);
	for (const email of studentEmails) {
		await sql('INSERT INTO class_members (class_id, user_id, joined_at) VALUES (?, ?, ?)', [
			id,
			await idOf(email),
			Date.now()
		]);
	}
	return id;
}

async function newPage(browser: Browser, js: boolean): Promise<Page> {
	const context = await browser.newContext({ javaScriptEnabled: js });
	return context.newPage();
}

async function attemptsFor(assignmentId: string) {
	const { rows } = await sql(
		'SELECT id, plan, submitted_at FROM attempts WHERE assignment_id = ? ORDER BY started_at',
		[assignmentId]
	);
	return rows.map((r) => ({
		id: String(r.id),
		questions: (JSON.parse(String(r.plan)) as { questions: { id: string }[] }).questions.map(
			(q) => q.id
		),
		submitted: r.submitted_at !== null
	}));
}

for (const js of [true, false]) {
	test(`a teacher sets the quiz, the student takes exactly it, passes on a second try, and the gradebook counts the best (${js ? 'with' : 'without'} JavaScript)`, async ({
		browser,
		playwright
	}) => {
		const teacher = await newPage(browser, js);
		const student = await newPage(browser, js);
		const teacherAccount = await signedIn(teacher, { role: 'teacher', displayName: 'Ms Rivera' });
		const studentAccount = await signedIn(student, { displayName: 'Amara Okafor' });
		// The stranger's part is HTTP answers only: a signed-in client with no browser.
		const stranger = await httpClient(playwright, await makeUser({ displayName: 'Someone Else' }));
		const classId = await classOf(teacherAccount.email, [studentAccount.email]);

		// The teacher assigns the whole article for reading, with a quiz of 3 questions drawn from
		// one module's 6, 2 attempts, 70% to pass. Numbers the quiz cannot meet are explained.
		await teacher.goto(`/classes/${classId}/assignments`);
		if (js) await hydrated(teacher);
		const form = teacher.locator('form.assign');
		const quiz = form.getByRole('group', { name: 'Quiz' });
		await quiz.getByLabel(DIALOG.title, { exact: true }).check();
		await form.getByLabel('Require the quiz').check();
		await form.getByLabel('Pass mark (%)').fill('70');
		await form.getByLabel('Questions per attempt (optional)').fill('500');
		await form.getByLabel('Attempts allowed (optional)').fill('0');
		await form.getByRole('button', { name: /^Assign/ }).click();
		await expect(form.getByLabel('Attempts allowed (optional)')).toHaveAccessibleDescription(
			/Attempts allowed must be a whole number from 1 to 20, or empty for no limit/
		);
		await form.getByLabel('Attempts allowed (optional)').fill('2');
		await form.getByRole('button', { name: /^Assign/ }).click();
		await expect(form.getByLabel('Questions per attempt (optional)')).toHaveAccessibleDescription(
			new RegExp(`This quiz has ${DIALOG_IDS.length} questions: ask ${DIALOG_IDS.length} or fewer`)
		);
		// What was ticked and typed is still there.
		await expect(quiz.getByLabel(DIALOG.title, { exact: true })).toBeChecked();
		await expect(form.getByLabel('Attempts allowed (optional)')).toHaveValue('2');
		await form.getByLabel('Questions per attempt (optional)').fill('3');
		await form.getByRole('button', { name: /^Assign/ }).click();
		await expect(teacher.getByRole('status')).toHaveText('The assignment is added.');
		const { rows } = await sql(
			'SELECT id, quiz_question_count, max_attempts FROM assignments WHERE class_id = ?',
			[classId]
		);
		expect(rows).toHaveLength(1);
		expect([Number(rows[0]!.quiz_question_count), Number(rows[0]!.max_attempts)]).toEqual([3, 2]);
		const assignmentId = String(rows[0]!.id);

		// The student's link opens that quiz, not the list of every quiz.
		await student.goto(`/classes/${classId}`);
		const link = student.getByRole('link', { name: `the quiz on “${DIALOG.title}”` });
		await expect(link).toHaveAttribute(
			'href',
			`/lessons/${SEED_SLUG}/quiz?assignment=${assignmentId}`
		);
		await expect(student.locator('main')).toContainText('0 of 2 attempts used');
		await link.click();
		await expect(student.getByRole('heading', { level: 1 })).toHaveText('Assigned quiz');
		await expect(student.locator('main')).toContainText(
			`3 questions, drawn at random from ${DIALOG_IDS.length}`
		);
		await expect(student.locator('main')).toContainText('0 of 2 attempts used');
		await expect(student.getByRole('button', { name: /^Start\b/ })).toHaveCount(1);
		if (js) await hydrated(student);
		await student.getByRole('button', { name: /^Start the quiz/ }).click();
		const first = await attemptIdFrom(student);
		await expect(student.getByRole('heading', { level: 1 })).toHaveText(`Quiz: ${ASSIGNMENT}`);
		const asked = await shownQuestionIds(student);
		expect(asked).toHaveLength(3);
		for (const id of asked) expect(DIALOG_IDS).toContain(id);

		// All wrong: not passed yet, and another try is offered.
		if (js) await hydrated(student);
		await answerAll(student, { wrong: new Set(asked) });
		await submitAnswers(student);
		await expect(student.getByRole('heading', { level: 1 })).toHaveText(`Results: ${ASSIGNMENT}`);
		await expect(student.locator('.pass-verdict')).toHaveText(
			'Not passed yet: the assignment needs 70%.'
		);
		await expect(student.locator('main')).toContainText('1 of 2 attempts used');
		if (js) await expectNoAxeViolations(student);
		if (js) await hydrated(student);
		await student.getByRole('button', { name: /^Try again/ }).click();
		const second = await attemptIdFrom(student);
		expect(second).not.toBe(first);
		const again = await shownQuestionIds(student);
		expect(again).toHaveLength(3);

		// All right: passed; no attempt is left, and none can be forced.
		if (js) await hydrated(student);
		await answerAll(student);
		await submitAnswers(student);
		await expect(student.locator('.pass-verdict')).toHaveText('Passed: the assignment needs 70%.');
		await expect(student.locator('main')).toContainText('2 of 2 attempts used');
		await expect(student.getByRole('button', { name: /^Try again/ })).toHaveCount(0);
		await expect(student.locator('main')).toContainText('You have used all 2 attempts');
		const forced = await student.request.post(
			`/lessons/${SEED_SLUG}/quiz?assignment=${assignmentId}&/start`,
			{
				form: { assignment: assignmentId },
				headers: { Origin: new URL(student.url()).origin, Accept: 'text/html' },
				maxRedirects: 0
			}
		);
		expect(forced.status()).toBe(409);
		expect(await forced.text()).toContain('You have used all 2 attempts at this quiz.');
		const made = await attemptsFor(assignmentId);
		expect(made.map((a) => a.id)).toEqual([first, second]);
		expect(made.every((a) => a.submitted && a.questions.length === 3)).toBe(true);

		// A practice attempt on the same module does not count for this assignment.
		// The gradebook counts the best attempt made for it: 100%, done.
		await teacher.goto(`/classes/${classId}/gradebook`);
		const row = teacher.locator('#gradebook').getByRole('row', { name: /Amara Okafor/ });
		await expect(row).toContainText('Quiz 100%');

		// Nobody outside the class finds the assignment's quiz, nor starts it.
		const away = await stranger.get(`/lessons/${SEED_SLUG}/quiz?assignment=${assignmentId}`);
		expect(away.status()).toBe(404);
		const sneak = await stranger.post(
			`/lessons/${SEED_SLUG}/quiz?assignment=${assignmentId}&/start`,
			{
				form: { assignment: assignmentId },
				headers: formHeaders(),
				maxRedirects: 0
			}
		);
		expect(sneak.status()).toBe(404);
		expect(await attemptsFor(assignmentId)).toHaveLength(2);
		await stranger.dispose();
		// Its teacher is not one of its students either.
		expect(
			(await teacher.request.get(`/lessons/${SEED_SLUG}/quiz?assignment=${assignmentId}`)).status()
		).toBe(404);
	});
}

test('an assignment made before quizzes had settings keeps its quiz: the assigned module, every question, no limit', async ({
	page: student
}) => {
	const studentAccount = await signedIn(student);
	// The teacher only owns the class: an account, no browser.
	const teacherAccount = await makeUser({ role: 'teacher' });
	const classId = await classOf(teacherAccount.email, [studentAccount.email]);
	const assignmentId = randomUUID();
	const { rows } = await sql('SELECT id, article_id FROM sections WHERE slug = ?', [SECRET_DIALOG]);
	await sql(
		`INSERT INTO assignments (id, class_id, article_id, section_ids, require_quiz, pass_mark, require_response)
			VALUES (?, ?, ?, ?, 1, 70, 0)`,
		[assignmentId, classId, String(rows[0]!.article_id), JSON.stringify([String(rows[0]!.id)])]
	);
	await student.goto(`/classes/${classId}`);
	await student.getByRole('link', { name: `the quiz on “${DIALOG.title}”` }).click();
	await expect(student.getByRole('heading', { level: 1 })).toHaveText('Assigned quiz');
	await expect(student.locator('main')).not.toContainText('attempts used');
	await hydrated(student);
	await student.getByRole('button', { name: /^Start the quiz/ }).click();
	await attemptIdFrom(student);
	expect((await shownQuestionIds(student)).sort()).toEqual([...DIALOG_IDS].sort());
	await answerAll(student);
	await submitAnswers(student);
	await expect(student.locator('.pass-verdict')).toHaveText('Passed: the assignment needs 70%.');
	await expect(student.getByRole('button', { name: /^Try again/ })).toHaveCount(1);
});

test('insights name each question by its words and module, legibly at 320 px, and explain their terms; the students table keeps its spaces', async ({
	page: teacher,
	playwright
}) => {
	const teacherAccount = await signedIn(teacher, { role: 'teacher' });
	// The student only takes a quiz, over HTTP (quiz.spec.ts takes it in a page): no browser.
	const studentAccount = await makeUser();
	const student = await httpClient(playwright, studentAccount);
	// A student added by the teacher who has not chosen a password yet.
	const waiting = `waiting.${randomUUID().slice(0, 6)}`;
	const waitingEmail = uniqueEmail('waiting');
	await makeUser({ email: waitingEmail });
	await sql(
		'UPDATE users SET email = NULL, username = ?, must_change_password = 1 WHERE email = ?',
		[waiting, waitingEmail.toLowerCase()]
	);
	const classId = await classOf(teacherAccount.email, [studentAccount.email]);
	await sql(
		'INSERT INTO class_members (class_id, user_id, joined_at) SELECT ?, id, ? FROM users WHERE username = ?',
		[classId, Date.now(), waiting]
	);
	const { rows } = await sql('SELECT id FROM articles WHERE slug = ?', [SEED_SLUG]);
	await sql(
		`INSERT INTO assignments (id, class_id, article_id, section_ids, require_quiz, pass_mark, require_response)
			VALUES (?, ?, ?, NULL, 0, 70, 0)`,
		[randomUUID(), classId, String(rows[0]!.id)]
	);
	// The student takes the dialog module's quiz, missing one question.
	const taken = await takeOverHttp(student, SECRET_DIALOG, { wrong: new Set([DIALOG_IDS[0]!]) });
	expect((await plannedQuestionIds(taken)).sort()).toEqual([...DIALOG_IDS].sort());
	await student.dispose();

	await teacher.setViewportSize({ width: 320, height: 800 });
	await teacher.goto(`/classes/${classId}/insights`);
	await hydrated(teacher);
	const insights = teacher.locator('#insights');
	const bars = insights.getByRole('list', { name: /Facility per question/ }).getByRole('listitem');
	await expect(bars).toHaveCount(DIALOG_IDS.length);
	// Hardest first, named by its words and its module; no "Q1".
	const missed = questions.find((q) => q.id === DIALOG_IDS[0])!;
	await expect(bars.first()).toContainText(missed.text.slice(0, 30));
	await expect(bars.first()).toContainText(DIALOG.title);
	await expect(bars.first()).toContainText('0%');
	await expect(insights).not.toContainText(/\bQ\d+\b/);
	// Every label is text at a readable size, inside the screen.
	const sizes = await insights.locator('.facility-bars li').evaluateAll((items) =>
		items.map((li) => ({
			font: parseFloat(getComputedStyle(li.querySelector('.bar-label')!).fontSize),
			right: li.getBoundingClientRect().right
		}))
	);
	for (const s of sizes) {
		expect(s.font).toBeGreaterThanOrEqual(12);
		expect(s.right).toBeLessThanOrEqual(320);
	}
	// The terms, in plain words beside them.
	await expect(insights.locator('dt', { hasText: 'Facility' })).toBeVisible();
	await expect(insights.locator('dd').first()).toContainText(
		'the share of students who answered it correctly on their first try'
	);
	await expect(insights.locator('dd').nth(1)).toContainText(
		'tells students who know the article from those who do not'
	);
	// (At 320 px the gradebook's sort links are below axe's target size: the phone-width work
	// in this issue owns them, so the scan runs at a laptop's width.)
	await teacher.setViewportSize({ width: 1280, height: 800 });
	await expectNoAxeViolations(teacher);

	// "waiting.xxxx · has not chosen a password yet", with its space.
	await teacher.goto(`/classes/${classId}/students`);
	await expect(teacher.locator('#students')).toContainText(
		`${waiting} · has not chosen a password yet`
	);
});

test('an unknown or malformed assignment in a quiz link is a 404, whoever asks', async ({
	request
}) => {
	// HTTP answers only: no browser needed.
	const response = await request.get(`/lessons/${SEED_SLUG}/quiz?assignment=${randomUUID()}`);
	expect(response.status()).toBe(404);
	const bad = await request.get(`/lessons/${SEED_SLUG}/quiz?assignment=not-a-uuid`);
	expect(bad.status()).toBe(404);
});
