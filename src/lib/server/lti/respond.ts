// A launch's answer, wherever the LMS posts it: the redirect URI (/lti/launch) and, for the
// LMSs that post deep linking launches to the deep linking URL itself, /lti/deep-link.
import { fail, redirect, type Cookies } from '@sveltejs/kit';
import type { Database } from '../db/client';
import { parseForm } from '../forms';
import { completeLaunch } from './flow';
import { STATE_COOKIE, launchFormSchema, validateLaunch } from './launch';

export async function answerLaunch(db: Database, form: FormData, cookies: Cookies) {
	const parsed = parseForm(launchFormSchema, form);
	if (!parsed.ok) return fail(400, { errors: { form: Object.values(parsed.errors)[0]! } });
	const stateCookie = cookies.get(STATE_COOKIE);
	if (stateCookie !== undefined) {
		cookies.delete(STATE_COOKIE, { path: '/lti', secure: true, sameSite: 'none' });
	}
	const valid = await validateLaunch(db, parsed.data, { stateCookie });
	if (!valid.ok) return fail(valid.status, { errors: { form: valid.message } });
	const outcome = await completeLaunch(db, valid.platform, valid.launch, valid.storage);
	if (outcome.kind === 'refused') {
		return fail(outcome.status, { errors: { form: outcome.message }, kept: outcome.kept ?? false });
	}
	if (outcome.kind === 'deep-link') redirect(303, outcome.pickerUrl);
	// In a window of its own the link is followed at once; the LMS's frame (and its storage) is
	// not there to check.
	if (outcome.inWindow) redirect(303, outcome.enterUrl);
	return { launched: outcome };
}
