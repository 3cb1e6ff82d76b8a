// Issue 10, item 5: a way back from a forgotten password. A teacher resets a student's password
// in their class (a printable slip with a new one-time password; the student's sessions end),
// with and without JavaScript; a teacher cannot reset a teacher or someone outside the class;
// an administrator can reset anyone's. Without SMTP settings (this suite's server has none)
// /login offers no e-mailed link and says to ask a teacher; the e-mail path is proved in
// password-reset-mail.spec.ts against a real SMTP server.
import { actor, baseURL, enrol, makeClass, makeUser, signInAs, signedIn } from './support/actors';
import type { Page } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import {
	PASSWORD,
	expect,
	setRole,
	sql,
	test,
	uniqueAddress,
	uniqueEmail
} from './support/fixtures';
import { fillSignIn, hydrated, person, teacherAndClass } from './support/people';

const banner = (page: Page) => page.getByRole('banner');

/**
 * A student with an e-mail in the teacher's class, as joining with its code makes one (in the
 * database: classes.spec.ts walks the join form); signed in within a browser of their own, whose
 * page is blank until used.
 */
async function joinedStudent(browser: Parameters<typeof person>[0], classId: string, name: string) {
	const student = await person(browser);
	const account = await signedIn(student.page, { email: uniqueEmail('pupil'), displayName: name });
	await enrol(classId, account.id);
	return { ...student, account, id: account.id };
}

/** The same student without a browser: for checks that never need theirs. */
async function enrolledStudent(classId: string, name: string) {
	const account = await makeUser({ email: uniqueEmail('pupil'), displayName: name });
	await enrol(classId, account.id);
	return { account, id: account.id };
}

/** The slip's one-time password, after checking what the slip says. */
async function readSlip(page: Page, displayName: string, login: string) {
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		`New password for ${displayName}`
	);
	const slip = page.getByRole('table');
	await expect(slip.getByRole('row', { name: /Signs in with/ })).toContainText(login);
	const password = (await slip
		.getByRole('row', { name: /One-time password/ })
		.getByRole('cell')
		.textContent())!.trim();
	expect(password).toMatch(/^[a-z0-9]{4}(-[a-z0-9]{4}){3}$/);
	return password;
}

for (const js of [true, false]) {
	test(`a teacher resets a student's password from the roster: a slip, and the student's sessions end (${js ? 'with' : 'without'} JavaScript)`, async ({
		browser
	}) => {
		test.setTimeout(60_000);
		const teacher = await teacherAndClass('Resets');
		const name = `Forgetful Student ${js ? 'A' : 'B'}`;
		const student = await joinedStudent(browser, teacher.cls.id, name);

		// The teacher, signed in (by a session: signing in is not what this is about).
		const { context, page } = await person(browser, js);
		await signInAs(context, teacher.account, baseURL());
		await page.goto(`/classes/${teacher.cls.id}/students`);
		await page.getByRole('link', { name: `Reset password of ${name}` }).click();
		await expect(page).toHaveURL(
			(url) => url.pathname === `/classes/${teacher.cls.id}/students/${student.id}/reset`
		);
		// A question first: nothing is reset by opening the page.
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			`Reset the password of ${name}?`
		);
		// axe runs in the page: only where script does.
		if (js) await expectNoAxeViolations(page);
		await student.page.goto('/');
		await expect(banner(student.page).getByRole('link', { name })).toBeVisible();

		if (js) await hydrated(page);
		await page.getByRole('button', { name: 'Reset the password' }).click();
		const oneTime = await readSlip(page, name, student.account.email);
		if (js) await expectNoAxeViolations(page);

		// The student's open session has ended; the old password no longer opens the account.
		await student.page.reload();
		await expect(banner(student.page).getByRole('link', { name: 'Sign in' })).toBeVisible();
		await student.page.goto('/login');
		await fillSignIn(student.page, student.account.email, PASSWORD);
		await expect(student.page.getByRole('main').getByRole('alert')).toContainText(
			'do not match an account'
		);
		// The slip's password opens it, and must be replaced at once.
		await fillSignIn(student.page, student.account.email, oneTime);
		await expect(student.page).toHaveURL((url) => url.pathname === '/account');
		await expect(student.page.getByRole('main').getByRole('alert')).toContainText(
			'one-time password'
		);
		const { rows } = await sql(
			"SELECT actor_id AS actor, target_id AS target FROM audit_log WHERE action = 'user.resetPassword' AND target_id = ?",
			[student.id]
		);
		expect(rows.map((r) => ({ ...r }))).toEqual([
			{ actor: expect.any(String), target: student.id }
		]);

		await context.close();
		await student.context.close();
	});
}

test('a teacher cannot reset a teacher in their class, nor a student of another class', async ({
	browser
}) => {
	// Every check is an HTTP answer: the teachers ask over HTTP with their sessions.
	const signedInRequests = async (account: { id: string }) => {
		const context = await browser.newContext({
			extraHTTPHeaders: { 'X-Forwarded-For': uniqueAddress() }
		});
		await signInAs(context, account, baseURL());
		return context;
	};
	const teacher = await teacherAndClass('Guarded');
	const other = await teacherAndClass('Elsewhere');
	const teacherContext = await signedInRequests(teacher.account);
	const otherContext = await signedInRequests(other.account);
	const promoted = await enrolledStudent(teacher.cls.id, 'Promoted Helper');
	await setRole(promoted.account.email, 'teacher');
	const outsider = await enrolledStudent(other.cls.id, 'Outside Student');

	const base = `/classes/${teacher.cls.id}/students`;
	for (const id of [promoted.id, outsider.id, teacher.account.email]) {
		const page = await teacherContext.request.get(`${base}/${encodeURIComponent(id)}/reset`);
		expect(page.status(), id).toBe(404);
		const post = await teacherContext.request.post(
			`${base}/${encodeURIComponent(id)}/reset?/reset`,
			{
				form: {},
				headers: { Origin: new URL(baseURL()).origin }
			}
		);
		expect(post.status(), id).toBe(404);
	}
	// The other teacher cannot reset the first class's students either.
	const theirs = await otherContext.request.get(`${base}/${promoted.id}/reset`);
	expect(theirs.status()).toBe(404);
	const { rows } = await sql(
		"SELECT COUNT(*) AS n FROM audit_log WHERE action = 'user.resetPassword' AND target_id IN (?, ?)",
		[promoted.id, outsider.id]
	);
	expect(Number(rows[0]!.n)).toBe(0);
	await teacherContext.close();
	await otherContext.close();
});

test('an administrator resets anyone’s password, a teacher’s too', async ({ browser }) => {
	// A teacher with a class, signed in within a browser of their own (its page blank until used).
	const target = await actor(browser, { role: 'teacher', displayName: 'Ms Teacher' });
	await makeClass(target.account.id, 'Admin reset');
	const { rows } = await sql('SELECT id FROM users WHERE email = ?', [target.account.email]);
	const targetId = String(rows[0]!.id);
	const admin = await person(browser, false);
	const adminAccount = await signedIn(admin.page, { displayName: 'Site Admin' });
	await setRole(adminAccount.email, 'admin');

	// From the users table of /admin.
	await admin.page.goto(`/admin?q=${encodeURIComponent(target.account.email)}`);
	await admin.page.getByRole('link', { name: 'Reset password of Ms Teacher' }).click();
	await expect(admin.page).toHaveURL((url) => url.pathname === `/admin/users/${targetId}/reset`);
	await expect(admin.page.getByRole('heading', { level: 1 })).toHaveText(
		'Reset the password of Ms Teacher?'
	);
	await admin.page.getByRole('button', { name: 'Reset the password' }).click();
	const oneTime = await readSlip(admin.page, 'Ms Teacher', target.account.email);

	await target.page.goto('/');
	await expect(banner(target.page).getByRole('link', { name: 'Sign in' })).toBeVisible();
	await target.page.goto('/login');
	await fillSignIn(target.page, target.account.email, oneTime);
	await expect(target.page).toHaveURL((url) => url.pathname === '/account');

	// Not their own (that is /account's job), and not for anyone who is not an admin.
	const { rows: mine } = await sql('SELECT id FROM users WHERE email = ?', [adminAccount.email]);
	expect((await admin.page.request.get(`/admin/users/${mine[0]!.id}/reset`)).status()).toBe(404);
	const stranger = await browser.newContext({
		extraHTTPHeaders: { 'X-Forwarded-For': uniqueAddress() }
	});
	await signInAs(stranger, await makeUser(), baseURL());
	expect((await stranger.request.get(`/admin/users/${targetId}/reset`)).status()).toBe(403);
	for (const p of [target.context, admin.context, stranger]) await p.close();
});

test('without SMTP settings, /login says to ask a teacher and offers no e-mailed link', async ({
	browser
}) => {
	const { context, page } = await person(browser);
	await page.goto('/login');
	await expect(page.getByRole('link', { name: 'Forgot password?' })).toHaveCount(0);
	await expect(page.getByRole('main')).toContainText(
		'Forgot your password? Ask your teacher or an administrator to reset it.'
	);
	await page.goto('/forgot');
	await expect(page.getByRole('main')).toContainText('This Lectern sends no e-mail.');
	await expect(page.getByLabel('E-mail')).toHaveCount(0);
	await expectNoAxeViolations(page);
	await context.close();
});
