// Classes, as teachers and students use them: a class from creation to gradebook (join code,
// assignment with a due date in the class's time zone, reading, quiz, class discussion, CSV,
// API token), students added by name, the same journey without JavaScript, who is refused
// what, and axe on every class page.
import { baseURL, enrol, makeUser, signInAs, signedIn } from './support/actors';
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import {
	apiTokenOf,
	assignSeedModules,
	classNamed,
	doSeedAssignmentOverHttp
} from './support/class-setup';
import { questionById, responseFor } from './support/quiz-key';
import {
	PASSWORD,
	expect,
	signIn,
	sql,
	test,
	uniqueAddress,
	uniqueEmail
} from './support/fixtures';

const SCREENSHOTS = process.env.LECTERN_SCREENSHOTS === '1';

const SLUG = 'declassified-putin-bush-talks-surface-tensions-over-nato-ukraine';
const TITLE = 'Declassified Putin-Bush Talks Surface Tensions Over NATO, Ukraine';
const MODULE = 'Evergreen takeaways for readers';
const MODULE_SLUG = 'evergreen-takeaways-for-readers';
const ASSIGNMENT = `${TITLE}: ${MODULE}`;
/** Due 17:00 in New York on 14 March 2031: daylight saving time (EDT) has begun, so 21:00 UTC. */
const DUE_LOCAL = '2031-03-14T17:00';
const DUE_SHOWN = 'Fri, 14 Mar 2031, 17:00 GMT-4';
const DUE_UTC = '2031-03-14T21:00:00.000Z';
const CLASS_URL = /\/classes\/([0-9a-f-]{36})(\?|#|$)/;

/** A browser context of its own (its own client address, so per-address limits stay apart). */
async function person(browser: Browser, javaScriptEnabled = true) {
	const context = await browser.newContext({
		javaScriptEnabled,
		extraHTTPHeaders: { 'X-Forwarded-For': uniqueAddress() }
	});
	return { context, page: await context.newPage() };
}

/** SvelteKit mounts its route announcer once the client has hydrated the page. */
async function hydrated(page: Page) {
	await expect(page.locator('#svelte-announcer')).toBeAttached();
}

/** Creates a class from /classes; returns its id and join code (as shown, `ABCD-EFGH`). */
async function createClass(
	page: Page,
	name: string,
	{ timeZone = 'America/New_York', js = true } = {}
) {
	await page.goto('/classes');
	if (js) await hydrated(page);
	await page.getByLabel('Class name').fill(name);
	await page.getByLabel('Time zone').selectOption(timeZone);
	await page.getByRole('button', { name: 'Create class' }).click();
	await expect(page).toHaveURL(CLASS_URL);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
	const id = CLASS_URL.exec(page.url())![1]!;
	const code = (await page.locator('#join .code').textContent())!.trim();
	expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
	return { id, code };
}

/** Assigns the Evergreen module, due DUE_LOCAL, quiz required at 70%, response required. */
async function assignEvergreen(page: Page, classId: string, js = true) {
	await page.goto(`/classes/${classId}/assignments`);
	if (js) await hydrated(page);
	const form = page.locator('form.assign');
	await form.getByRole('group', { name: 'Modules' }).getByLabel(MODULE).check();
	await form.getByLabel('Due date (optional)').fill(DUE_LOCAL);
	await form.getByLabel('Require the quiz').check();
	await form.getByLabel('Pass mark (%)').fill('70');
	await form.getByLabel('Require a response in the class discussion').check();
	await form.getByRole('button', { name: /^Assign/ }).click();
	await expect(page.getByRole('status')).toHaveText('The assignment is added.');
	const assignments = page.locator('#assignments .assignments');
	await expect(assignments.getByRole('heading', { name: ASSIGNMENT })).toBeVisible();
	await expect(assignments).toContainText(`Due ${DUE_SHOWN}`);
}

/** The assignment assignEvergreen makes, made in the database; its id. */
const assignEvergreenInDb = (classId: string) =>
	assignSeedModules(classId, [MODULE_SLUG], {
		dueAt: Date.parse(DUE_UTC),
		requireQuiz: true,
		passMark: 70,
		requireResponse: true
	});

/** The student's whole assignment, through the pages: read, pass the quiz, respond. */
async function doTheAssignment(page: Page, classId: string, js = true) {
	await page.goto(`/classes/${classId}`);
	const card = page
		.getByRole('listitem')
		.filter({ has: page.getByRole('heading', { name: ASSIGNMENT }) });
	await expect(card.getByText('Not started')).toBeVisible();
	await expect(card).toContainText(`Due ${DUE_SHOWN}`);
	await expect(card.getByRole('list').first().getByRole('listitem')).toHaveText([
		'Read 1 more module',
		'Pass the quiz (70% needed)',
		'Respond to the discussion'
	]);

	// Read the module.
	await card.getByRole('link', { name: MODULE, exact: true }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(MODULE);
	if (js) await hydrated(page);
	await page.getByRole('button', { name: 'Mark as read' }).click();
	await expect(page.getByRole('button', { name: 'Mark as not read' })).toBeVisible();

	// Take the module's quiz from the assignment's link, and answer both questions right.
	await page.goto(`/classes/${classId}`);
	await card.getByRole('link', { name: `the quiz on “${MODULE}”` }).click();
	// The assignment's own quiz, not the list of every quiz.
	await expect(page).toHaveURL(new RegExp(`/lessons/${SLUG}/quiz\\?assignment=[0-9a-f-]{36}$`));
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Assigned quiz');
	if (js) await hydrated(page);
	// The hidden ": <title>" is its own box, so browsers put a space before the colon.
	await page.getByRole('button', { name: /^Start the quiz/ }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Quiz: ${ASSIGNMENT}`);
	if (js) await hydrated(page);
	const question = (text: string) => page.locator('fieldset.question').filter({ hasText: text });
	await question('can capture every nuance').getByLabel('False').check();
	await question('blends strategy with what').getByRole('textbox').fill('psychology');
	await page.getByRole('button', { name: 'Submit answers' }).click();
	await expect(page.getByText(/2 of 2|100%/).first()).toBeVisible();

	// Respond in the class's own thread of the first prompt.
	await page.goto(`/classes/${classId}`);
	const prompt = card.getByRole('list').last().getByRole('link').first();
	await prompt.click();
	await expect(page).toHaveURL(new RegExp(`/classes/${classId}/discuss/${SLUG}/1`));
	await expect(page.getByText('Post your own response first:')).toBeVisible();
	if (js) await hydrated(page);
	await page
		.getByRole('textbox', { name: 'Your response' })
		.fill('The records show **caution**, not certainty.');
	await page.getByRole('button', { name: 'Post response' }).click();
	await expect(page.getByRole('status')).toHaveText('Your response is posted.');
	await expect(page.locator('.post-body').first()).toContainText('The records show caution');

	await page.goto(`/classes/${classId}`);
	await expect(card.getByText('Done', { exact: true })).toBeVisible();
	await expect(card).toContainText('All done.');
}

/** RFC 4180: fields separated by commas, records by CRLF, quotes doubled inside quoted fields. */
function parseCsv(text: string): string[][] {
	const records: string[][] = [];
	let field = '';
	let record: string[] = [];
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i]!;
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (c === '"') quoted = false;
			else field += c;
		} else if (c === '"') quoted = true;
		else if (c === ',') {
			record.push(field);
			field = '';
		} else if (c === '\r' && text[i + 1] === '\n') {
			record.push(field);
			records.push(record);
			record = [];
			field = '';
			i++;
		} else field += c;
	}
	if (field !== '' || record.length > 0) records.push([...record, field]);
	return records;
}

/**
 * Screenshots at 1280 and 375 px wide (kept with the test's output), and at 375 px the page
 * must not scroll sideways: wide tables scroll inside their own region (WCAG 1.4.10 reflow).
 */
/**
 * The page fits 375 px without sideways scrolling; with LECTERN_SCREENSHOTS=1 it is also
 * photographed at 1280 and 375 px into test-results (for looking at, not for asserting).
 */
async function screenshots(page: Page, name: string) {
	for (const width of SCREENSHOTS ? [1280, 375] : [375]) {
		await page.setViewportSize({ width, height: 900 });
		if (SCREENSHOTS)
			await page.screenshot({
				path: test.info().outputPath(`${name}-${width}.png`),
				fullPage: true
			});
	}
	const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(scrollWidth, `${name} scrolls sideways at 375 px`).toBeLessThanOrEqual(375);
	await page.setViewportSize({ width: 1280, height: 720 });
}

async function newStudent(browser: Browser, name: string) {
	const { context, page } = await person(browser);
	const account = await signedIn(page, { displayName: name });
	return { context, page, ...account };
}

async function joinWithCode(page: Page, code: string) {
	await page.goto('/join');
	await hydrated(page);
	await page.getByLabel('Join code').fill(code.toLowerCase());
	await page.getByRole('button', { name: 'Join class' }).click();
	await expect(page).toHaveURL(CLASS_URL);
	await expect(page.getByRole('status')).toHaveText('Welcome to the class!');
}

test.describe('a class from creation to gradebook', () => {
	test('teacher creates, student joins and works, the gradebook, CSV and API agree', async ({
		page,
		browser,
		request
	}) => {
		test.setTimeout(90_000);
		await signedIn(page, { role: 'teacher', displayName: 'Ms Rivera' });
		const { id, code } = await createClass(page, 'History 9B');
		await expect(page.getByRole('status')).toContainText('Share its join code');

		const student = await newStudent(browser, `Noor, “the reader” ${Date.now()}`);
		await joinWithCode(student.page, code);
		await expect(student.page.getByText('Nothing is assigned yet.')).toBeVisible();

		await assignEvergreen(page, id);
		await page.goto(`/classes/${id}/students`);
		await expect(page.locator('#students table')).toContainText(student.displayName);

		await doTheAssignment(student.page, id);

		// The gradebook shows it.
		await page.goto(`/classes/${id}/gradebook`);
		const row = page
			.locator('#gradebook tbody tr')
			.filter({ has: page.getByRole('rowheader', { name: student.displayName }) });
		await expect(row.getByRole('cell')).toHaveCount(1);
		await expect(row.getByRole('cell').first()).toContainText('Done');
		await expect(row.getByRole('cell').first()).toContainText('Read 1/1');
		await expect(row.getByRole('cell').first()).toContainText('Quiz 100%');
		await expect(row.getByRole('cell').first()).toContainText('Responded');
		// Sorting is a link, and says how the table is sorted.
		await page.getByRole('link', { name: `status of “${ASSIGNMENT}”` }).click();
		await expect(page).toHaveURL(/sort=status%3A[0-9a-f-]{36}&dir=asc#gradebook$/);
		await expect(page.locator('#gradebook caption')).toContainText(
			`Sorted by status in “${ASSIGNMENT}”, ascending.`
		);
		await expect(page.getByRole('columnheader', { name: new RegExp(ASSIGNMENT) })).toHaveAttribute(
			'aria-sort',
			'ascending'
		);

		// The CSV download matches (its link is on the gradebook, sorted or not).
		const downloading = page.waitForEvent('download');
		await page.getByRole('link', { name: 'Download CSV of the gradebook' }).click();
		const download = await downloading;
		expect(download.suggestedFilename()).toMatch(/^History-9B-gradebook-\d{4}-\d{2}-\d{2}\.csv$/);
		const text = await readFile((await download.path())!, 'utf8');
		expect(text.startsWith('\uFEFF')).toBe(true);
		const csv = parseCsv(text.slice(1));
		expect(csv[0]).toEqual([
			'Student',
			`${ASSIGNMENT} — read %`,
			`${ASSIGNMENT} — best quiz %`,
			`${ASSIGNMENT} — responded`,
			`${ASSIGNMENT} — status`
		]);
		// The name with a comma and quotes comes back whole.
		expect(csv.slice(1)).toEqual([[student.displayName, '100', '100', 'yes', 'done']]);

		// Insights: both questions answered right on the first try.
		await page.goto(`/classes/${id}/insights`);
		const insights = page.locator('#insights');
		await expect(
			insights.getByRole('list', { name: /Facility per question/ }).getByRole('listitem')
		).toHaveCount(2);
		const items = insights.getByRole('table', { name: /Questions of/ });
		await expect(items.getByRole('row')).toHaveCount(3);
		await expect(items.getByRole('row').nth(1).getByRole('cell').first()).toHaveText('100%');

		// The API, with a personal token created on /account and shown once.
		await page.goto('/account');
		await hydrated(page);
		await page.getByLabel('Token name').fill('Grades spreadsheet');
		await page.getByRole('button', { name: 'Create token' }).click();
		const token = (await page.locator('#new-token').textContent())!.trim();
		expect(token).toMatch(/^lectern_[a-z2-7]{32}$/);
		await page.reload();
		await expect(page.getByText(token)).toHaveCount(0);
		await expect(page.getByRole('rowheader', { name: 'Grades spreadsheet' })).toBeVisible();

		const response = await request.get(`/api/v1/classes/${id}/gradebook`, {
			headers: { Authorization: `Bearer ${token}` }
		});
		expect(response.status()).toBe(200);
		const book = await response.json();
		expect(book.class).toEqual({ id, name: 'History 9B', timeZone: 'America/New_York' });
		expect(book.assignments).toEqual([
			expect.objectContaining({
				title: ASSIGNMENT,
				dueAt: DUE_UTC,
				requireQuiz: true,
				passMark: 70,
				requireResponse: true,
				modules: [{ slug: MODULE_SLUG, title: MODULE }]
			})
		]);
		expect(book.students).toEqual([
			expect.objectContaining({
				name: student.displayName,
				login: student.email,
				results: [
					expect.objectContaining({
						status: 'done',
						bestScorePercent: 100,
						responded: true,
						modulesRead: 1,
						late: false,
						remaining: []
					})
				]
			})
		]);
		const [used] = (
			await sql('SELECT last_used_at FROM api_tokens WHERE name = ?', ['Grades spreadsheet'])
		).rows;
		expect(used!.last_used_at).not.toBeNull();

		// Revoked, the token opens nothing.
		await page.getByRole('button', { name: 'Revoke the token “Grades spreadsheet”' }).click();
		await expect(page.getByRole('rowheader', { name: 'Grades spreadsheet' })).toHaveCount(0);
		const revoked = await request.get(`/api/v1/classes/${id}/gradebook`, {
			headers: { Authorization: `Bearer ${token}` }
		});
		expect(revoked.status()).toBe(401);
		await student.context.close();
	});

	test('the class’s time zone decides the due date, and late work shows as late', async ({
		page,
		browser
	}) => {
		// The class is made in the database (the first journey walks the class form, a time zone too).
		const teacher = await signedIn(page, { role: 'teacher' });
		const { id } = await classNamed(teacher.id, 'Late class', 'Asia/Tokyo');
		await page.goto(`/classes/${id}/assignments`);
		await page
			.locator('form.assign')
			.getByRole('group', { name: 'Modules' })
			.getByLabel(MODULE)
			.check();
		await page.locator('form.assign').getByLabel('Due date (optional)').fill('2020-01-10T09:00');
		await page
			.locator('form.assign')
			.getByRole('button', { name: /^Assign/ })
			.click();
		await expect(page.locator('#assignments')).toContainText('Due Fri, 10 Jan 2020, 09:00 GMT+9');
		const { rows } = await sql('SELECT due_at FROM assignments WHERE class_id = ?', [id]);
		expect(new Date(Number(rows[0]!.due_at)).toISOString()).toBe('2020-01-10T00:00:00.000Z');

		// A student of the class (joining is walked by the first journey) sees it late.
		const student = await newStudent(browser, 'Late Student');
		await enrol(id, student.id);
		await student.page.goto(`/classes/${id}`);
		await expect(student.page.getByText('Late', { exact: true })).toBeVisible();
		await expect(student.page.getByText('Due Fri, 10 Jan 2020, 09:00 GMT+9')).toBeVisible();
		await student.context.close();
	});

	test('bad input comes back beside the field, never as an error page', async ({ page }) => {
		const teacher = await signedIn(page, { role: 'teacher' });
		await page.goto('/classes');
		await hydrated(page);
		await page.getByRole('button', { name: 'Create class' }).click();
		await expect(page.getByText('Give the class a name')).toBeVisible();
		await expect(page.getByLabel('Class name')).toHaveAttribute('aria-invalid', 'true');

		const { id } = await classNamed(teacher.id, 'Checks');
		await page.goto(`/classes/${id}/assignments`);
		const form = page.locator('form.assign');
		await form.getByLabel('Pass mark (%)').fill('140');
		await form.getByRole('button', { name: /^Assign/ }).click();
		await expect(
			form.getByText('The pass mark must be a whole number from 0 to 100')
		).toBeVisible();
		await expect(form.getByLabel('Pass mark (%)')).toHaveAttribute('aria-invalid', 'true');

		// A forged module slug is refused with a message, not a 500.
		const forged = await page.request.post(`/classes/${id}/assignments?/assign`, {
			form: { articleSlug: SLUG, sectionSlugs: 'no-such-module' },
			headers: { Origin: new URL(page.url()).origin, Accept: 'text/html' }
		});
		expect(forged.status()).toBe(400);
		expect(await forged.text()).toContain('This article has no module');

		await page.goto('/join');
		await expect(page.getByText('Only student accounts join classes.')).toBeVisible();
	});
});

test.describe('students added by name', () => {
	test('sign in with username and one-time password, and must choose a password', async ({
		page,
		browser
	}) => {
		const teacher = await signedIn(page, { role: 'teacher' });
		const { id } = await classNamed(teacher.id, 'Year 5');
		await page.goto(`/classes/${id}`);
		await page.getByRole('link', { name: 'Students', exact: true }).click();
		await page.getByRole('link', { name: 'Add students by name' }).click();
		await hydrated(page);
		const suffix = Date.now().toString(36);
		await page
			.getByLabel('Names, one per line')
			.fill(`Zoë O’Neil ${suffix}\n\nAlex Example ${suffix}\n`);
		await page.getByRole('button', { name: 'Create accounts' }).click();
		const sheet = page.getByRole('table');
		await expect(sheet.getByRole('row')).toHaveCount(3);
		const first = sheet.getByRole('row').nth(1).getByRole('cell');
		const username = (await first.nth(0).textContent())!.trim();
		const oneTimePassword = (await first.nth(1).textContent())!.trim();
		expect(username).toBe(`zoe.oneil.${suffix}`);
		expect(oneTimePassword).toMatch(/^[a-z0-9]{4}(-[a-z0-9]{4}){3}$/);
		await expect(page.getByText('they are shown only this once')).toBeVisible();

		// The class's roster lists them, waiting to choose a password.
		await page.goto(`/classes/${id}/students`);
		await expect(page.locator('#students')).toContainText(username);
		await expect(page.locator('#students')).toContainText('has not chosen a password yet');

		const { context, page: pupil } = await person(browser);
		await signIn(pupil, username, oneTimePassword);
		await expect(pupil).toHaveURL(/\/account$/);
		await expect(pupil.getByRole('alert')).toContainText('one-time password');
		await pupil.goto(`/classes/${id}`);
		await expect(pupil).toHaveURL(`/account?next=${encodeURIComponent(`/classes/${id}`)}`);

		await hydrated(pupil);
		await pupil.getByLabel('Current password').fill(oneTimePassword);
		await pupil.getByLabel('New password', { exact: true }).fill(PASSWORD);
		await pupil.getByLabel('Repeat the new password').fill(PASSWORD);
		await pupil.getByRole('button', { name: 'Change password' }).click();
		// The password changed, the class asked for before comes next (issue 10).
		await expect(pupil).toHaveURL(`/classes/${id}`);
		await expect(pupil.getByRole('heading', { level: 1 })).toHaveText('Year 5');
		await context.close();
	});

	test('a list with a problem comes back with every problem named by line', async ({ page }) => {
		const teacher = await signedIn(page, { role: 'teacher' });
		const { id } = await classNamed(teacher.id, 'Year 6');
		await page.goto(`/classes/${id}/add-students`);
		await hydrated(page);
		await page
			.getByLabel('Names, one per line')
			.fill(`Ann\n${'x'.repeat(81)}\nBo\n${'y'.repeat(90)}`);
		await page.getByRole('button', { name: 'Create accounts' }).click();
		await expect(page.getByRole('alert')).toContainText('Line 2: a name can have at most 80');
		await expect(page.getByRole('alert')).toContainText('Line 4: a name can have at most 80');
		const { rows } = await sql('SELECT count(*) AS n FROM class_members WHERE class_id = ?', [id]);
		expect(Number(rows[0]!.n)).toBe(0);
	});

	test('a roster file: every row checked before anything is made, then the sheet (issue 15)', async ({
		page
	}) => {
		const teacher = await signedIn(page, { role: 'teacher' });
		const { id } = await classNamed(teacher.id, 'Year 7');
		const s = Date.now().toString(36);
		await sql('UPDATE users SET username = ? WHERE id = ?', [
			`taken.${s}`,
			(await makeUser({ email: uniqueEmail('taken') })).id
		]);
		await page.goto(`/classes/${id}/add-students`);
		await hydrated(page);
		const choose = (name: string, text: string) =>
			page.getByLabel('Roster file (.csv)').setInputFiles({
				name,
				mimeType: 'text/csv',
				buffer: Buffer.from(text)
			});

		// A OneRoster users.csv with a row that cannot be imported: every row shown, nothing made.
		await choose(
			'users.csv',
			[
				'sourcedId,role,username,givenName,familyName,email',
				`1,student,ana.${s},Ana,Lima,`,
				`2,teacher,t.${s},Tom,Tate,`,
				`3,student,taken.${s},Ben,Cole,ben@example.org`
			].join('\n')
		);
		await page.getByRole('button', { name: 'Check the file' }).click();
		const rows = page.getByRole('region', { name: 'Rows of the roster file' }).getByRole('row');
		await expect(rows).toHaveCount(3);
		await expect(rows.nth(2)).toContainText(
			`The username “taken.${s}” belongs to another account.`
		);
		await expect(page.getByText('Nothing was imported: fix the rows marked below')).toBeVisible();
		await expect(page.getByText('Left out: line 3, not a student (role “teacher”).')).toBeVisible();
		await expect(page.getByRole('button', { name: /^Create \d+ account/ })).toHaveCount(0);
		await expectNoAxeViolations(page);

		// Fixed: checked, then imported with the username it gives and one made from a name.
		await choose('roster.csv', `Name,Username\nAna Lima,ana.${s}\nBen Cole ${s},\n`);
		await page.getByRole('button', { name: 'Check the file' }).click();
		await expect(rows).toHaveCount(3);
		await expect(rows.nth(1)).toContainText('Ready');
		await expectNoAxeViolations(page);
		await page.getByRole('button', { name: 'Create 2 accounts' }).click();
		const sheet = page.getByRole('table');
		await expect(sheet.getByRole('row')).toHaveCount(3);
		await expect(sheet).toContainText(`ana.${s}`);
		await expect(sheet).toContainText(`ben.cole.${s}`);
		const members = await sql('SELECT count(*) AS n FROM class_members WHERE class_id = ?', [id]);
		expect(Number(members.rows[0]!.n)).toBe(2);
	});
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('a student joins by link, reads, passes the quiz and responds; the teacher sees it', async ({
		page,
		browser
	}) => {
		test.setTimeout(90_000);
		await signedIn(page, { role: 'teacher', displayName: 'Mr Okafor' });
		const { id, code } = await createClass(page, 'No-script class', { js: false });
		await assignEvergreen(page, id, false);

		const { context, page: student } = await person(browser, false);
		await signedIn(student, { displayName: 'Quiet Student' });
		await student.goto(`/join/${code.replace('-', '')}`);
		await expect(student.getByText('No-script class', { exact: true })).toBeVisible();
		await expect(student.getByText('Teacher: Mr Okafor')).toBeVisible();
		await student.getByRole('button', { name: 'Join No-script class' }).click();
		await expect(student).toHaveURL(CLASS_URL);
		await doTheAssignment(student, id, false);
		await context.close();

		await page.goto(`/classes/${id}/gradebook`);
		const cell = page
			.locator('#gradebook tbody tr')
			.filter({ hasText: 'Quiet Student' })
			.getByRole('cell');
		await expect(cell).toContainText('Done');
		await expect(cell).toContainText('Quiz 100%');
	});
});

test.describe('an assignment, changed', () => {
	test.use({ javaScriptEnabled: false });

	test('its teacher changes the due date and pass mark on its own page, without JavaScript', async ({
		page
	}) => {
		// The class and its assignment are made in the database, as the forms make them (the
		// journey without JavaScript walks both forms).
		const teacher = await signedIn(page, { role: 'teacher' });
		const { id } = await classNamed(teacher.id, 'Edited class', 'America/New_York');
		await assignEvergreenInDb(id);
		await page.goto(`/classes/${id}/assignments`);
		await page.getByRole('link', { name: `Edit the assignment “${ASSIGNMENT}”` }).click();
		// The form starts from the assignment as it stands.
		const form = page.locator('form.assign');
		await expect(form.getByRole('group', { name: 'Modules' }).getByLabel(MODULE)).toBeChecked();
		await expect(form.getByLabel('Due date (optional)')).toHaveValue(DUE_LOCAL);
		await expect(form.getByLabel('Pass mark (%)')).toHaveValue('70');
		await expect(form.getByLabel('Require the quiz')).toBeChecked();

		// A refusal comes back beside the field, with what was typed.
		await form.getByLabel('Pass mark (%)').fill('101');
		await form.getByRole('button', { name: 'Save the assignment' }).click();
		await expect(form.getByLabel('Pass mark (%)')).toHaveAttribute('aria-invalid', 'true');
		await expect(form.getByLabel('Pass mark (%)')).toHaveValue('101');

		await form.getByLabel('Pass mark (%)').fill('80');
		await form.getByLabel('Due date (optional)').fill('2031-03-21T09:30');
		await form.getByRole('button', { name: 'Save the assignment' }).click();
		await expect(page).toHaveURL(`/classes/${id}/assignments?notice=edited`);
		await expect(page.getByRole('status')).toHaveText('The assignment is saved.');
		const assignments = page.locator('#assignments .assignments');
		await expect(assignments).toContainText('Due Fri, 21 Mar 2031, 09:30 GMT-4');
		await expect(assignments).toContainText('pass mark 80%');
		const { rows } = await sql('SELECT due_at, pass_mark FROM assignments WHERE class_id = ?', [
			id
		]);
		expect(new Date(Number(rows[0]!.due_at)).toISOString()).toBe('2031-03-21T13:30:00.000Z');
		expect(Number(rows[0]!.pass_mark)).toBe(80);
	});
});

test.describe('no one sees what they should not', () => {
	/**
	 * Someone signed in within a browser context of their own that only makes requests (no page:
	 * every check here is about an HTTP answer).
	 */
	async function signedInContext(browser: Browser, options: Parameters<typeof makeUser>[0]) {
		const context = await browser.newContext({
			extraHTTPHeaders: { 'X-Forwarded-For': uniqueAddress() }
		});
		const account = await makeUser(options);
		await signInAs(context, account, baseURL());
		return { context, account };
	}

	/** A teacher's class with the Evergreen module assigned and a student in it (all in the database). */
	async function classWithWork(browser: Browser) {
		const teacher = await signedInContext(browser, {
			role: 'teacher',
			email: uniqueEmail('owner')
		});
		const { id } = await classNamed(teacher.account.id, 'Private class', 'America/New_York');
		await assignEvergreenInDb(id);
		const member = await signedInContext(browser, { displayName: 'Member Student' });
		await enrol(id, member.account.id);
		return { id, teacher, member };
	}

	const rooms = (id: string) =>
		['assignments', 'gradebook', 'insights', 'students', 'settings'].map(
			(room) => `/classes/${id}/${room}`
		);
	const classPaths = (id: string) => [
		`/classes/${id}`,
		...rooms(id),
		`/classes/${id}/gradebook.csv`,
		`/classes/${id}/add-students`,
		`/classes/${id}/discuss/${SLUG}/1`,
		`/classes/${id}/discuss/${SLUG}/1/post/00000000-0000-4000-8000-000000000000`
	];

	async function expectRefused(context: BrowserContext, id: string, paths: string[]) {
		for (const path of paths) {
			const response = await context.request.get(path, { maxRedirects: 0 });
			expect(response.status(), `${path}`).toBe(404);
		}
		const api = await context.request.get(`/api/v1/classes/${id}/gradebook`);
		expect(api.status()).toBe(404);
		expect(api.headers()['content-type']).toMatch(/^application\/json/);
		expect(await api.json()).toEqual({ error: expect.any(String) });
	}

	test('another teacher, another student and a stranger get 404 on every class route', async ({
		browser
	}) => {
		// Every check is about an HTTP answer, so everyone asks over HTTP, with their session.
		const { id, teacher, member } = await classWithWork(browser);

		const otherTeacher = await signedInContext(browser, { role: 'teacher' });
		await classNamed(otherTeacher.account.id, 'Their own class');
		await expectRefused(otherTeacher.context, id, classPaths(id));

		const otherStudent = await signedInContext(browser, { displayName: 'Outside Student' });
		await expectRefused(otherStudent.context, id, classPaths(id));
		// Their class list does not name it (the whole page as served, not only what shows).
		const list = await otherStudent.context.request.get('/classes');
		expect(list.status()).toBe(200);
		expect(await list.text()).not.toContain('Private class');

		// The class's own student sees the class and its thread, but no teacher's page.
		for (const path of [`/classes/${id}`, `/classes/${id}/discuss/${SLUG}/1`]) {
			expect((await member.context.request.get(path)).status(), path).toBe(200);
		}
		await expectRefused(member.context, id, [
			...rooms(id),
			`/classes/${id}/gradebook.csv`,
			`/classes/${id}/add-students`
		]);

		// A stranger who is not signed in is asked to sign in and come back, as for any class
		// address, existing or not (issue 10); the API still answers 404.
		const stranger = await browser.newContext({
			extraHTTPHeaders: { 'X-Forwarded-For': uniqueAddress() }
		});
		for (const path of classPaths(id)) {
			const response = await stranger.request.get(path, { maxRedirects: 0 });
			expect(response.status(), path).toBe(303);
			expect(response.headers()['location'], path).toBe(`/login?next=${encodeURIComponent(path)}`);
		}
		expect((await stranger.request.get(`/api/v1/classes/${id}/gradebook`)).status()).toBe(404);

		// Actions too: another teacher cannot delete or change the class.
		const origin = new URL(baseURL()).origin;
		for (const action of [
			'settings?/delete',
			'settings?/settings',
			'?/newCode',
			'assignments?/assign'
		]) {
			const response = await otherTeacher.context.request.post(`/classes/${id}/${action}`, {
				form: { confirm: 'on', name: 'Taken over', timeZone: 'UTC' },
				headers: { Origin: origin, Accept: 'application/json' }
			});
			expect(response.status(), action).toBe(404);
		}
		const { rows } = await sql('SELECT name FROM classes WHERE id = ?', [id]);
		expect(rows[0]!.name).toBe('Private class');

		// The API answers the owner's token only (tokens made as /account makes them: the first
		// journey walks that page).
		const ownerToken = await apiTokenOf(teacher.account.id, 'Script');
		const otherToken = await apiTokenOf(otherTeacher.account.id, 'Script');
		const stranger2 = await browser.newContext({
			extraHTTPHeaders: { 'X-Forwarded-For': uniqueAddress() }
		});
		const withToken = (token: string) =>
			stranger2.request.get(`/api/v1/classes/${id}/gradebook`, {
				headers: { Authorization: `Bearer ${token}` }
			});
		expect((await withToken(ownerToken)).status()).toBe(200);
		expect((await withToken(otherToken)).status()).toBe(404);
		expect((await withToken('lectern_notarealtokenatall')).status()).toBe(401);
		// The session works too, for the owner.
		expect((await teacher.context.request.get(`/api/v1/classes/${id}/gradebook`)).status()).toBe(
			200
		);

		for (const c of [teacher, member, otherTeacher, otherStudent]) await c.context.close();
		await stranger.close();
		await stranger2.close();
	});
});

test.describe('accessibility', () => {
	test('axe finds no violation on the class pages, for teacher and student', async ({
		page,
		browser
	}) => {
		// Every room of the class is a page of its own: each is scanned and photographed. The
		// class, its assignment and the student's work are made without walking their forms (the
		// journeys above walk them); every page checked here is opened in the browser.
		test.setTimeout(180_000);
		const teacher = await signedIn(page, { role: 'teacher' });
		await page.goto('/classes');
		await expectNoAxeViolations(page);
		const { id, code } = await classNamed(teacher.id, 'Accessible class', 'America/New_York');
		const assignmentId = await assignEvergreenInDb(id);
		await page.goto('/classes');
		await screenshots(page, 'classes-teacher');

		const student = await newStudent(browser, 'Axe Student');
		await student.page.goto('/join');
		await expectNoAxeViolations(student.page);
		await screenshots(student.page, 'join');
		await student.page.goto(`/join/${code}`);
		await expectNoAxeViolations(student.page);
		await screenshots(student.page, 'join-code');
		await student.page.getByRole('button', { name: /^Join/ }).click();
		await expect(student.page).toHaveURL(CLASS_URL);
		await expectNoAxeViolations(student.page);
		await screenshots(student.page, 'class-student-new');
		// The module read, the quiz passed (both right) and a response posted, through the
		// same form actions the pages post.
		await doSeedAssignmentOverHttp(student.page.request, {
			classId: id,
			assignmentId,
			moduleSlugs: [MODULE_SLUG],
			answers: Object.fromEntries(
				['q-evergreen-limits', 'q-evergreen-blend'].map((q) => [
					q,
					String(responseFor(questionById(q), true))
				])
			),
			response: 'The records show **caution**, not certainty.'
		});
		await student.page.goto(`/classes/${id}`);
		const card = student.page
			.getByRole('listitem')
			.filter({ has: student.page.getByRole('heading', { name: ASSIGNMENT }) });
		await expect(card.getByText('Done', { exact: true })).toBeVisible();
		await expect(card).toContainText('All done.');
		await expectNoAxeViolations(student.page);
		await screenshots(student.page, 'class-student-done');
		await student.page.goto(`/classes/${id}/discuss/${SLUG}/1`);
		await expect(student.page.locator('.post-body').first()).toContainText(
			'The records show caution'
		);
		await expectNoAxeViolations(student.page);
		await screenshots(student.page, 'class-thread');
		await student.page.goto('/classes');
		await expectNoAxeViolations(student.page);
		await screenshots(student.page, 'classes-student');

		// The teacher's rooms, with a gradebook, insights and its chart filled in.
		await page.goto(`/classes/${id}`);
		await expectNoAxeViolations(page);
		await screenshots(page, 'class-teacher');
		await page.goto(`/classes/${id}/insights`);
		await expect(page.locator('#insights .facility-bars li')).toHaveCount(2);
		await expectNoAxeViolations(page);
		await screenshots(page, 'class-insights');
		for (const room of ['assignments', 'gradebook', 'students', 'settings']) {
			await page.goto(`/classes/${id}/${room}`);
			await expectNoAxeViolations(page);
			await screenshots(page, `class-${room}`);
			if (room === 'assignments') {
				// The assignment's own page, from its link.
				await page.getByRole('link', { name: `Edit the assignment “${ASSIGNMENT}”` }).click();
				await expect(page.getByRole('button', { name: 'Save the assignment' })).toBeVisible();
				await expectNoAxeViolations(page);
			}
		}
		await page.goto(`/classes/${id}/gradebook?sort=quiz%3Ax&dir=desc`);
		await expectNoAxeViolations(page);
		await page.goto(`/classes/${id}/add-students`);
		await expectNoAxeViolations(page);
		await screenshots(page, 'add-students');
		await page.getByLabel('Names, one per line').fill(`Printed Name ${Date.now()}`);
		await page.getByRole('button', { name: 'Create accounts' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toContainText('Sign-in sheet');
		await expectNoAxeViolations(page);
		await screenshots(page, 'sign-in-sheet');
		await student.context.close();
	});
});
