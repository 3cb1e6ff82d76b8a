import { fail } from '@sveltejs/kit';
import { authorize } from '$lib/server/auth/actor';
import { database } from '$lib/server/db';
import { echo, parseForm } from '$lib/server/forms';
import {
	addPlatform,
	ltiAdminView,
	platformForm,
	platformIdForm,
	removePlatform,
	rotateToolKey
} from '$lib/server/lti/admin';
import { makeRegistrationLink } from '$lib/server/lti/register-access';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	authorize(event, 'lti.manage');
	return ltiAdminView(database().db, event.url.origin);
};

const FIELDS = ['name', 'issuer', 'clientId', 'authUrl', 'tokenUrl', 'jwksUrl', 'deploymentIds'];

export const actions: Actions = {
	addPlatform: async (event) => {
		authorize(event, 'lti.manage');
		const form = await event.request.formData();
		const parsed = parseForm(platformForm, form);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: echo(form, FIELDS) });
		await addPlatform(database().db, event.locals.user!, parsed.data);
		return { done: 'The LMS is registered.' };
	},
	removePlatform: async (event) => {
		authorize(event, 'lti.manage');
		const parsed = parseForm(platformIdForm, await event.request.formData());
		if (!parsed.ok) return fail(400, { errors: { form: Object.values(parsed.errors)[0]! } });
		if (!(await removePlatform(database().db, event.locals.user!, parsed.data.platformId))) {
			return fail(404, { errors: { form: 'That LMS is not registered (any more).' } });
		}
		return { done: 'The LMS is removed: it can no longer launch Lectern.' };
	},
	makeLink: async (event) => {
		authorize(event, 'lti.manage');
		const link = await makeRegistrationLink(database().db, event.locals.user!.id, event.url.origin);
		return {
			done: 'A registration link is ready (shown once, valid for a week, used once).',
			link
		};
	},
	rotateKey: async (event) => {
		authorize(event, 'lti.manage');
		await rotateToolKey(database().db, event.locals.user!);
		return { done: 'A new signing key is in use; the previous one stays published for a week.' };
	}
};
