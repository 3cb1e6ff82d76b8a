// Moderation, end to end: three reports hide a post until a moderator restores it; a
// moderator hides with a reason the author reads; a new account's post is held until
// approved; a locked thread refuses posts; a suspension stops posting; the audit log is the
// admins'; who may see and act (learners, teachers, anonymous); all of it without JavaScript
// too; axe on the queue. The queue is shared by parallel tests: each finds its own item.
import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expectNoAxeViolationsInBothSchemes } from './support/axe';
import { hydrated, join, joinIn, postBox, report, thread, writePost } from './support/discussion';
import { expect, test } from './support/fixtures';
import {
	htmlAt,
	httpPerson,
	reportOverHttp,
	seeOther,
	textsOfRole,
	writePostOverHttp
} from './support/admin-group';
import { baseURL, makeUser, signInAs } from './support/actors';

const unique = (label: string) => `${label} ${randomUUID().slice(0, 8)}`;

/** A post's card in the moderation queue. */
const queueItem = (page: Page, text: string) => page.locator('article.item', { hasText: text });

test.describe('reports and the queue', () => {
	test('three reports hide a post until a moderator restores it', async ({ page, browser }) => {
		test.setTimeout(90_000);
		const author = await joinIn(browser, 'Quinn Author');
		const text = unique('Cheap watches here');
		// Written over HTTP: writing a post through the form is discussion.spec.ts's journey.
		const id = await writePostOverHttp(author.context.request, 1, text);

		const reasons = [
			['spam', 'Spam or advertising'],
			['harassment', 'Harassment or abuse'],
			['off-topic', 'Off topic']
		] as const;
		// The first two reports over HTTP, each from its own person and address; the page they
		// are sent back to thanks them.
		for (const [i, [value]] of reasons.slice(0, 2).entries()) {
			const reporter = await httpPerson(`Reporter ${i + 1}`);
			const location = await reportOverHttp(reporter.http, 1, id, value, `Note ${i + 1}`);
			expect(textsOfRole(await htmlAt(reporter.http, location), 'status')).toEqual([
				'Thank you: a moderator will look at your report.'
			]);
			await reporter.http.dispose();
		}
		// The third through the report form, in a browser: the post is hidden, and it says so.
		const third = await joinIn(browser, 'Reporter 3');
		await report(third.page, 1, id, 'Quinn Author', reasons[2][1], 'Note 3');
		await expect(third.page.getByRole('status')).toHaveText(
			'Thank you. Several people reported this post, so it is hidden until a moderator reviews it.'
		);

		// The third reporter's browser, signed out, is a visitor's.
		await third.context.clearCookies();
		const visitor = third;
		await visitor.page.goto(`${thread(1)}/post/${id}`);
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
		for (const [i, [, reason]] of reasons.entries()) {
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
		await visitor.context.close();
		await author.context.close();
	});

	test('a moderator hides a post with a reason its author sees; admins read the audit log', async ({
		page,
		browser
	}) => {
		test.setTimeout(60_000);
		const author = await joinIn(browser, 'Sam Author');
		const text = unique('Rude words');
		const id = await writePostOverHttp(author.context.request, 3, text);
		const reporter = await httpPerson('Tess Reporter');
		await reportOverHttp(reporter.http, 3, id, 'harassment');
		await reporter.http.dispose();

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
		// The author's browser, signed out, is a visitor's.
		await author.context.clearCookies();
		await author.page.reload();
		await expect(postBox(author.page, id).locator('.placeholder')).toHaveText(
			'[hidden by a moderator]'
		);
		await author.context.close();

		// An admin, in the moderator's browser once the moderator has signed out.
		await page.context().clearCookies();
		const admin = await makeUser({ displayName: 'Vic Admin', role: 'admin' });
		await signInAs(page.context(), admin, baseURL());
		await page.goto('/moderation');
		await expect(page.getByRole('banner').getByRole('link', { name: 'Vic Admin' })).toBeVisible();
		const log = page.getByRole('table');
		const row = log.getByRole('row').filter({ hasText: why });
		await expect(row).toContainText('Uma Moderator');
		await expect(row).toContainText('Hid a post by Sam Author');
		await expect(row).toContainText(/\d{4}, \d\d:\d\d UTC/);
		await expect(log.getByRole('columnheader')).toHaveText(['When', 'Who', 'What', 'Why']);
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

		// The newcomer's browser, signed out, is a visitor's.
		await newcomer.context.clearCookies();
		const visitor = newcomer;
		await visitor.page.goto(`${thread(1)}/post/${id}`);
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
		await visitor.context.close();
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
		const id = await writePostOverHttp(troll.context.request, 3, text);
		const reporter = await httpPerson('Bo Reporter');
		await reportOverHttp(reporter.http, 3, id, 'spam');
		await reporter.http.dispose();

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
		const anonymous = await page.request.get('/moderation', { maxRedirects: 0 });
		expect(seeOther(anonymous)).toBe('/login?next=%2Fmoderation');
		await join(page, 'Di Learner');
		const response = await page.goto('/moderation');
		expect(response?.status()).toBe(403);
		await expect(page.getByRole('banner').getByRole('link', { name: 'Moderation' })).toHaveCount(0);
	});

	test('a teacher sees only their classes’ threads and cannot act on public posts', async ({
		page,
		baseURL
	}) => {
		const author = await httpPerson('Ed Author', { approved: false });
		const text = unique('Held in public');
		const id = await writePostOverHttp(author.http, 3, text);
		await author.http.dispose();

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

		// Reported with the form's plain post, over HTTP (discussion.spec.ts walks the form).
		const reporter = await httpPerson('Io NoScript');
		await reportOverHttp(reporter.http, 3, id, 'off-topic');
		await reporter.http.dispose();
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
	test('the moderation queue and audit log, light and dark schemes', async ({ page }) => {
		test.setTimeout(60_000);
		const author = await httpPerson('Jay Axe', { approved: false });
		const text = unique('Queued for axe');
		await writePostOverHttp(author.http, 1, text);
		await author.http.dispose();
		await join(page, 'Kai Axe Admin', { role: 'admin' });
		await page.goto('/moderation');
		await hydrated(page);
		await queueItem(page, text).getByText('Suspend Jay Axe').click();
		await expect(queueItem(page, text).getByLabel('30 days')).toBeVisible();
		await expectNoAxeViolationsInBothSchemes(page);
	});
});
