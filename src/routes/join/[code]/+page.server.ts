import { fail, redirect } from '@sveltejs/kit';
import { can } from '$lib/access';
import { formatJoinCode } from '$lib/classroom';
import { actorOf, authorize } from '$lib/server/auth/actor';
import { classRelation } from '$lib/server/classroom';
import { joinWithCode, lookUpJoinCode } from '$lib/server/classroom-join';
import { database } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

/** A join link: says which class the code opens and asks before joining (a GET never joins). */
export const load: PageServerLoad = async (event) => {
	const actor = actorOf(event.locals.user);
	if (!actor || actor.isGuest) authorize(event, 'class.join');
	if (!can(actor, 'class.join')) return { mayJoin: false as const };
	const { db } = database();
	const found = await lookUpJoinCode(db, actor!.id, event.params.code);
	if (!found.ok) return { mayJoin: true as const, problem: found.message, cls: null };
	const member = (await classRelation(db, found.cls.id, actor!.id)) === 'member';
	return {
		mayJoin: true as const,
		problem: null,
		cls: { ...found.cls, code: formatJoinCode(found.code), member }
	};
};

export const actions: Actions = {
	join: async (event) => {
		const actor = authorize(event, 'class.join')!;
		const result = await joinWithCode(database().db, actor.id, event.params.code);
		if (!result.ok) return fail(result.status, { problem: result.message });
		redirect(303, `/classes/${result.cls.id}?notice=joined`);
	}
};
