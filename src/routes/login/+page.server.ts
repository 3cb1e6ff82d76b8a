import { redirect } from '@sveltejs/kit';
import { signInSchema } from '$lib/server/auth/forms';
import { signIn } from '$lib/server/auth/sign-in';
import { database } from '$lib/server/db';
import { invalid, parseForm, refused } from '$lib/server/forms';
import { mailEnabled } from '$lib/server/mail';
import { nextQuery, safeNext } from '$lib/server/redirects';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user && !locals.user.isGuest) redirect(303, safeNext(url));
	return {
		// Kept on the way to sign-up, so a new account still ends where the visitor was going.
		nextQuery: nextQuery(url),
		// Without mail, a forgotten password is a teacher's or an administrator's to reset.
		forgotByMail: mailEnabled(),
		passwordReset: url.searchParams.get('reset') === 'done'
	};
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const values = { identifier: String(form.get('identifier') ?? '').slice(0, 254) };
		const parsed = parseForm(signInSchema, form);
		if (!parsed.ok) return invalid(400, parsed.errors, values);
		const result = await signIn(event, database().db, parsed.data.identifier, parsed.data.password);
		if (!result.ok) return refused(result, { values });
		redirect(303, safeNext(event.url));
	}
};
