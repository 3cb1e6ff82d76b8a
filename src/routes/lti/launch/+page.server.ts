// The LTI 1.3 redirect URI: the LMS posts the id_token here (resource links and deep linking).
import { fail, redirect } from '@sveltejs/kit';
import { database } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { completeLaunch } from '$lib/server/lti/flow';
import { STATE_COOKIE, launchFormSchema, validateLaunch } from '$lib/server/lti/launch';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ request, cookies }) => {
		const parsed = parseForm(launchFormSchema, await request.formData());
		if (!parsed.ok) {
			return fail(400, { errors: { form: Object.values(parsed.errors)[0]! } });
		}
		const { db } = database();
		const stateCookie = cookies.get(STATE_COOKIE);
		if (stateCookie !== undefined)
			cookies.delete(STATE_COOKIE, { path: '/lti', secure: true, sameSite: 'none' });
		const valid = await validateLaunch(db, parsed.data, { stateCookie });
		if (!valid.ok) return fail(valid.status, { errors: { form: valid.message } });
		const outcome = await completeLaunch(db, valid.platform, valid.launch);
		if (outcome.kind === 'refused')
			return fail(outcome.status, { errors: { form: outcome.message } });
		if (outcome.kind === 'deep-link') redirect(303, outcome.pickerUrl);
		if (outcome.inWindow) redirect(303, outcome.enterUrl);
		return { launched: outcome };
	}
};
