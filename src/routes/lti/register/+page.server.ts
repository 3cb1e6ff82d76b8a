// LTI Dynamic Registration: the LMS opens this page with its configuration's address and a
// registration token; an administrator (or a registration link's holder) confirms.
import { error, fail } from '@sveltejs/kit';
import { actorOf } from '$lib/server/auth/actor';
import { database } from '$lib/server/db';
import { parseForm, parseValues } from '$lib/server/forms';
import {
	completeRegistration,
	prepareRegistration,
	registerSchema
} from '$lib/server/lti/register-access';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
	const raw = Object.fromEntries(url.searchParams);
	if (!raw.openid_configuration) {
		return { waiting: true as const, key: (raw.key ?? '').slice(0, 100) };
	}
	const parsed = parseValues(registerSchema, raw);
	if (!parsed.ok) error(400, Object.values(parsed.errors)[0]!);
	const view = await prepareRegistration(database().db, actorOf(locals.user), parsed.data);
	if (!view.ok) error(view.status, view.message);
	const platform = view.configuration['https://purl.imsglobal.org/spec/lti-platform-configuration'];
	return {
		waiting: false as const,
		input: parsed.data,
		issuer: view.configuration.issuer,
		product: platform?.product_family_code ?? null
	};
};

export const actions: Actions = {
	default: async (event) => {
		const parsed = parseForm(registerSchema, await event.request.formData());
		if (!parsed.ok) return fail(400, { errors: { form: Object.values(parsed.errors)[0]! } });
		const done = await completeRegistration(
			database().db,
			actorOf(event.locals.user),
			parsed.data,
			event.url.origin
		);
		if (!done.ok) return fail(done.status, { errors: { form: done.message } });
		return {
			registered: {
				name: done.platform.name,
				clientId: done.platform.clientId,
				deploymentId: done.deploymentId
			}
		};
	}
};
