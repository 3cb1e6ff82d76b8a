import { redirect } from '@sveltejs/kit';
import { forgotPasswordSchema } from '$lib/server/auth/forms';
import { retryMessage } from '$lib/server/auth/rate-limit';
import { database } from '$lib/server/db';
import { invalid, parseForm } from '$lib/server/forms';
import { mailEnabled } from '$lib/server/mail';
import { RESET_REQUESTED, requestPasswordReset } from '$lib/server/password-reset';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => ({
	byMail: mailEnabled(),
	sent: url.searchParams.get('sent') === '1' ? RESET_REQUESTED : null
});

export const actions: Actions = {
	/** Sends a reset link if an account has the address; the answer is the same either way. */
	default: async (event) => {
		const form = await event.request.formData();
		const values = { email: String(form.get('email') ?? '').slice(0, 254) };
		if (!mailEnabled()) {
			return invalid(
				409,
				{
					form: 'This server sends no e-mail. Ask your teacher or an administrator to reset your password.'
				},
				values
			);
		}
		const parsed = parseForm(forgotPasswordSchema, form);
		if (!parsed.ok) return invalid(400, parsed.errors, values);
		const result = await requestPasswordReset(database().db, {
			email: parsed.data.email,
			address: event.getClientAddress(),
			origin: event.url.origin
		});
		if (!result.ok) {
			return invalid(
				429,
				{ form: `Too many reset links asked for. ${retryMessage(result.retryAfterMs)}` },
				values
			);
		}
		redirect(303, '/forgot?sent=1');
	}
};
