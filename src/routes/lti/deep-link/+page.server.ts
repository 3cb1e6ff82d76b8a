// Deep Linking: the teacher picks what the LMS link opens; Lectern answers the LMS with it.
// The one-time token in the address (from the launch) is the permission: no cookie needed.
import { error, fail } from '@sveltejs/kit';
import { database } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { openPicker, pick, pickSchema } from '$lib/server/lti/picker';
import { answerLaunch } from '$lib/server/lti/respond';
import type { Actions, PageServerLoad } from './$types';

const EXPIRED = 'This page has expired. Choose “Add Lectern content” in your LMS again.';

export const load: PageServerLoad = async ({ url }) => {
	// The picker's forms post to the bare address (their token is a field): the page after a
	// choice shows what the action answered, with no picker.
	if (!url.searchParams.has('t')) return { picker: null };
	const t = (url.searchParams.get('t') ?? '').slice(0, 100);
	const picker = t ? await openPicker(database().db, t) : undefined;
	if (!picker) error(400, EXPIRED);
	return { picker: { t, ...picker } };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		// Some LMSs post a deep linking launch straight to the deep linking URL.
		if (form.has('id_token')) return answerLaunch(database().db, form, event.cookies);
		const parsed = parseForm(pickSchema, form);
		if (!parsed.ok) return fail(400, { errors: parsed.errors });
		const picked = await pick(database().db, parsed.data, event.url.origin);
		if (!picked.ok)
			return fail(picked.status, { errors: { [picked.field ?? 'form']: picked.message } });
		event.locals.ltiFormTarget = new URL(picked.returnUrl).origin;
		return { returnTo: { url: picked.returnUrl, jwt: picked.jwt, title: picked.title } };
	}
};
