import { redirect } from '@sveltejs/kit';
import { resetPasswordSchema } from '$lib/server/auth/forms';
import { database } from '$lib/server/db';
import { invalid, parseForm } from '$lib/server/forms';
import { completePasswordReset, findResetLink } from '$lib/server/password-reset';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, setHeaders }) => {
	setHeaders({ 'Cache-Control': 'private, no-store' });
	const link = await findResetLink(database().db, params.token);
	return { state: link.state };
};

export const actions: Actions = {
	/** Sets the new password, spends the link, and ends every session of the account. */
	default: async (event) => {
		const parsed = parseForm(resetPasswordSchema, await event.request.formData());
		if (!parsed.ok) return invalid(400, parsed.errors);
		const result = await completePasswordReset(
			database().db,
			event.params.token,
			parsed.data.password
		);
		if (result.state !== 'usable') {
			return invalid(409, { form: 'This link no longer works: ask for a new one.' });
		}
		redirect(303, '/login?reset=done');
	}
};
