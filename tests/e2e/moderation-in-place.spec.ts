// Issue 10, items 7, 8 and 10 (times): a class's teacher hides and restores a post from the
// class thread itself (with and without JavaScript), and is never offered the site-wide
// suspension on /moderation (only "in this class"); an author is told on / and /account that
// their post is hidden, why, and where; class thread times are in the class's time zone.
import { randomUUID } from 'node:crypto';
import { expectNoAxeViolations } from './support/axe';
import { SLUG, hydrated, joinIn, postBox, thread } from './support/discussion';
import { expect, sql, test } from './support/fixtures';
import { makeUser, signedIn } from './support/actors';
import {
	htmlAt,
	httpPerson,
	mainText,
	postForm,
	seeOther,
	textsOfRole,
	writeOverHttp,
	writePostOverHttp
} from './support/admin-group';

const unique = (label: string) => `${label} ${randomUUID().slice(0, 8)}`;

async function idOf(email: string): Promise<string> {
	const { rows } = await sql('SELECT id FROM users WHERE email = ?', [email]);
	return String(rows[0]!.id);
}

/**
 * A class of `teacher` in `timeZone` with `student` in it and the seed article assigned (set up
 * in the database: the class pages' own journeys are proved elsewhere).
 */
async function classOf(
	teacher: { email: string },
	student: { email: string },
	timeZone = 'Asia/Tokyo'
) {
	const classId = randomUUID();
	const className = unique('Class 7B');
	await sql('INSERT INTO classes (id, teacher_id, name, time_zone) VALUES (?, ?, ?, ?)', [
		classId,
		await idOf(teacher.email),
		className,
		timeZone
	]);
	await sql('INSERT INTO class_members (class_id, user_id, joined_at) VALUES (?, ?, ?)', [
		classId,
		await idOf(student.email),
		Date.now()
	]);
	await sql(
		'INSERT INTO assignments (id, class_id, article_id) SELECT ?, ?, id FROM articles WHERE slug = ?',
		[randomUUID(), classId, SLUG]
	);
	const path = `/classes/${classId}/discuss/${SLUG}/1`;
	return { classId, className, path };
}

async function statusOf(postId: string) {
	const { rows } = await sql('SELECT status, hidden_by, hidden_reason FROM posts WHERE id = ?', [
		postId
	]);
	return rows[0];
}

for (const js of [true, false]) {
	test.describe(js ? 'with JavaScript' : 'without JavaScript', () => {
		test.use({ javaScriptEnabled: js });

		test('a teacher hides and restores a post in their class thread, in place', async ({
			browser
		}) => {
			test.setTimeout(90_000);
			const teacher = await joinIn(browser, unique('Ms Hale'), {
				role: 'teacher',
				javaScriptEnabled: js
			});
			// The student acts over HTTP only: writing in a class thread is classes' and
			// discussion's journey; what matters here is what the student is offered.
			const student = await httpPerson(unique('Pat Student'));
			const { path } = await classOf(teacher, student);
			const text = unique('Off-topic rant');
			const id = await writeOverHttp(student.http, path, text);

			await teacher.page.goto(path);
			if (js) await hydrated(teacher.page);
			const box = postBox(teacher.page, id);
			// The teacher's tools are on the post itself.
			await box.getByText(`Hide post by ${student.displayName}`, { exact: true }).click();
			// No reason: refused, the message beside the field.
			await box.getByRole('button', { name: 'Hide post' }).click();
			const reason = postBox(teacher.page, id).getByLabel('Reason for hiding (the author sees it)');
			await expect(reason).toHaveAttribute('aria-invalid', 'true');
			await expect(postBox(teacher.page, id)).toContainText(
				'Give a reason; the author will see it.'
			);
			expect((await statusOf(id))?.status).toBe('visible');

			const why = unique('Please keep to the prompt');
			await reason.fill(why);
			await postBox(teacher.page, id).getByRole('button', { name: 'Hide post' }).click();
			await expect(teacher.page.getByRole('status')).toHaveText(
				'The post is hidden. Its author sees your reason.'
			);
			await expect(postBox(teacher.page, id).locator('.post-notice')).toHaveText(
				`Hidden by a moderator. Reason: ${why}`
			);
			expect(await statusOf(id)).toMatchObject({
				status: 'hidden',
				hidden_by: 'moderator',
				hidden_reason: why
			});
			// Audited like any moderation.
			const { rows } = await sql(
				"SELECT count(*) AS n FROM audit_log WHERE action = 'hide' AND target_id = ?",
				[id]
			);
			expect(Number(rows[0]!.n)).toBe(1);

			await postBox(teacher.page, id)
				.getByRole('button', { name: `Restore post by ${student.displayName}` })
				.click();
			await expect(teacher.page.getByRole('status')).toHaveText('The post is visible again.');
			expect((await statusOf(id))?.status).toBe('visible');
			await expect(postBox(teacher.page, id).locator('.post-notice')).toHaveCount(0);

			// The student has no such tools: their page, as served, neither names nor holds them
			// (the teacher's does both).
			const studentsPage = await htmlAt(student.http, path);
			expect(studentsPage).toContain(`id="post-${id}"`);
			expect(mainText(studentsPage)).not.toContain(`Hide post by ${student.displayName}`);
			expect(studentsPage).not.toContain('?/hide');
			const teachersPage = await htmlAt(teacher.context.request, path);
			expect(mainText(teachersPage)).toContain(`Hide post by ${student.displayName}`);
			expect(teachersPage).toContain('?/hide');
			await teacher.context.close();
			await student.http.dispose();
		});
	});
}

test('a teacher is offered only a class suspension in /moderation, never the site-wide one', async ({
	browser
}) => {
	test.setTimeout(90_000);
	const teacher = await joinIn(browser, unique('Ms Hale'), { role: 'teacher' });
	const student = await httpPerson(unique('Pat Student'));
	const { classId, path } = await classOf(teacher, student);
	const text = unique('Reported in class');
	const id = await writeOverHttp(student.http, path, text);
	await sql(
		"INSERT INTO reports (id, post_id, reporter_id, reason, created_at) VALUES (?, ?, ?, 'spam', ?)",
		[randomUUID(), id, await idOf(teacher.email), Date.now()]
	);

	await teacher.page.goto('/moderation');
	await hydrated(teacher.page);
	const item = teacher.page.locator('article.item', { hasText: text });
	await expect(item).toBeVisible();
	await expect(item.getByRole('button', { name: 'Suspend', exact: true })).toHaveCount(0);
	await item.getByText(`Suspend ${student.displayName} in this class only`).click();
	await expect(item).toContainText('only this class’s discussions are closed to them');
	await expect(item.getByRole('button', { name: 'Suspend in this class' })).toBeVisible();

	// The server refuses the site-wide one to a teacher whatever the form says.
	const origin = new URL(teacher.page.url()).origin;
	const siteWide = await teacher.page.request.post('/moderation?/suspend', {
		form: { userId: await idOf(student.email), duration: '1d', reason: 'Everywhere' },
		headers: { Origin: origin, Accept: 'text/html' },
		maxRedirects: 0
	});
	expect(siteWide.status()).toBe(403);
	const { rows } = await sql('SELECT suspended_until FROM users WHERE email = ?', [student.email]);
	expect(rows[0]!.suspended_until).toBeNull();

	// The class one goes through, and is limited to the class.
	await item.getByLabel('Reason (recorded in the audit log)').fill('Spamming the class');
	await item.getByRole('button', { name: 'Suspend in this class' }).click();
	await expect(teacher.page.getByRole('status')).toContainText('The user is suspended');
	const member = await sql(
		'SELECT suspended_until FROM class_members WHERE class_id = ? AND user_id = ?',
		[classId, await idOf(student.email)]
	);
	expect(Number(member.rows[0]!.suspended_until)).toBeGreaterThan(Date.now());
	const site = await sql('SELECT suspended_until FROM users WHERE email = ?', [student.email]);
	expect(site.rows[0]!.suspended_until).toBeNull();
	await teacher.context.close();
	await student.http.dispose();
});

test('class thread times are in the class’s time zone', async ({ page }) => {
	test.setTimeout(60_000);
	// The student is the test's own page; the teacher never needs a browser.
	const teacher = await makeUser({ role: 'teacher', displayName: unique('Ms Hale') });
	const student = await signedIn(page, { displayName: unique('Pat Student') });
	const { path } = await classOf(teacher, student, 'Asia/Tokyo');
	const id = await writeOverHttp(page.request, path, unique('On time'));
	await page.goto(path);
	const time = postBox(page, id).locator('time');
	const iso = (await time.getAttribute('datetime'))!;
	const expected = new Intl.DateTimeFormat('en-GB', {
		day: 'numeric',
		month: 'short',
		year: 'numeric',
		hour: '2-digit',
		minute: '2-digit',
		timeZone: 'Asia/Tokyo',
		timeZoneName: 'short'
	}).format(new Date(iso));
	await expect(time).toHaveText(expected);
	await expect(time).toContainText('GMT+9');
	await expect(page.getByRole('main')).toContainText(
		'Times are in the class’s time zone (Asia/Tokyo).'
	);
});

for (const js of [true, false]) {
	test(`an author is told on / and /account that a post is hidden, and why (${js ? 'JS' : 'no JS'})`, async ({
		browser
	}) => {
		test.setTimeout(90_000);
		const author = await joinIn(browser, unique('Sam Author'), { javaScriptEnabled: js });
		const text = unique('A heated reply');
		const id = await writePostOverHttp(author.context.request, 3, text);

		// A moderator hides it from the public thread itself, with the thread's form posted over
		// HTTP (the first test here and admin-log.spec.ts walk hiding in place in a browser).
		const moderator = await httpPerson('Uma In-Place Moderator', { role: 'moderator' });
		const why = unique('Personal attacks are not allowed');
		const hidden = seeOther(
			await postForm(moderator.http, `${thread(3)}?/hide`, { postId: id, reason: why })
		);
		expect(textsOfRole(await htmlAt(moderator.http, hidden), 'status')).toEqual([
			'The post is hidden. Its author sees your reason.'
		]);
		await moderator.http.dispose();

		await author.page.goto('/');
		const home = author.page.getByRole('region', { name: 'One of your posts is hidden' });
		await expect(home).toContainText(`was hidden by a moderator. Reason: “${why}”`);
		await expect(home).toContainText(text);
		const link = home.getByRole('link', { name: /Your post in .*, prompt 3/ });
		await expect(link).toHaveAttribute('href', `${thread(3)}/post/${id}`);

		await author.page.goto('/account');
		const account = author.page.getByRole('region', { name: 'Your hidden posts' });
		await expect(account).toContainText(`Reason: “${why}”`);
		await account.getByRole('link', { name: /Your post in .*, prompt 3/ }).click();
		await expect(author.page).toHaveURL(new RegExp(`#post-${id}$`));
		await expect(postBox(author.page, id).locator('.post-notice')).toHaveText(
			`Hidden by a moderator. Reason: ${why}`
		);

		// Hidden by readers' reports: said so, without a moderator's reason.
		await sql("UPDATE posts SET hidden_by = 'reports', hidden_reason = NULL WHERE id = ?", [id]);
		await author.page.goto('/');
		await expect(
			author.page.getByRole('region', { name: 'One of your posts is hidden' })
		).toContainText('is hidden after several readers reported it, until a moderator reviews it.');
		// axe runs in the page's JavaScript: only where it is on.
		if (js) await expectNoAxeViolations(author.page);

		// Restored: the notice goes.
		await sql("UPDATE posts SET status = 'visible', hidden_by = NULL WHERE id = ?", [id]);
		await author.page.goto('/');
		await expect(
			author.page.getByRole('region', { name: /of your posts (is|are) hidden/ })
		).toHaveCount(0);
		await author.context.close();
	});
}
