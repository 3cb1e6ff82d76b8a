// Lectern inside an LMS, in Chromium with third-party cookies blocked in the LMS's frame (as
// Chrome and Safari do for more and more people): an administrator registers the test LMS by hand in /admin/lti; a
// teacher adds Lectern content from a course page by deep linking, inside the LMS's frame; a
// learner's launch in that frame opens Lectern signed in, in a window of its own. No step relies
// on a cookie inside the frame (the browser would not keep it), and every page passes axe.
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../support/chromium.js';
import { randomUUID } from 'node:crypto';
import { ROLES, TestPlatform } from '../integration/support/lti-platform';
import { baseURL, makeUser, signInAs } from './support/actors';
import { expectNoAxeViolations } from './support/axe';
import { expect, sql, test, uniqueAddress } from './support/fixtures';

let lms: TestPlatform;
let browser: Browser;

test.beforeAll(async () => {
	lms = await TestPlatform.start({ clientId: `client-${randomUUID().slice(0, 8)}` });
	// The LMS and Lectern are both on loopback here (127.0.0.1 and localhost: two sites), where
	// Chromium's Local Network Access checks stop a frame's form going from one to the other;
	// between an LMS and Lectern on the internet they do not apply.
	browser = await chromium.launch({
		executablePath: findChromium(),
		args: [...CHROMIUM_ARGS, '--disable-features=LocalNetworkAccessChecks']
	});
});

test.afterAll(async () => {
	await lms?.stop();
	await browser?.close();
});

async function person() {
	const context = await browser.newContext({
		baseURL: baseURL(),
		extraHTTPHeaders: { 'X-Forwarded-For': uniqueAddress() }
	});
	return context.newPage();
}

/**
 * What Lectern tried to set as cookies inside an LMS frame. The frame's requests to Lectern go
 * out without cookies and their answers' cookies are dropped, as a browser that blocks
 * third-party cookies does (whatever this Chromium's own settings would do on loopback).
 */
const setInFrames: string[] = [];
async function blockThirdPartyCookies(page: Page) {
	await page.route(
		(url) => url.origin === baseURL(),
		async (route) => {
			if (route.request().frame() === page.mainFrame()) return route.continue();
			const headers = { ...route.request().headers() };
			delete headers.cookie;
			const response = await route.fetch({ headers, maxRedirects: 0 });
			const answer = response.headers();
			if (answer['set-cookie']) setInFrames.push(answer['set-cookie']);
			delete answer['set-cookie'];
			await route.fulfill({ response, headers: answer });
		}
	);
}

/**
 * Opens the LMS's course page with a launch in its frame, and continues past the LMS's sign-in.
 * `storage`: the LMS offers platform storage; `beforeContinue` runs at the LMS's sign-in.
 */
async function launchInFrame(
	page: Page,
	params: Record<string, string>,
	{
		storage = false,
		beforeContinue
	}: { storage?: boolean; beforeContinue?: () => Promise<void> } = {}
) {
	await blockThirdPartyCookies(page);
	await page.goto(lms.coursePageUrl(`${baseURL()}/lti/login`, params, { storage }));
	const frame = page.frameLocator('iframe[title="Lectern"]');
	const proceed = frame.getByRole('button', { name: 'Continue' });
	await proceed.waitFor();
	await beforeContinue?.();
	await proceed.click();
	return frame;
}

/** What the first journey made, for the next. */
const made = { course: { id: '', label: 'HIST', title: '' }, assignment: '', classId: '' };
test.describe.configure({ mode: 'serial' });

test('an LMS registered by hand launches Lectern in its frame, cookies blocked', async () => {
	test.setTimeout(60_000);
	// -- The administrator registers the LMS by hand.
	const admin = await makeUser({ role: 'admin', displayName: 'LTI Admin' });
	const adminPage = await person();
	await signInAs(adminPage.context(), admin, baseURL());
	await adminPage.goto('/admin/lti');
	await expect(adminPage.getByRole('heading', { name: 'LMS connections (LTI 1.3)' })).toBeVisible();
	await adminPage.getByLabel('Name').fill('Test LMS');
	await adminPage.getByLabel('Issuer (platform ID)').fill(lms.issuer);
	await adminPage.getByLabel('Client id').fill(lms.clientId);
	await adminPage.getByLabel('Authentication request URL').fill(lms.authUrl);
	await adminPage.getByLabel('Access token URL').fill(lms.tokenUrl);
	await adminPage.getByLabel('Public keyset URL').fill(lms.jwksUrl);
	await adminPage.getByLabel('Deployment ids').fill(lms.deploymentId);
	await adminPage.getByRole('button', { name: 'Register the LMS' }).click();
	await expect(adminPage.getByRole('status')).toHaveText('The LMS is registered.');
	await expect(adminPage.getByRole('cell', { name: lms.deploymentId })).toBeVisible();
	await expectNoAxeViolations(adminPage);
	lms.configureTool({
		jwksUri: `${baseURL()}/lti/jwks`,
		redirectUris: [`${baseURL()}/lti/launch`],
		loginUri: `${baseURL()}/lti/login`
	});

	// -- A teacher adds Lectern content from the course, inside the frame.
	const course = { id: `course-${randomUUID()}`, label: 'HIST', title: 'History 101 (LTI)' };
	const teacher = { sub: `t-${randomUUID()}`, name: 'Ms Rivera', roles: [ROLES.instructor] };
	const teacherPage = await person();
	const frame = await launchInFrame(
		teacherPage,
		lms.beginLaunch({
			user: teacher,
			context: course,
			messageType: 'LtiDeepLinkingRequest',
			targetLinkUri: `${baseURL()}/lti/launch`
		})
	);
	await expect(frame.getByRole('heading', { name: 'Add Lectern content' })).toBeVisible();
	const lectern = teacherPage.frames().find((f) => f.url().startsWith(baseURL()))!;
	// The picker, as a page of its own, passes axe.
	const picker = await person();
	await picker.goto(lectern.url());
	await expectNoAxeViolations(picker);
	await picker.context().close();

	const first = frame.locator('form').first();
	await first.getByLabel('Due (optional, UTC)').fill('2030-03-01T17:00');
	await first.getByRole('button', { name: 'Add to the course' }).click();
	// With JavaScript the answer goes back to the LMS at once.
	await expect(frame.getByText('Deep link received')).toBeVisible();
	expect(lms.deepLinkResponses).toHaveLength(1);
	const item = lms.deepLinkResponses[0]!.contentItems[0] as { custom: { assignment: string } };
	const { rows } = await sql('SELECT class_id, due_at FROM assignments WHERE id = ?', [
		item.custom.assignment
	]);
	const classId = String(rows[0]!.class_id);
	Object.assign(made, { course, assignment: item.custom.assignment, classId });
	expect(rows[0]!.due_at).toBe(Date.parse('2030-03-01T17:00:00Z'));

	// -- A learner opens the link: the frame offers Lectern in a window of its own, signed in.
	const learner = { sub: `l-${randomUUID()}`, name: 'Sam Okafor', roles: [ROLES.learner] };
	const learnerPage = await person();
	const learnerFrame = await launchInFrame(
		learnerPage,
		lms.beginLaunch({
			user: learner,
			context: course,
			resourceLink: { id: `link-${randomUUID()}`, title: 'Week 1' },
			custom: { assignment: item.custom.assignment },
			targetLinkUri: `${baseURL()}/lti/launch`
		})
	);
	await expect(learnerFrame.getByText('Signed in from your LMS as Sam Okafor')).toBeVisible();
	// Nothing in the frames needed a cookie, and Lectern set none there.
	expect(setInFrames).toEqual([]);
	const [opened] = await Promise.all([
		learnerPage.context().waitForEvent('page'),
		learnerFrame.getByRole('link', { name: 'Open in Lectern' }).click()
	]);
	await opened.waitForURL(`${baseURL()}/classes/${classId}`);
	await expect(opened.getByRole('heading', { name: 'History 101 (LTI)' })).toBeVisible();
	// Signed in there: a first-party session.
	const cookies = await learnerPage.context().cookies(baseURL());
	expect(cookies.map((c) => c.name)).toEqual(['lectern_session']);
	await expectNoAxeViolations(opened);
});

test('an LMS with platform storage: the launch is checked in the LMS’s page', async () => {
	const launchOf = (name: string) =>
		lms.beginLaunch({
			user: { sub: `l-${randomUUID()}`, name, roles: [ROLES.learner] },
			context: made.course,
			resourceLink: { id: `link-${randomUUID()}` },
			custom: { assignment: made.assignment },
			targetLinkUri: `${baseURL()}/lti/launch`
		});
	// The login keeps its state in the LMS's page; the launch finds it there.
	const page = await person();
	const frame = await launchInFrame(page, launchOf('Ana Ruiz'), { storage: true });
	await expect(frame.getByRole('status')).toHaveText('Checked with your LMS.');
	await expect(frame.getByRole('link', { name: 'Open in Lectern' })).toBeVisible();

	// A launch whose state the LMS's page does not hold did not start in this browser: no way in.
	const other = await person();
	const refused = await launchInFrame(other, launchOf('Li Wei'), {
		storage: true,
		beforeContinue: () =>
			other.evaluate(() =>
				(window as unknown as { forgetPlatformStorage(): void }).forgetPlatformStorage()
			)
	});
	await expect(refused.getByRole('alert')).toContainText('did not start in this browser');
	await expect(refused.getByRole('link', { name: 'Open in Lectern' })).toHaveCount(0);
});
