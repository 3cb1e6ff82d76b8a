// The public discussion of the reader questions, end to end: posting, replying (to depth 4),
// editing and deleting, permalinks and pages, hostile input, bad input, new replies on the
// home and account pages, all of it without JavaScript too, and axe on the thread page.
// Tests run in parallel on the seed's threads 1 and 3, so each finds its own posts by id.
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expectNoAxeViolations, expectNoAxeViolationsInBothSchemes } from './support/axe';
import {
	DISCUSS,
	allowNextPost,
	hydrated,
	join,
	joinIn,
	postBox,
	reply,
	report,
	thread,
	writePost
} from './support/discussion';
import { expect, sql, test } from './support/fixtures';

const unique = (label: string) => `${label} ${randomUUID().slice(0, 8)}`;

test.describe('the prompts page', () => {
	test('lists every prompt with its post count and a link to its thread', async ({ page }) => {
		await page.goto(DISCUSS);
		const prompts = page.getByRole('main').getByRole('listitem');
		await expect(prompts).toHaveCount(3);
		for (const [i, item] of (await prompts.all()).entries()) {
			await expect(item.getByRole('link')).toHaveAttribute('href', thread((i + 1) as 1 | 2 | 3));
			await expect(item).toContainText(/\d+ posts?/);
		}
		const firstPrompt = await prompts.first().getByRole('link').innerText();
		await prompts.first().getByRole('link').click();
		await expect(page).toHaveURL(thread(1));
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(firstPrompt);
		await expect(page.locator('.eyebrow')).toContainText('Prompt 1 of 3');
	});

	test('counts a new visible post', async ({ page }) => {
		await page.goto(DISCUSS);
		const count = async () =>
			Number(
				/(\d+) posts?/.exec(
					await page.getByRole('main').getByRole('listitem').nth(2).innerText()
				)![1]
			);
		const before = await count();
		await join(page, 'Counter');
		await writePost(page, 3, unique('Counted'));
		await page.goto(DISCUSS);
		expect(await count()).toBeGreaterThan(before);
	});

	test('an unknown prompt or post answers 404', async ({ page }) => {
		for (const path of [
			`${DISCUSS}/99`,
			`${DISCUSS}/0`,
			`${DISCUSS}/1x`,
			`${DISCUSS}/1/post/${randomUUID()}`,
			`${DISCUSS}/1?post=nope`,
			`/lessons/no-such-article/discuss/1`
		]) {
			const response = await page.goto(path);
			expect(response?.status(), path).toBe(404);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(
				'We couldn’t find that page'
			);
		}
	});
});

test.describe('writing in a thread', () => {
	test('the boxes empty once a post or reply is in, and keep the text when refused', async ({
		page,
		browser
	}) => {
		const ana = await join(page, 'Ana Composer');
		const id = await writePost(page, 1, unique('Posted once'));
		await expect(page.getByRole('status')).toHaveText('Your response is posted.');
		const composer = page.getByLabel('Your response', { exact: true });
		await expect(composer).toHaveValue('');

		// A second post within 30 s is refused: the text stays, with the reason.
		const again = unique('Too soon');
		await composer.fill(again);
		await page.getByRole('button', { name: 'Post response' }).click();
		await expect(page.locator('#new-post-error')).toHaveText(
			/^You can post again in \d+ seconds?\.$/
		);
		await expect(composer).toHaveValue(again);
		await allowNextPost(ana.email);

		const ben = await joinIn(browser, 'Ben Composer');
		await reply(ben.page, 1, id, 'Ana Composer', unique('A reply'));
		await expect(ben.page.getByRole('status')).toHaveText('Your reply is posted.');
		const box = postBox(ben.page, id);
		await box.getByText('Reply to Ana Composer', { exact: true }).click();
		await expect(box.getByLabel('Your reply to Ana Composer')).toHaveValue('');
		await ben.context.close();
	});

	test('post, reply, edit within the window (marked edited), delete (replies stay)', async ({
		page,
		browser
	}) => {
		await join(page, 'Ana Poster');
		const first = unique('NATO’s promise');
		const id = await writePost(page, 1, `${first} was **never** written down.`);
		await expect(page.getByRole('status')).toHaveText('Your response is posted.');
		const box = postBox(page, id);
		await expect(box).toContainText(first);
		await expect(box.locator('strong')).toHaveText('never');
		await expect(box.locator('header')).toContainText('Ana Poster');

		const ben = await joinIn(browser, 'Ben Replier');
		const replyText = unique('Ben answers');
		const replyId = await reply(ben.page, 1, id, 'Ana Poster', replyText);
		await expect(ben.page.getByRole('status')).toHaveText('Your reply is posted.');
		// Nested under Ana's post, in its list of replies.
		await expect(ben.page.locator(`[id="post-${id}"] > ol > [id="post-${replyId}"]`)).toContainText(
			replyText
		);

		// Ana edits: the form holds her Markdown, and the post is marked edited.
		await page.goto(`${thread(1)}/post/${id}`);
		await hydrated(page);
		await box.getByText('Edit your post', { exact: true }).click();
		const editor = box.getByLabel('Your post');
		await expect(editor).toHaveValue(`${first} was **never** written down.`);
		await expect(box).toContainText(/You can edit until \d\d:\d\d UTC\./);
		await editor.fill(`${first} was *perhaps* written down.`);
		await box.getByRole('button', { name: 'Save changes' }).click();
		await expect(page.getByRole('status')).toHaveText('Your changes are saved.');
		await expect(box.locator('em')).toHaveText('perhaps');
		await expect(box.locator('header')).toContainText('edited');

		// Past the window the edit form is gone, and the server refuses a stale one.
		await sql('UPDATE posts SET created_at = created_at - 16 * 60000 WHERE id = ?', [id]);
		await page.reload();
		await expect(box.getByText('Edit your post', { exact: true })).toHaveCount(0);

		// Ana deletes: "[deleted]", no name, and Ben's reply still hangs under it.
		await box.getByText('Delete your post', { exact: true }).click();
		await box.getByRole('button', { name: 'Delete post' }).click();
		await expect(page.getByRole('status')).toHaveText(
			'Your post is deleted. Replies to it stay in the discussion.'
		);
		await expect(box.locator('.placeholder')).toHaveText('[deleted]');
		await expect(box.locator('header')).toContainText('deleted user');
		await expect(box).not.toContainText(first);
		await expect(page.locator(`[id="post-${id}"] [id="post-${replyId}"]`)).toContainText(replyText);
		await ben.context.close();
	});

	test('replies nest to depth 4; a deeper reply attaches there, saying whom it answers', async ({
		page,
		browser
	}) => {
		test.setTimeout(60_000);
		const cat = await join(page, 'Cat Deep');
		const dan = await joinIn(browser, 'Dan Deep');
		const top = await writePost(page, 3, unique('Depth one'));
		const d2 = await reply(dan.page, 3, top, 'Cat Deep', unique('Depth two'));
		await allowNextPost(cat.email);
		const d3 = await reply(page, 3, d2, 'Dan Deep', unique('Depth three'));
		await allowNextPost(dan.email);
		const d4 = await reply(dan.page, 3, d3, 'Cat Deep', unique('Depth four'));
		await allowNextPost(cat.email);
		const deeper = await reply(page, 3, d4, 'Dan Deep', unique('Beyond four'));

		const chain = [top, d2, d3, d4].map((id) => `[id="post-${id}"]`).join(' > ol > ');
		await expect(page.locator(`${chain} > article`)).toContainText('Depth four');
		// The deeper reply sits beside the depth-4 post, under the same parent.
		const beside = page.locator(
			`${[top, d2, d3].map((id) => `[id="post-${id}"]`).join(' > ol > ')} > ol > [id="post-${deeper}"]`
		);
		await expect(beside.locator('> article header')).toContainText('replying to Dan Deep');
		await expect(postBox(page, d4).locator('header')).not.toContainText('replying to');
		await dan.context.close();
	});

	test('every post has a permalink that finds its page, in either order', async ({ page }) => {
		const eve = await join(page, 'Eve Linker');
		const id = await writePost(page, 3, unique('Find me'));
		// 21 older posts ahead of it: in oldest-first order it cannot be on page 1.
		const [threadRow] = (
			await sql(
				`SELECT t.id FROM threads t JOIN prompts p ON p.id = t.prompt_id
				 WHERE p.number = 3 AND t.scope = 'public' AND p.archived_at IS NULL`
			)
		).rows;
		const author = (await sql('SELECT id FROM users WHERE email = ?', [eve.email])).rows[0]!;
		for (let i = 0; i < 21; i++) {
			const filler = randomUUID();
			await sql(
				`INSERT INTO posts (id, thread_id, author_id, root_id, depth, body, html, status, created_at)
				 VALUES (?, ?, ?, ?, 1, 'Older', '<p>Older</p>', 'visible', ?)`,
				[filler, String(threadRow!.id), String(author.id), filler, 1_000 + i]
			);
		}
		await page.goto(`${thread(3)}/post/${id}`);
		const oldest = new URL(page.url());
		expect(Number(oldest.searchParams.get('page'))).toBeGreaterThanOrEqual(2);
		expect(oldest.searchParams.get('sort')).toBe('oldest');
		expect(oldest.hash).toBe(`#post-${id}`);
		await expect(postBox(page, id)).toBeVisible();
		await expect(page.getByRole('navigation', { name: 'Pages of responses' })).toContainText(
			`Page ${oldest.searchParams.get('page')}`
		);

		await page.goto(`${thread(3)}?post=${id}&sort=newest`);
		const newest = new URL(page.url());
		expect(newest.searchParams.get('sort')).toBe('newest');
		await expect(postBox(page, id)).toBeVisible();
		// The post's own time links to its permalink.
		await expect(postBox(page, id).locator('header a')).toHaveAttribute(
			'href',
			`${thread(3)}/post/${id}`
		);
		// Pages hold 20 top-level posts.
		await page.goto(`${thread(3)}?page=1&sort=oldest`);
		await expect(page.locator('ol.posts > li')).toHaveCount(20);
	});

	test('a hostile payload renders inert: no dialog, no script, no handler, no image', async ({
		page
	}) => {
		test.setTimeout(90_000);
		const dialogs: string[] = [];
		page.on('dialog', (dialog) => {
			dialogs.push(dialog.message());
			void dialog.dismiss();
		});
		const mallory = await join(page, 'Mallory Payload');
		// Past the new-account daily cap: this test posts more than ten times.
		await sql(`UPDATE users SET created_at = created_at - 8 * 86400000 WHERE email = ?`, [
			mallory.email
		]);
		const entries = JSON.parse(
			readFileSync(new URL('../fixtures/xss/payloads.json', import.meta.url), 'utf8')
		) as { source: string; payload: string }[];
		const payloads = entries.map((e) => e.payload);
		// The first payload of each source on its own, then all of them in a few long posts.
		const singles = [...new Set(entries.map((e) => e.source))].map(
			(source) => entries.find((e) => e.source === source)!.payload
		);
		const bodies = [...singles, "<img src=x onerror=alert('XSS')>", '[click](javascript:alert(1))'];
		let chunk = '';
		for (const payload of payloads) {
			if ((chunk + payload).length > 9_000) {
				bodies.push(chunk);
				chunk = '';
			}
			chunk += `${payload}\n\n`;
		}
		bodies.push(chunk);

		const ids: string[] = [];
		for (const body of bodies) {
			await allowNextPost(mallory.email);
			ids.push(await writePost(page, 1, `${unique('Payload')}\n\n${body}`));
		}
		// Typed HTML shows as the text that was typed.
		await page.goto(`${thread(1)}/post/${ids[0]}`);
		await hydrated(page);
		await expect(postBox(page, ids[0]!)).toContainText(singles[0]!);

		for (const id of ids) {
			await page.goto(`${thread(1)}/post/${id}`);
			await hydrated(page);
			const injected = await page.locator('main').evaluate((main) => {
				const found: string[] = [];
				for (const el of main.querySelectorAll('*')) {
					const tag = el.tagName.toLowerCase();
					if (
						['script', 'img', 'iframe', 'object', 'embed', 'svg', 'math', 'style', 'base'].includes(
							tag
						)
					)
						found.push(`<${tag}>`);
					for (const attr of el.getAttributeNames()) {
						if (attr.startsWith('on') || attr === 'style' || attr === 'srcdoc')
							found.push(`${tag}[${attr}]`);
					}
					const href = el.getAttribute('href') ?? el.getAttribute('action') ?? '';
					if (/^\s*(javascript|data|vbscript):/i.test(href)) found.push(`${tag}[href=${href}]`);
				}
				return found;
			});
			expect(injected, `post ${id}`).toEqual([]);
		}
		expect(dialogs).toEqual([]);
	});

	test('bad input comes back beside the field, never a 500', async ({ page }) => {
		await join(page, 'Fay Mistakes');
		await page.goto(thread(1));
		await hydrated(page);
		const field = page.getByLabel('Your response', { exact: true });
		await page.getByRole('button', { name: 'Post response' }).click();
		await expect(page.locator('#new-post-error')).toHaveText('Write something before posting.');
		await expect(field).toHaveAttribute('aria-invalid', 'true');
		await expect(field).toHaveAttribute('aria-describedby', /new-post-error/);

		await field.fill('x'.repeat(10_001));
		await page.getByRole('button', { name: 'Post response' }).click();
		await expect(page.locator('#new-post-error')).toHaveText(
			'Posts can be at most 10,000 characters.'
		);

		const id = await writePost(page, 1, unique('First'));
		// A second post within 30 s: the rate limit's message, and the text is kept.
		await page.getByLabel('Your response', { exact: true }).fill('Too soon');
		await page.getByRole('button', { name: 'Post response' }).click();
		await expect(page.locator('#new-post-error')).toHaveText(
			/^You can post again in \d+ seconds?\.$/
		);
		await expect(page.getByLabel('Your response', { exact: true })).toHaveValue('Too soon');

		// A report with "Something else" needs a note.
		const gus = await joinIn(page.context().browser()!, 'Gus Reporter');
		await report(gus.page, 1, id, 'Fay Mistakes', 'Something else');
		await expect(gus.page.locator(`#report-note-${id}-error`)).toHaveText(
			'Tell the moderators what is wrong with this post.'
		);
		await gus.context.close();
	});

	test('a suspended account reads but cannot post, and is told until when', async ({ page }) => {
		const hal = await join(page, 'Hal Suspended');
		const until = Date.UTC(2099, 0, 2, 3, 4);
		await sql('UPDATE users SET suspended_until = ? WHERE email = ?', [until, hal.email]);
		await page.goto(thread(1));
		await expect(page.getByRole('main')).toContainText(
			'Your account is suspended until 2099-01-02 03:04 UTC.'
		);
		await expect(page.getByLabel('Your response', { exact: true })).toHaveCount(0);
	});

	test('a visitor who is not signed in reads, and is offered to sign in', async ({
		page,
		browser
	}) => {
		const author = await joinIn(browser, 'Ivy Visible');
		const id = await writePost(author.page, 1, unique('Readable'));
		await page.goto(`${thread(1)}/post/${id}`);
		await expect(postBox(page, id)).toBeVisible();
		await expect(page.getByRole('link', { name: 'Sign in' }).last()).toHaveAttribute(
			'href',
			`/login?next=${encodeURIComponent(thread(1))}`
		);
		await expect(page.locator('summary')).toHaveCount(0);
		await expect(page.getByLabel('Your response', { exact: true })).toHaveCount(0);
		await author.context.close();
	});
});

test.describe('new replies since the last visit', () => {
	test('/ and /account show replies to your posts; viewing the list marks them seen', async ({
		page,
		browser
	}) => {
		await join(page, 'Jo Asker');
		const id = await writePost(page, 3, unique('Anyone?'));
		const kim = await joinIn(browser, 'Kim Answerer');
		const answer = await reply(kim.page, 3, id, 'Jo Asker', unique('Yes, here'));

		await page.goto('/');
		const link = page.getByRole('link', { name: '1 new reply to your posts' });
		await expect(link).toBeVisible();
		await link.click();
		await expect(page).toHaveURL('/account#replies');
		const replies = page.getByRole('region', { name: 'Replies to your posts' });
		await expect(replies).toContainText('1 new reply since your last visit');
		await expect(replies.getByRole('link', { name: 'Kim Answerer replied' })).toHaveAttribute(
			'href',
			`${thread(3)}/post/${answer}`
		);
		await replies.getByRole('link', { name: 'Kim Answerer replied' }).click();
		await expect(postBox(page, answer)).toBeVisible();

		await page.goto('/account');
		await expect(page.getByRole('region', { name: 'Replies to your posts' })).toContainText(
			'No new replies since your last visit.'
		);
		await page.goto('/');
		await expect(page.getByRole('link', { name: /new repl(y|ies) to your posts/ })).toHaveCount(0);
		await kim.context.close();
	});
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('post, reply, edit, delete and report with plain form posts', async ({ page, browser }) => {
		test.setTimeout(60_000);
		await join(page, 'Lee NoScript');
		const id = await writePost(page, 3, unique('Plain form post'), false);
		await expect(page.getByRole('status')).toHaveText('Your response is posted.');
		await expect(page.getByLabel('Your response', { exact: true })).toHaveValue('');
		const box = postBox(page, id);

		// A refused form comes back with its message, on a full page load.
		await page.goto(thread(3));
		await page.getByRole('button', { name: 'Post response' }).click();
		await expect(page.locator('#new-post-error')).toHaveText('Write something before posting.');

		await page.goto(`${thread(3)}/post/${id}`);
		await box.getByText('Edit your post', { exact: true }).click();
		await box.getByLabel('Your post').fill('Edited without script');
		await box.getByRole('button', { name: 'Save changes' }).click();
		await expect(box).toContainText('Edited without script');
		await expect(box.locator('header')).toContainText('edited');

		const mo = await joinIn(browser, 'Mo NoScript', { javaScriptEnabled: false });
		const replyId = await reply(mo.page, 3, id, 'Lee NoScript', 'A reply without script', false);
		await expect(mo.page.locator(`[id="post-${id}"] > ol > [id="post-${replyId}"]`)).toContainText(
			'A reply without script'
		);
		await report(mo.page, 3, id, 'Lee NoScript', 'Off topic', 'Not about the article', false);
		await expect(mo.page.getByRole('status')).toHaveText(
			'Thank you: a moderator will look at your report.'
		);
		await expect(postBox(mo.page, id)).toContainText('You reported this post.');
		await expect(postBox(mo.page, id).getByText('Report post by Lee NoScript')).toHaveCount(0);

		await page.goto(`${thread(3)}/post/${id}`);
		await box.getByText('Delete your post', { exact: true }).click();
		await box.getByRole('button', { name: 'Delete post' }).click();
		await expect(box.locator('.placeholder')).toHaveText('[deleted]');
		await mo.context.close();
	});
});

test.describe('axe finds no WCAG 2.2 A/AA violation', () => {
	test('thread page with posts and open forms, light and dark schemes', async ({
		page,
		browser
	}) => {
		// axe walks every post and form of a full page: minutes on a loaded machine.
		test.setTimeout(90_000);
		const author = await joinIn(browser, 'Nia Axe');
		const id = await writePost(author.page, 1, unique('Checked by axe'));
		await author.page.goto(`${thread(1)}/post/${id}`);
		await expect(postBox(author.page, id)).toBeVisible();
		await join(page, 'Oz Axe');
		await page.goto(`${thread(1)}/post/${id}`);
		await hydrated(page);
		await openEveryForm(page, id);
		await expectNoAxeViolationsInBothSchemes(page);
		// The author's own post, with its edit and delete forms open.
		await hydrated(author.page);
		await openEveryForm(author.page, id);
		await expect(postBox(author.page, id).getByLabel('Your post')).toBeVisible();
		await expectNoAxeViolationsInBothSchemes(author.page);
		await page.goto(DISCUSS);
		await expectNoAxeViolationsInBothSchemes(page);
		await author.context.close();
	});

	test('a refused form, with its messages, at 375 px', async ({ page }) => {
		await page.setViewportSize({ width: 375, height: 800 });
		await join(page, 'Pat Axe');
		await page.goto(thread(1));
		await hydrated(page);
		await page.getByRole('button', { name: 'Post response' }).click();
		await expect(page.locator('#new-post-error')).toBeVisible();
		await expectNoAxeViolations(page);
		const widths = await page.evaluate(() => ({
			viewport: document.documentElement.clientWidth,
			document: document.documentElement.scrollWidth
		}));
		expect(widths.document).toBeLessThanOrEqual(widths.viewport);
	});
});

async function openEveryForm(page: Page, id: string) {
	for (const summary of await postBox(page, id).locator('summary').all()) await summary.click();
	await expect(postBox(page, id).locator('details[open]')).not.toHaveCount(0);
}
