import { error, type RequestEvent } from '@sveltejs/kit';
import { mayResetAsAdmin } from '$lib/access/password-reset';
import { authorize } from '$lib/server/auth/actor';
import { database } from '$lib/server/db';
import { refused } from '$lib/server/forms';
import { findResetAccount, resetByStaff } from '$lib/server/password-reset';
import type { Actions, PageServerLoad } from './$types';

/** An administrator and anyone's account but their own (or a guest's): else a 404. */
async function openAccount(event: RequestEvent<{ id: string }>) {
	const actor = authorize(event, 'user.manage')!;
	const person = await findResetAccount(database().db, event.params.id);
	if (!mayResetAsAdmin(actor, person)) error(404, 'Not found');
	return { actor, person: person! };
}

export const load: PageServerLoad = async (event) => {
	const { person } = await openAccount(event);
	return {
		person: { displayName: person.displayName, login: person.login },
		loginUrl: `${event.url.origin}/login`
	};
};

export const actions: Actions = {
	/** A new one-time password, shown in this response only (for the printed slip). */
	reset: async (event) => {
		const { actor, person } = await openAccount(event);
		const result = await resetByStaff(
			database().db,
			{ id: actor.id, displayName: event.locals.user!.displayName },
			person.id
		);
		if (!result.ok) return refused(result);
		return { slip: { oneTimePassword: result.oneTimePassword } };
	}
};
