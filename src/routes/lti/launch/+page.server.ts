// The LTI 1.3 redirect URI: the LMS posts the id_token here (resource links and deep linking).
import { database } from '$lib/server/db';
import { answerLaunch } from '$lib/server/lti/respond';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ request, cookies }) =>
		answerLaunch(database().db, await request.formData(), cookies)
};
