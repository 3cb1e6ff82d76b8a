import { redirect } from '@sveltejs/kit';
import { signUpSchema } from '$lib/server/auth/forms';
import { configuredTeacherSignup, signUp } from '$lib/server/auth/sign-up';
import { database } from '$lib/server/db';
import { invalid, parseForm, refused } from '$lib/server/forms';
import { nextQuery, safeNext } from '$lib/server/redirects';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user && !locals.user.isGuest) redirect(303, safeNext(url));
	return {
		isGuest: Boolean(locals.user?.isGuest),
		// Kept on the way back to sign-in, and by the form (it posts to this address).
		nextQuery: nextQuery(url),
		teachersNeedApproval: configuredTeacherSignup() === 'approval'
	};
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
		const result = await signUp(event, database().db, parsed.data);
		if (!result.ok) return refused(result, { values });
		const next = safeNext(event.url);
		if (result.teacherRequested) {
			redirect(303, `/signup/requested?next=${encodeURIComponent(next)}`);
		}
		redirect(303, next);
	}
};
