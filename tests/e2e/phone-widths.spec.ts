// Issue 10, "what it looks like on phones": no page scrolls sideways at 320 or 390 px, for
// every kind of visitor (anonymous, a learner, a teacher with a class and an assignment, a
// student of that class, an admin); a table too wide for the column scrolls inside a named,
// focusable region that says so (a hint, and shadows at the edge with more beyond); checkboxes
// beside long labels keep their size; a quiz card's Start button stays beside its title; and
// links to discussions inside lesson pages are in the interface's font, not the article's.
import { makeUser } from './support/actors';
import type { Page } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { classWithSeedAssigned } from './support/class-setup';
import { uniqueEmail } from './support/fixtures';
import { ATTEMPT_URL } from './support/quiz';
import { seedQuiz } from './support/quiz-key';
import { expect, requestAs, sessionState, test } from './support/reading-group';

const WIDTHS = [320, 390] as const;
const { article } = seedQuiz();
const OVERVIEW = `/lessons/${article.slug}`;
const KEY_FACTS = `${OVERVIEW}/key-facts-at-a-glance`;
const SECRET_DIALOG = `${OVERVIEW}/the-secret-dialog-what-the-leaked-exchanges-reveal`;
const READER_QUESTIONS = `${OVERVIEW}/reader-questions`;

type Visitor = 'anonymous' | 'learner' | 'teacher' | 'student' | 'admin';
interface Visit {
	path: string;
	status?: number;
}

/** What each visitor can reach; `:class` and `:attempt` are filled in once set up. */
function pagesOf(visitor: Visitor, ids: { cls: string; attempt: string }): Visit[] {
	const sections = article.sections.map((s) => ({ path: `${OVERVIEW}/${s.slug}` }));
	const reading = [
		{ path: '/' },
		{ path: OVERVIEW },
		{ path: `${OVERVIEW}/quiz` },
		{ path: `${OVERVIEW}/discuss` },
		{ path: `${OVERVIEW}/discuss/1` }
	];
	const classThread = `/classes/${ids.cls}/discuss/${article.slug}/1`;
	switch (visitor) {
		case 'anonymous':
			return [
				...reading,
				...sections,
				{ path: '/login' },
				{ path: '/signup' },
				{ path: '/forgot' },
				{ path: '/join' },
				{ path: '/review' },
				{ path: `${OVERVIEW}/no-such-module`, status: 404 }
			];
		case 'learner':
			return [
				...reading,
				{ path: KEY_FACTS },
				{ path: READER_QUESTIONS },
				{ path: `${OVERVIEW}/quiz/${ids.attempt}` },
				{ path: '/review' },
				{ path: '/account' },
				{ path: '/classes' },
				{ path: '/join' }
			];
		case 'teacher':
			return [
				{ path: '/' },
				{ path: '/classes' },
				{ path: `/classes/${ids.cls}` },
				{ path: `/classes/${ids.cls}/assignments` },
				{ path: `/classes/${ids.cls}/gradebook` },
				{ path: `/classes/${ids.cls}/insights` },
				{ path: `/classes/${ids.cls}/students` },
				{ path: `/classes/${ids.cls}/settings` },
				{ path: `/classes/${ids.cls}/add-students` },
				{ path: classThread },
				{ path: KEY_FACTS },
				{ path: '/account' }
			];
		case 'student':
			return [
				{ path: '/classes' },
				{ path: `/classes/${ids.cls}` },
				{ path: classThread },
				{ path: READER_QUESTIONS },
				{ path: `${OVERVIEW}/${article.sections.at(-1)!.slug}` }
			];
		case 'admin':
			return [{ path: '/admin' }, { path: '/moderation' }, { path: '/account' }];
	}
}

/**
 * Everything wrong with the layout of the page as it is now, in words: the document wider
 * than the window (naming what sticks out), a wide table not in a named, focusable scroll
 * region, a checkbox or radio button squeezed out of shape.
 */
function layoutProblems(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const root = document.documentElement;
		const width = root.clientWidth;
		const problems: string[] = [];
		const describe = (el: Element) =>
			el.tagName.toLowerCase() +
			(el.id ? `#${el.id}` : '') +
			(el.classList.length ? `.${[...el.classList].join('.')}` : '');
		const scrollsX = (el: Element) =>
			['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(el).overflowX);
		const scroller = (el: Element) => {
			for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
				if (scrollsX(a)) return a;
			}
			return null;
		};

		if (root.scrollWidth > width) {
			const out: string[] = [];
			for (const el of document.body.querySelectorAll('*')) {
				const r = el.getBoundingClientRect();
				if (r.width > 0 && r.right > width + 0.5 && !scroller(el)) {
					out.push(`${describe(el)} (right edge ${Math.round(r.right)} px)`);
				}
			}
			problems.push(
				`the page is ${root.scrollWidth} px wide in a ${width} px window: ${out.slice(0, 4).join(', ')}`
			);
		}

		for (const table of document.querySelectorAll('main table')) {
			const box = table.getBoundingClientRect();
			if (box.width === 0) continue;
			const region = scroller(table);
			const room = (region ?? root).clientWidth;
			if (box.width <= room + 0.5) continue;
			const name = region?.getAttribute('aria-label') || region?.getAttribute('aria-labelledby');
			if (!region) problems.push(`a ${Math.round(box.width)} px table has no scroll region`);
			else if (
				region.getAttribute('tabindex') !== '0' ||
				region.getAttribute('role') !== 'region' ||
				!name
			) {
				problems.push(
					`the scroll region ${describe(region)} of a wide table needs tabindex="0", role="region" and a name`
				);
			}
		}

		for (const box of document.querySelectorAll('input[type="checkbox"], input[type="radio"]')) {
			const r = box.getBoundingClientRect();
			if (r.width === 0) continue;
			if (r.width < 12 || Math.abs(r.width - r.height) > 1) {
				problems.push(
					`${describe(box)}${(box as HTMLInputElement).name ? `[name=${(box as HTMLInputElement).name}]` : ''} is squeezed to ${r.width.toFixed(1)}×${r.height.toFixed(1)} px`
				);
			}
		}
		return problems;
	});
}

interface Cast {
	sessions: Record<Exclude<Visitor, 'anonymous'>, Awaited<ReturnType<typeof sessionState>>>;
	ids: { cls: string; attempt: string };
}

/**
 * Everyone made and signed in through the database (no browser: their pages are what is tested,
 * not signing up), the class with the seed assigned, and a quiz attempt of the learner's.
 */
async function castOf(): Promise<Cast> {
	const learner = await makeUser({ email: uniqueEmail('phone-learner') });
	const teacher = await makeUser({
		role: 'teacher',
		email: uniqueEmail('phone-teacher'),
		displayName: 'Ms Narrow'
	});
	const student = await makeUser({
		email: uniqueEmail('phone-student'),
		displayName: 'Alexandria Montgomery-Castellanos'
	});
	const admin = await makeUser({
		role: 'admin',
		displayName: 'Test Admin',
		email: uniqueEmail('phone-admin')
	});
	const cls = await classWithSeedAssigned(teacher.email, [student.email]);

	// An attempt in progress: the learner starts the first quiz on the list, as its form posts.
	const learnerHttp = await requestAs(learner.id);
	try {
		const list = await (await learnerHttp.get(`${OVERVIEW}/quiz`)).text();
		const scope = /<input[^>]*name="scope"[^>]*value="([^"]*)"/.exec(list)?.[1];
		expect(scope, 'the first quiz on the list').toBeTruthy();
		const started = await learnerHttp.post(`${OVERVIEW}/quiz?/start`, {
			form: { scope: scope! },
			headers: { accept: 'text/html' }, // as a browser's form post, not the enhanced one
			maxRedirects: 0
		});
		expect(started.status()).toBe(303);
		const location = new URL(started.headers()['location']!, 'http://localhost').pathname;
		expect(location).toMatch(ATTEMPT_URL);
		const attempt = ATTEMPT_URL.exec(location)![1]!;
		const sessions = {
			learner: await learnerHttp.storageState(),
			teacher: await sessionState(teacher.id),
			student: await sessionState(student.id),
			admin: await sessionState(admin.id)
		} as Cast['sessions'];
		return { sessions, ids: { cls: cls.id, attempt } };
	} finally {
		await learnerHttp.dispose();
	}
}

let cast: Cast | undefined;
test.beforeAll(async () => {
	cast = await castOf();
});

/**
 * The worker's reader page as `visitor` in a window `width` px wide: their session cookie in
 * place of none (each visitor's pages are read in turn, never two at once).
 */
async function windowFor(page: Page, visitor: Visitor, width: number) {
	if (visitor !== 'anonymous') await page.context().addCookies(cast!.sessions[visitor].cookies);
	await page.setViewportSize({ width, height: 800 });
	return page;
}

const VISITORS: readonly Visitor[] = ['anonymous', 'learner', 'teacher', 'student', 'admin'];

for (const visitor of VISITORS) {
	test(`${visitor} at 320 and 390 px: no page scrolls sideways, wide tables are named scroll regions, checkboxes keep their shape`, async ({
		reader
	}) => {
		test.setTimeout(180_000);
		const page = await windowFor(reader, visitor, WIDTHS[0]);
		const failures: string[] = [];
		for (const { path, status = 200 } of pagesOf(visitor, cast!.ids)) {
			await page.setViewportSize({ width: WIDTHS[0], height: 800 });
			const response = await page.goto(path);
			expect(response?.status(), `${path} as ${visitor}`).toBe(status);
			const generic = path.replace(cast!.ids.cls, ':class').replace(cast!.ids.attempt, ':attempt');
			// Each width on the same page: the layout reflows as a phone turned would.
			for (const width of WIDTHS) {
				await page.setViewportSize({ width, height: 800 });
				for (const problem of await layoutProblems(page))
					failures.push(`${generic} at ${width} px: ${problem}`);
			}
		}
		expect(failures, failures.join('\n')).toEqual([]);
	});
}

test.describe('a module page on a phone', () => {
	for (const width of WIDTHS) {
		test(`at ${width} px the four-column table says it scrolls, a keyboard scrolls it, and axe finds nothing`, async ({
			reader
		}) => {
			// Up to sixty key presses and, at 320 px, two axe runs: past 30 s on a busy machine.
			test.setTimeout(90_000);
			const page = await windowFor(reader, 'anonymous', width);
			await page.goto(KEY_FACTS);
			const region = page.getByRole('region', { name: 'Table: Key facts at a glance' });
			await expect(region).toHaveAttribute('tabindex', '0');
			expect(await region.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
			// The hint is visible, and the region is shaded at the edge with more table beyond.
			await expect(page.getByText('Scroll sideways to see all 4 columns')).toBeVisible();
			expect(await region.evaluate((el) => getComputedStyle(el).backgroundImage)).toContain(
				'radial-gradient'
			);
			// The fourth column is there, past the edge, until the keyboard scrolls to it.
			const fourth = region.getByRole('columnheader', { name: 'Public implications' });
			const edge = async () => {
				const [cell, box] = await Promise.all([fourth.boundingBox(), region.boundingBox()]);
				return cell!.x + cell!.width - (box!.x + box!.width);
			};
			expect(await edge()).toBeGreaterThan(0);
			await region.focus();
			await expect(region).toBeFocused();
			// The arrow key scrolls the focused region, as far as the last column.
			for (let i = 0; i < 60 && (await edge()) > 1; i++) await page.keyboard.press('ArrowRight');
			expect(await region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
			expect(await edge()).toBeLessThanOrEqual(1);

			if (width === 320) {
				await expectNoAxeViolations(page);
				await page.goto(READER_QUESTIONS);
				await expectNoAxeViolations(page);
			}
		});
	}

	test('on a wide screen a table that fits shows no hint', async ({ reader: page }) => {
		await page.setViewportSize({ width: 1280, height: 800 });
		await page.goto(SECRET_DIALOG);
		const region = page.getByRole('region', { name: /^Table: / });
		await expect(region).toBeVisible();
		expect(await region.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(false);
		await expect(page.getByText(/Scroll sideways to see all/)).toBeHidden();
	});
});

test.describe('small things on a phone', () => {
	for (const width of WIDTHS) {
		test(`at ${width} px every quiz card keeps its Start button beside its title`, async ({
			reader
		}) => {
			const page = await windowFor(reader, 'anonymous', width);
			await page.goto(`${OVERVIEW}/quiz`);
			const cards = page.locator('.quizzes > li');
			expect(await cards.count()).toBeGreaterThan(1);
			const misplaced = await cards.evaluateAll((items) =>
				items
					.map((li) => {
						const title = li.querySelector('h2')!.getBoundingClientRect();
						const button = li.querySelector('button')!.getBoundingClientRect();
						const beside = button.left >= title.right - 0.5 && button.top < title.bottom;
						return beside ? null : li.querySelector('h2')!.textContent;
					})
					.filter((title) => title !== null)
			);
			expect(misplaced).toEqual([]);
		});
	}

	test('the checkbox beside sign-up’s long label keeps its size at 320 px', async ({ reader }) => {
		const page = await windowFor(reader, 'anonymous', 320);
		await page.goto('/signup');
		const box = await page.getByLabel(/I am a teacher/).boundingBox();
		expect(box!.width).toBeGreaterThanOrEqual(12);
		expect(Math.abs(box!.width - box!.height)).toBeLessThanOrEqual(1);
	});

	test('links to discussions in lesson pages are in the interface font, not the article’s', async ({
		reader: page
	}) => {
		// The body is set in the interface font (app.css).
		const uiFont = () => page.evaluate(() => getComputedStyle(document.body).fontFamily);
		const prompt = article.prompts[0]!;
		for (const path of [READER_QUESTIONS, `${OVERVIEW}/discuss`]) {
			await page.goto(path);
			const link = page.getByRole('link', { name: prompt.text, exact: true });
			await expect(link).toBeVisible();
			expect(await link.evaluate((el) => getComputedStyle(el).fontFamily), path).toBe(
				await uiFont()
			);
		}
	});
});
