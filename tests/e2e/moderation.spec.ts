// Moderation, end to end: three reports hide a post until a moderator restores it; a
// moderator hides with a reason the author reads; a new account's post is held until
// approved; a locked thread refuses posts; a suspension stops posting; the audit log is the
// admins'; who may see and act (learners, teachers, anonymous); all of it without JavaScript
// too; axe on the queue. The queue is shared by parallel tests: each finds its own item.
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from '@playwright/test';
import { expectNoAxeViolationsInBothSchemes } from './support/axe';
import {
	hydrated,
	join,
	joinIn,
	newPerson,
	postBox,
	report,
	thread,
	writePost
} from './support/discussion';
import { expect, test } from './support/fixtures';

const unique = (label: string) => `${label} ${randomUUID().slice(0, 8)}`;

/** A post's card in the moderation queue. */
const queueItem = (page: Page, text: string) => page.locator('article.item', { hasText: text });

/** What someone who is not signed in sees of post `id`. */
async function asVisitor(browser: Browser, n: 1 | 2 | 3, id: string) {
	const context = await newPerson(browser);
	const page = await context.newPage();
	await page.goto(`${thread(n)}/post/${id}`);
	return { page, close: () => context.close() };
}

test.describe('reports and the queue', () => {
	test('three reports hide a post until a moderator restores it', async ({ page, browser }) => {
		test.setTimeout(90_000);
		const author = await joinIn(browser, 'Quinn Author');
		const text = unique('Cheap watches here');
		const id = await writePost(author.page, 1, text);

		const reasons = ['Spam or advertising', 'Harassment or abuse', 'Off topic'];
		for (const [i, reason] of reasons.entries()) {
			const reporter = await joinIn(browser, `Reporter ${i + 1}`);
			await report(reporter.page, 1, id, 'Quinn Author', reason, `Note ${i + 1}`);
			await expect(reporter.page.getByRole('status')).toHaveText(
				i < 2
					? 'Thank you: a moderator will look at your report.'
					: 'Thank you. Several people reported this post, so it is hidden until a moderator reviews it.'
			);
			await reporter.context.close();
		}

		const visitor = await asVisitor(browser, 1, id);
		await expect(postBox(visitor.page, id).locator('.placeholder')).toHaveText(
			'[hidden while a moderator reviews reports]'
		);
		await expect(postBox(visitor.page, id)).not.toContainText(text);
		// Its author still sees it, and why it is hidden.
		await author.page.goto(`${thread(1)}/post/${id}`);
		await expect(postBox(author.page, id)).toContainText(text);
		await expect(postBox(author.page, id).locator('.post-notice')).toContainText(
			'Hidden after several reports until a moderator reviews it.'
		);

		await join(page, 'Rita Moderator', { role: 'moderator' });
		await page.goto('/moderation');
		await hydrated(page);
		const item = queueItem(page, text);
		await expect(item.getByRole('heading', { level: 3 })).toContainText('Hidden after 3 reports');
		await expect(item).toContainText('Post by Quinn Author');
		await expect(item).toContainText('How do you think these declassified conversations');
		for (const [i, reason] of reasons.entries()) {
			await expect(item.getByRole('listitem').nth(i)).toContainText(`${reason}: “Note ${i + 1}”`);
			await expect(item.getByRole('listitem').nth(i)).toContainText(`Reporter ${i + 1}`);
		}
		await expect(item.getByRole('link', { name: /prompt 1/ })).toHaveAttribute(
			'href',
			`${thread(1)}/post/${id}`
		);
		await item.getByRole('button', { name: 'Restore post by Quinn Author' }).click();
		await expect(page.getByRole('status')).toHaveText('The post is visible again.');
		await expect(queueItem(page, text)).toHaveCount(0);

		await visitor.page.reload();
		await expect(postBox(visitor.page, id)).toContainText(text);
		await visitor.close();
		await author.context.close();
	});

	test('a moderator hides a post with a reason its author sees; admins read the audit log', async ({
		page,
		browser
	}) => {
		test.setTimeout(60_000);
		const author = await joinIn(browser, 'Sam Author');
		const text = unique('Rude words');
		const id = await writePost(author.page, 3, text);
		const reporter = await joinIn(browser, 'Tess Reporter');
		await report(reporter.page, 3, id, 'Sam Author', 'Harassment or abuse');
		await reporter.context.close();

		await join(page, 'Uma Moderator', { role: 'moderator' });
		await page.goto('/moderation');
		await hydrated(page);
		const item = queueItem(page, text);
		await expect(item.getByRole('heading', { level: 3 })).toContainText('Reported once');
		// No reason: the message stays beside the field.
		await item.getByRole('button', { name: 'Hide post' }).click();
		const reason = item.getByLabel('Reason for hiding (the author sees it)');
		await expect(reason).toHaveAttribute('aria-invalid', 'true');
		await expect(item).toContainText('Give a reason; the author will see it.');
		const why = unique('Personal attacks are not allowed here.');
		await reason.fill(why);
		await item.getByRole('button', { name: 'Hide post' }).click();
		await expect(page.getByRole('status')).toHaveText(
			'The post is hidden. Its author sees your reason.'
		);
		// Moderators act; only admins read the log.
		await expect(page.getByRole('heading', { name: 'Audit log' })).toHaveCount(0);

		await author.page.goto(`${thread(3)}/post/${id}`);
		await expect(postBox(author.page, id).locator('.post-notice')).toHaveText(
			`Hidden by a moderator. Reason: ${why}`
		);
		const visitor = await asVisitor(browser, 3, id);
		await expect(postBox(visitor.page, id).locator('.placeholder')).toHaveText(
			'[hidden by a moderator]'
		);
		await visitor.close();
		await author.context.close();

		const admin = await joinIn(browser, 'Vic Admin', { role: 'admin' });
		await admin.page.goto('/moderation');
		const log = admin.page.getByRole('table');
		const row = log.getByRole('row').filter({ hasText: why });
		await expect(row).toContainText('Uma Moderator');
		await expect(row).toContainText('Hid a post by Sam Author');
		await expect(row).toContainText(/\d{4}, \d\d:\d\d UTC/);
		await expect(log.getByRole('columnheader')).toHaveText(['When', 'Who', 'What', 'Why']);
		await admin.context.close();
	});

	test('a new account’s post is held, invisible to others until approved', async ({
		page,
		browser
	}) => {
		const newcomer = await joinIn(browser, 'Wes Newcomer', { approved: false });
		const text = unique('My very first post');
		const id = await writePost(newcomer.page, 1, text);
		await expect(newcomer.page.getByRole('status')).toContainText(
			'wait for a moderator’s approval'
		);
		await expect(postBox(newcomer.page, id).locator('.post-notice')).toHaveText(
			'Awaiting approval: only you and the moderators can see this post.'
		);

		const visitor = await asVisitor(browser, 1, id);
		await expect(visitor.page.locator(`[id="post-${id}"]`)).toHaveCount(0);
		await expect(visitor.page.getByRole('main')).not.toContainText(text);

		await join(page, 'Xan Moderator', { role: 'moderator' });
		// Moderators see it in the thread too, marked.
		await page.goto(`${thread(1)}/post/${id}`);
		await expect(postBox(page, id).locator('.post-notice')).toContainText('Awaiting approval');
		await page.goto('/moderation');
		await hydrated(page);
		const item = queueItem(page, text);
		await expect(item.getByRole('heading', { level: 3 })).toContainText('Held for approval');
		await item.getByRole('button', { name: 'Approve post by Wes Newcomer' }).click();
		await expect(page.getByRole('status')).toHaveText(
			'The post is approved and visible to everyone.'
		);

		await visitor.page.reload();
		await expect(postBox(visitor.page, id)).toContainText(text);
		await expect(postBox(visitor.page, id).locator('.post-notice')).toHaveCount(0);
		await visitor.close();
		await newcomer.context.close();
	});

	test('a locked thread refuses posts, even from a form opened before the lock', async ({
		page,
		browser
	}) => {
		const yan = await joinIn(browser, 'Yan Late');
		await yan.page.goto(thread(2));
		await hydrated(yan.page);
		await yan.page.getByLabel('Your response', { exact: true }).fill('Just in time?');

		await join(page, 'Zoe Moderator', { role: 'moderator' });
		await page.goto(thread(2));
		await hydrated(page);
		await page.getByRole('button', { name: 'Lock the discussion' }).click();
		await expect(page.getByRole('status')).toHaveText(
			'The discussion is locked: only moderators can post.'
		);
		try {
			await yan.page.getByRole('button', { name: 'Post response' }).click();
			await expect(yan.page.getByRole('alert')).toHaveText(
				'This discussion is locked: no new posts can be added.'
			);
			await yan.page.reload();
			await expect(yan.page.locator('#locked')).toContainText('This discussion is locked');
			await expect(yan.page.getByLabel('Your response', { exact: true })).toHaveCount(0);
			await yan.page.goto(
				'/lessons/declassified-putin-bush-talks-surface-tensions-over-nato-ukraine/discuss'
			);
			await expect(yan.page.getByRole('main').getByRole('listitem').nth(1)).toContainText('locked');
		} finally {
			await page.goto(thread(2));
			await page.getByRole('button', { name: 'Unlock the discussion' }).click();
			await expect(page.getByRole('status')).toHaveText('The discussion is open again.');
		}
		await yan.page.goto(thread(2));
		await expect(yan.page.getByLabel('Your response', { exact: true })).toBeVisible();
		await yan.context.close();
	});

	test('a moderator suspends a user for 7 days; they cannot post and are told until when', async ({
		page,
		browser
	}) => {
		test.setTimeout(60_000);
		const troll = await joinIn(browser, 'Ada Troll');
		const text = unique('Trolling');
		const id = await writePost(troll.page, 3, text);
		const reporter = await joinIn(browser, 'Bo Reporter');
		await report(reporter.page, 3, id, 'Ada Troll', 'Spam or advertising');
		await reporter.context.close();

		await join(page, 'Cy Moderator', { role: 'moderator' });
		await page.goto('/moderation');
		await hydrated(page);
		const item = queueItem(page, text);
		await item.getByText('Suspend Ada Troll').click();
		await item.getByLabel('7 days').check();
		await item.getByLabel('Reason (recorded in the audit log)').fill('Repeated spam');
		const before = Date.now();
		await item.getByRole('button', { name: 'Suspend', exact: true }).click();
		await expect(page.getByRole('status')).toHaveText(
			'The user is suspended: they can read but not post.'
		);

		await troll.page.goto(thread(3));
		const message = troll.page.getByText(/^Your account is suspended until .* UTC\.$/);
		await expect(message).toBeVisible();
		const until = Date.parse(
			/until (\d{4}-\d\d-\d\d \d\d:\d\d) UTC/
				.exec(await message.innerText())![1]!
				.replace(' ', 'T') + ':00Z'
		);
		expect(until).toBeGreaterThan(before + 7 * 86_400_000 - 120_000);
		expect(until).toBeLessThan(before + 7 * 86_400_000 + 120_000);
		await expect(troll.page.getByLabel('Your response', { exact: true })).toHaveCount(0);
		await troll.context.close();
	});
});

test.describe('who may moderate', () => {
	test('anonymous visitors are sent to sign in; learners are refused', async ({ page }) => {
		await page.goto('/moderation');
		await expect(page).toHaveURL('/login?next=%2Fmoderation');
		await join(page, 'Di Learner');
		const response = await page.goto('/moderation');
		expect(response?.status()).toBe(403);
		await expect(page.getByRole('banner').getByRole('link', { name: 'Moderation' })).toHaveCount(0);
	});

	test('a teacher sees only their classes’ threads and cannot act on public posts', async ({
		page,
		browser,
		baseURL
	}) => {
		const author = await joinIn(browser, 'Ed Author', { approved: false });
		const text = unique('Held in public');
		const id = await writePost(author.page, 3, text);
		await author.context.close();

		await join(page, 'Flo Teacher', { role: 'teacher' });
		await page.goto('/moderation');
		await expect(page.getByRole('banner').getByRole('link', { name: 'Moderation' })).toBeVisible();
		await expect(page.getByRole('main')).toContainText('you have no classes yet');
		await expect(queueItem(page, text)).toHaveCount(0);
		// A forged approval of a public post is refused by the server.
		const response = await page.request.post('/moderation?/approve', {
			form: { postId: id },
			headers: { Origin: baseURL! }
		});
		expect(response.status()).toBe(403);
	});
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('a moderator approves and hides with a reason, with plain form posts', async ({
		page,
		browser
	}) => {
		test.setTimeout(60_000);
		const newcomer = await joinIn(browser, 'Gil NoScript', {
			approved: false,
			javaScriptEnabled: false
		});
		const text = unique('Held without script');
		const id = await writePost(newcomer.page, 3, text, false);
		await expect(postBox(newcomer.page, id).locator('.post-notice')).toContainText(
			'Awaiting approval'
		);

		await join(page, 'Hu NoScript Moderator', { role: 'moderator' });
		await page.goto('/moderation');
		await queueItem(page, text)
			.getByRole('button', { name: 'Approve post by Gil NoScript' })
			.click();
		await expect(page.getByRole('status')).toHaveText(
			'The post is approved and visible to everyone.'
		);

		const reporter = await joinIn(browser, 'Io NoScript', { javaScriptEnabled: false });
		await report(reporter.page, 3, id, 'Gil NoScript', 'Off topic', '', false);
		await reporter.context.close();
		await page.goto('/moderation');
		const item = queueItem(page, text);
		await item.getByRole('button', { name: 'Hide post' }).click();
		await expect(queueItem(page, text)).toContainText('Give a reason; the author will see it.');
		await queueItem(page, text)
			.getByLabel('Reason for hiding (the author sees it)')
			.fill('Off topic for this prompt.');
		await queueItem(page, text).getByRole('button', { name: 'Hide post' }).click();
		await expect(page.getByRole('status')).toHaveText(
			'The post is hidden. Its author sees your reason.'
		);
		await newcomer.page.goto(`${thread(3)}/post/${id}`);
		await expect(postBox(newcomer.page, id).locator('.post-notice')).toHaveText(
			'Hidden by a moderator. Reason: Off topic for this prompt.'
		);
		await newcomer.context.close();
	});
});

test.describe('axe finds no WCAG 2.2 A/AA violation', () => {
	test('the moderation queue and audit log, light and dark schemes', async ({ page, browser }) => {
		test.setTimeout(60_000);
		const author = await joinIn(browser, 'Jay Axe', { approved: false });
		const text = unique('Queued for axe');
		await writePost(author.page, 1, text);
		await author.context.close();
		await join(page, 'Kai Axe Admin', { role: 'admin' });
		await page.goto('/moderation');
		await hydrated(page);
		await queueItem(page, text).getByText('Suspend Jay Axe').click();
		await expect(queueItem(page, text).getByLabel('30 days')).toBeVisible();
		await expectNoAxeViolationsInBothSchemes(page);
	});
});
