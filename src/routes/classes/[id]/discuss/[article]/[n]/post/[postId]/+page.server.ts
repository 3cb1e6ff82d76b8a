import { error, redirect } from '@sveltejs/kit';
import { openClass } from '$lib/server/classroom-access';
import {
	classThreadLocation,
	openClassThread,
	threadPageQuery
} from '$lib/server/classroom-discussion';
import { database } from '$lib/server/db';
import { locatePost } from '$lib/server/discussion';
import type { PageServerLoad } from './$types';

/** A post's permalink: sent on to the page of the class thread that shows it. */
export const load: PageServerLoad = async (event) => {
	const { cls } = await openClass(event, event.params.id, 'class.view');
	const { db } = database();
	const thread = await openClassThread(db, cls.id, event.params.article, event.params.n);
	if (!thread) error(404, 'Not found');
	const { sort } = threadPageQuery(event.url);
	const at = await locatePost(db, thread.thread.id, event.params.postId.slice(0, 100), sort);
	if (!at) error(404, 'Not found');
	redirect(303, classThreadLocation(thread.path, { page: at.page, sort, postId: at.postId }));
};
