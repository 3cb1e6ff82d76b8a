import { redirect } from '@sveltejs/kit';
import { authorize } from '$lib/server/auth/actor';
import { awaitsTeacherApproval } from '$lib/server/auth/sign-up';
import { database } from '$lib/server/db';
import { safeNext } from '$lib/server/redirects';
import type { PageServerLoad } from './$types';

// Where a sign-up that asked to teach lands when an administrator must grant it first.
export const load: PageServerLoad = async (event) => {
	const actor = authorize(event, 'account.manage')!;
	const next = safeNext(event.url);
	if (!(await awaitsTeacherApproval(database().db, actor.id))) redirect(303, next);
	return { next };
};
