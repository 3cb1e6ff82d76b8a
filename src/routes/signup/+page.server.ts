import { redirect } from '@sveltejs/kit';
import { signUpSchema } from '$lib/server/auth/forms';
import { LIMITS, RateLimiter, retryMessage } from '$lib/server/auth/rate-limit';
import { startSessionFor } from '$lib/server/auth/sign-in';
import { database } from '$lib/server/db';
import { invalid, parseForm } from '$lib/server/forms';
import { safeNext } from '$lib/server/redirects';
import { createAccount } from '$lib/server/users';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user && !locals.user.isGuest) redirect(303, safeNext(url));
	return { isGuest: Boolean(locals.user?.isGuest) };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const values = {
			email: String(form.get('email') ?? ''),
			displayName: String(form.get('displayName') ?? '')
		};
		const parsed = parseForm(signUpSchema, form);
		if (!parsed.ok) return invalid(400, parsed.errors, values);
		const { db } = database();
		const verdict = await new RateLimiter(db).reserve(
			LIMITS.signUpPerAddress,
			event.getClientAddress()
		);
		if (!verdict.allowed) {
			return invalid(
				429,
				{
					form: `Too many new accounts from this address. ${retryMessage(verdict.retryAfterMs)}`
				},
				values
			);
		}
		const { teacher, ...rest } = parsed.data;
		const created = await createAccount(db, { ...rest, role: teacher ? 'teacher' : 'learner' });
		if (!created.ok) {
			return invalid(
				400,
				{ email: 'An account with this e-mail already exists. Sign in instead.' },
				values
			);
		}
		await startSessionFor(event, db, created.userId);
		redirect(303, safeNext(event.url));
	}
};
