import { redirect } from '@sveltejs/kit';
import { deleteSessionCookie, invalidateSession } from '$lib/server/auth/session';
import { database } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({
	signedIn: Boolean(locals.user && !locals.user.isGuest)
});

export const actions: Actions = {
	default: async ({ locals, cookies }) => {
		if (locals.session) await invalidateSession(database().db, locals.session.id);
		deleteSessionCookie(cookies);
		redirect(303, '/');
	}
};
