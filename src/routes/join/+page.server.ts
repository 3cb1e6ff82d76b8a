import { redirect } from '@sveltejs/kit';
import { can } from '$lib/access';
import { actorOf, authorize } from '$lib/server/auth/actor';
import { joinWithCode } from '$lib/server/classroom-join';
import { database } from '$lib/server/db';
import { refused } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const actor = actorOf(event.locals.user);
	// A visitor who is not signed in is sent to sign in first, and comes back here.
	if (!actor || actor.isGuest) authorize(event, 'class.join');
	return { mayJoin: can(actor, 'class.join') };
};

export const actions: Actions = {
	join: async (event) => {
		const actor = authorize(event, 'class.join')!;
		const form = await event.request.formData();
		const typed = form.get('code');
		const values = { code: typeof typed === 'string' ? typed.slice(0, 64) : '' };
		const result = await joinWithCode(database().db, actor.id, typed ?? undefined);
		if (!result.ok) return refused({ ...result, field: 'code' }, { values });
		redirect(303, `/classes/${result.cls.id}?notice=joined`);
	}
};
