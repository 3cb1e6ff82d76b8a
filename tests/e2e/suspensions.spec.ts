// Lifting a suspension early from the moderation page: listed with who, where and until when,
// lifted by a plain form post (no JavaScript), and the person can post again at once. axe on
// the page with the list showing.
import { randomUUID } from 'node:crypto';
import { expectNoAxeViolations } from './support/axe';
import { hydrated, join, joinIn, thread } from './support/discussion';
import { expect, sql, test } from './support/fixtures';
import { makeUser } from './support/actors';

const DAY_MS = 86_400_000;

async function suspend(email: string, reason: string) {
	await sql('UPDATE users SET suspended_until = ?, suspension_reason = ? WHERE email = ?', [
		Date.now() + 7 * DAY_MS,
		reason,
		email
	]);
}

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('a moderator lifts a learner’s suspension early; they can post again', async ({
		page,
		browser
	}) => {
		test.setTimeout(60_000);
		const name = `Kit Suspended ${randomUUID().slice(0, 6)}`;
		const learner = await joinIn(browser, name, { javaScriptEnabled: false });
		await suspend(learner.email, 'Cooling off');
		await learner.page.goto(thread(3));
		await expect(
			learner.page.getByText(/^Your account is suspended until .* UTC\.$/)
		).toBeVisible();

		await join(page, 'Lu NoScript Moderator', { role: 'moderator' });
		await page.goto('/moderation');
		const entry = page.getByRole('listitem').filter({ hasText: name });
		await expect(entry).toContainText('everywhere, until');
		await expect(entry).toContainText('“Cooling off”');
		await page.getByRole('button', { name: `Lift suspension of ${name}` }).click();
		await expect(page.getByRole('status')).toHaveText(
			'The suspension is lifted: they can post again.'
		);
		await expect(page.getByRole('button', { name: `Lift suspension of ${name}` })).toHaveCount(0);

		await learner.page.goto(thread(3));
		await expect(learner.page.getByLabel('Your response', { exact: true })).toBeVisible();
		await learner.context.close();
	});
});

test('a moderator sees no lift button for a suspended moderator, and the page passes axe', async ({
	page
}) => {
	test.setTimeout(60_000);
	const name = `Mo Suspended ${randomUUID().slice(0, 6)}`;
	// Made in the database: the colleague never opens a page.
	const colleague = await makeUser({ displayName: name, role: 'moderator' });
	await suspend(colleague.email, 'Set by an admin');

	await join(page, 'Ned Moderator', { role: 'moderator' });
	await page.goto('/moderation');
	await hydrated(page);
	await expect(page.getByRole('listitem').filter({ hasText: name })).toBeVisible();
	await expect(page.getByRole('button', { name: `Lift suspension of ${name}` })).toHaveCount(0);
	await expectNoAxeViolations(page);
});
