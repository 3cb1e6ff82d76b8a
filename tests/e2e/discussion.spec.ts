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
	postBox,
	postOverHttp,
	reply,
	report,
	signInAgain,
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
		// Written through the thread's form action (the composer has its own tests).
		await postOverHttp(page.request, 3, unique('Counted'));
		await page.goto(DISCUSS);
		expect(await count()).toBeGreaterThan(before);
	});

	test('an unknown prompt or post answers 404', async ({ page }) => {
		// One in the browser; the others' answers (status and the page's heading) over HTTP.
		const first = `${DISCUSS}/99`;
		const response = await page.goto(first);
		expect(response?.status(), first).toBe(404);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('We couldn’t find that page');
		for (const path of [
			`${DISCUSS}/0`,
			`${DISCUSS}/1x`,
			`${DISCUSS}/1/post/${randomUUID()}`,
			`${DISCUSS}/1?post=nope`,
			`/lessons/no-such-article/discuss/1`
		]) {
			const answer = await page.request.get(path);
			expect(answer.status(), path).toBe(404);
			const headings = [...(await answer.text()).matchAll(/<h1\b[^>]*>([\s\S]*?)<\/h1>/g)];
			expect(
				headings.map((h) => h[1]!.replace(/<!--[\s\S]*?-->/g, '').trim()),
				path
			).toEqual(['We couldn’t find that page']);
		}
	});
});

test.describe('writing in a thread', () => {
	test('the boxes empty once a post or reply is in, and keep the text when refused', async ({
		page
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

		// Ben, in the same browser once Ana is done with it.
		await join(page, 'Ben Composer');
		await reply(page, 1, id, 'Ana Composer', unique('A reply'));
		await expect(page.getByRole('status')).toHaveText('Your reply is posted.');
		const box = postBox(page, id);
		await box.getByText('Reply to Ana Composer', { exact: true }).click();
		await expect(box.getByLabel('Your reply to Ana Composer')).toHaveValue('');
	});

	test('post, reply, edit within the window (marked edited), delete (replies stay)', async ({
		page
	}) => {
		const ana = await join(page, 'Ana Poster');
		const first = unique('NATO’s promise');
		const id = await writePost(page, 1, `${first} was **never** written down.`);
		await expect(page.getByRole('status')).toHaveText('Your response is posted.');
		const box = postBox(page, id);
		await expect(box).toContainText(first);
		await expect(box.locator('strong')).toHaveText('never');
		await expect(box.locator('header')).toContainText('Ana Poster');

		// Ben replies (through the reply form's action: the form is walked by the tests about it).
		await join(page, 'Ben Replier');
		const replyText = unique('Ben answers');
		const replyId = await postOverHttp(page.request, 1, replyText, id);
		await signInAgain(page, ana);

		// Ana edits: the form holds her Markdown, and the post is marked edited.
		await page.goto(`${thread(1)}/post/${id}`);
		await hydrated(page);
		// Ben's reply is nested under Ana's post, in its list of replies.
		await expect(page.locator(`[id="post-${id}"] > ol > [id="post-${replyId}"]`)).toContainText(
			replyText
		);
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
	});

	test('replies nest to depth 4; a deeper reply attaches there, saying whom it answers', async ({
		page
	}) => {
		// Cat and Dan take turns in one browser, writing through the thread's form actions (the
		// forms are walked by the tests about them); the page shows where the server put each.
		const dan = await join(page, 'Dan Deep');
		const cat = await join(page, 'Cat Deep');
		const as = async (who: { id: string }, write: () => Promise<string>) => {
			await signInAgain(page, who);
			return write();
		};
		const top = await postOverHttp(page.request, 3, unique('Depth one'));
		const d2 = await as(dan, () => postOverHttp(page.request, 3, unique('Depth two'), top));
		await allowNextPost(cat.email);
		const d3 = await as(cat, () => postOverHttp(page.request, 3, unique('Depth three'), d2));
		await allowNextPost(dan.email);
		const d4 = await as(dan, () => postOverHttp(page.request, 3, unique('Depth four'), d3));
		await allowNextPost(cat.email);
		const deeper = await as(cat, () => postOverHttp(page.request, 3, unique('Beyond four'), d4));
		await page.goto(`${thread(3)}/post/${deeper}`);
		await hydrated(page);
		// Every post of the chain, the depth-4 one too, offers its reply form.
		for (const [id, author] of [
			[top, 'Cat Deep'],
			[d2, 'Dan Deep'],
			[d3, 'Cat Deep'],
			[d4, 'Dan Deep']
		] as const) {
			await expect(
				postBox(page, id).getByText(`Reply to ${author}`, { exact: true })
			).toBeVisible();
		}

		const chain = [top, d2, d3, d4].map((id) => `[id="post-${id}"]`).join(' > ol > ');
		await expect(page.locator(`${chain} > article`)).toContainText('Depth four');
		// The deeper reply sits beside the depth-4 post, under the same parent.
		const beside = page.locator(
			`${[top, d2, d3].map((id) => `[id="post-${id}"]`).join(' > ol > ')} > ol > [id="post-${deeper}"]`
		);
		await expect(beside.locator('> article header')).toContainText('replying to Dan Deep');
		await expect(postBox(page, d4).locator('header')).not.toContainText('replying to');
	});

	test('every post has a permalink that finds its page, in either order', async ({ page }) => {
		const eve = await join(page, 'Eve Linker');
		// Written through the thread's form action (the composer has its own tests).
		const id = await postOverHttp(page.request, 3, unique('Find me'));
		// 21 older posts ahead of it: in oldest-first order it cannot be on page 1.
		const [threadRow] = (
			await sql(
				`SELECT t.id FROM threads t JOIN prompts p ON p.id = t.prompt_id
				 WHERE p.number = 3 AND t.scope = 'public' AND p.archived_at IS NULL`
			)
		).rows;
		const fillers = Array.from({ length: 21 }, () => randomUUID());
		await sql(
			`INSERT INTO posts (id, thread_id, author_id, root_id, depth, body, html, status, created_at)
			 VALUES ${fillers.map(() => `(?, ?, ?, ?, 1, 'Older', '<p>Older</p>', 'visible', ?)`).join(', ')}`,
			fillers.flatMap((filler, i) => [filler, String(threadRow!.id), eve.id, filler, 1_000 + i])
		);
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

		// Written through the composer's form action, as the form sends them (the composer has its
		// own tests); every page that shows one of them is then opened in the browser.
		const ids: string[] = [];
		for (const body of bodies) {
			await allowNextPost(mallory.email);
			ids.push(await postOverHttp(page.request, 1, `${unique('Payload')}\n\n${body}`));
		}
		// Typed HTML shows as the text that was typed.
		await page.goto(`${thread(1)}/post/${ids[0]}`);
		await hydrated(page);
		await expect(postBox(page, ids[0]!)).toContainText(singles[0]!);

		// Each post's page, checked whole: once per page, however many of the posts it shows.
		const unchecked = new Set(ids);
		for (let id = ids[0]; id !== undefined; id = [...unchecked][0]) {
			if (id !== ids[0]) {
				await page.goto(`${thread(1)}/post/${id}`);
				await hydrated(page);
			}
			await expect(postBox(page, id)).toBeAttached();
			const shown = await page
				.locator('li[id^="post-"]')
				.evaluateAll((items) => items.map((li) => li.id.slice('post-'.length)));
			for (const other of shown) unchecked.delete(other);
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

		// A post gets in (through the form's action, from this page's session)...
		const id = await postOverHttp(page.request, 1, unique('First'));
		// ...so a second one within 30 s: the rate limit's message, and the text is kept.
		await page.getByLabel('Your response', { exact: true }).fill('Too soon');
		await page.getByRole('button', { name: 'Post response' }).click();
		await expect(page.locator('#new-post-error')).toHaveText(
			/^You can post again in \d+ seconds?\.$/
		);
		await expect(page.getByLabel('Your response', { exact: true })).toHaveValue('Too soon');

		// A report with "Something else" needs a note (Gus, in the same browser once Fay is done).
		await join(page, 'Gus Reporter');
		await report(page, 1, id, 'Fay Mistakes', 'Something else');
		await expect(page.locator(`#report-note-${id}-error`)).toHaveText(
			'Tell the moderators what is wrong with this post.'
		);
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

	test('a visitor who is not signed in reads, and is offered to sign in', async ({ page }) => {
		// Ivy writes (through the form's action), then the browser is a visitor's: no session.
		await join(page, 'Ivy Visible');
		const id = await postOverHttp(page.request, 1, unique('Readable'));
		await page.context().clearCookies();
		await page.goto(`${thread(1)}/post/${id}`);
		await expect(postBox(page, id)).toBeVisible();
		await expect(page.getByRole('link', { name: 'Sign in' }).last()).toHaveAttribute(
			'href',
			`/login?next=${encodeURIComponent(thread(1))}`
		);
		await expect(page.locator('summary')).toHaveCount(0);
		await expect(page.getByLabel('Your response', { exact: true })).toHaveCount(0);
	});
});

test.describe('new replies since the last visit', () => {
	test('/ and /account show replies to your posts; viewing the list marks them seen', async ({
		page
	}) => {
		// Jo asks and Kim answers through the thread's form actions (walked by their own tests).
		const jo = await join(page, 'Jo Asker');
		const id = await postOverHttp(page.request, 3, unique('Anyone?'));
		await join(page, 'Kim Answerer');
		const answer = await postOverHttp(page.request, 3, unique('Yes, here'), id);
		await signInAgain(page, jo);

		// (The HTML of the home page names the replies: the check over HTTP below can see them.)
		expect(await (await page.request.get('/')).text()).toContain('to your posts');
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
		// The home page, already seen in the browser with its link: now without it, over HTTP.
		const home = await page.request.get('/');
		expect(home.status()).toBe(200);
		expect(await home.text()).not.toMatch(/new\s*(<!--[^>]*-->\s*)*repl(y|ies)/);
		expect(await home.text()).not.toContain('to your posts');
	});
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('post, reply, edit, delete and report with plain form posts', async ({ page }) => {
		test.setTimeout(60_000);
		const lee = await join(page, 'Lee NoScript');
		const id = await writePost(page, 3, unique('Plain form post'), false);
		await expect(page.getByRole('status')).toHaveText('Your response is posted.');
		await expect(page.getByLabel('Your response', { exact: true })).toHaveValue('');
		const box = postBox(page, id);

		// A refused form comes back with its message, on a full page load (the thread's page
		// the post landed on has the composer too).
		await page.getByRole('button', { name: 'Post response' }).click();
		await expect(page.locator('#new-post-error')).toHaveText('Write something before posting.');

		await page.goto(`${thread(3)}/post/${id}`);
		await box.getByText('Edit your post', { exact: true }).click();
		await box.getByLabel('Your post').fill('Edited without script');
		await box.getByRole('button', { name: 'Save changes' }).click();
		await expect(box).toContainText('Edited without script');
		await expect(box.locator('header')).toContainText('edited');

		// Mo, in the same browser (still without script) once Lee is done with it.
		await join(page, 'Mo NoScript');
		const replyId = await reply(page, 3, id, 'Lee NoScript', 'A reply without script', false);
		await expect(page.locator(`[id="post-${id}"] > ol > [id="post-${replyId}"]`)).toContainText(
			'A reply without script'
		);
		// The reply landed on the page that shows Lee's post: Mo reports it from there.
		await box.getByText('Report post by Lee NoScript', { exact: true }).click();
		await box.getByLabel('Why are you reporting it?').selectOption({ label: 'Off topic' });
		await box.getByLabel('Note for the moderators').fill('Not about the article');
		await box.getByRole('button', { name: 'Send report' }).click();
		await expect(page.getByRole('status')).toHaveText(
			'Thank you: a moderator will look at your report.'
		);
		await expect(box).toContainText('You reported this post.');
		await expect(box.getByText('Report post by Lee NoScript')).toHaveCount(0);

		await signInAgain(page, lee);
		await page.goto(`${thread(3)}/post/${id}`);
		await box.getByText('Delete your post', { exact: true }).click();
		await box.getByRole('button', { name: 'Delete post' }).click();
		await expect(box.locator('.placeholder')).toHaveText('[deleted]');
	});
});

test.describe('axe finds no WCAG 2.2 A/AA violation', () => {
	test('thread page with posts and open forms, light and dark schemes', async ({ page }) => {
		// axe walks every post and form of a full page: minutes on a loaded machine.
		test.setTimeout(90_000);
		// Nia writes (through the form's action); Oz, then Nia, look at it in the same browser.
		const author = await join(page, 'Nia Axe');
		const id = await postOverHttp(page.request, 1, unique('Checked by axe'));
		await join(page, 'Oz Axe');
		await page.goto(`${thread(1)}/post/${id}`);
		await hydrated(page);
		await openEveryForm(page, id);
		await expectNoAxeViolationsInBothSchemes(page);
		await page.goto(DISCUSS);
		await expectNoAxeViolationsInBothSchemes(page);
		// The author's own post, with its edit and delete forms open.
		await signInAgain(page, author);
		await page.goto(`${thread(1)}/post/${id}`);
		await expect(postBox(page, id)).toBeVisible();
		await hydrated(page);
		await openEveryForm(page, id);
		await expect(postBox(page, id).getByLabel('Your post')).toBeVisible();
		await expectNoAxeViolationsInBothSchemes(page);
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
