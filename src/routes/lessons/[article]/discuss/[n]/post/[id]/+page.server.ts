import { error, redirect } from '@sveltejs/kit';
import { authorize } from '$lib/server/auth/actor';
import { database } from '$lib/server/db';
import { locatePost } from '$lib/server/discussion';
import { articleFromUrl, openPublicThread, pageQuery, threadLocation } from '../../thread.server';
import type { PageServerLoad } from './$types';

/** A post's permalink: sent on to the page of the thread that shows it, at its place. */
export const load: PageServerLoad = async (event) => {
	authorize(event, 'thread.read');
	const article = await articleFromUrl(event.params.article);
	const { thread, path } = await openPublicThread(article, event.params.n);
	const { sort } = pageQuery(event.url);
	const at = await locatePost(database().db, thread.id, event.params.id.slice(0, 100), sort);
	if (!at) error(404, 'Not found');
	redirect(303, threadLocation(path, { page: at.page, sort, postId: at.postId }));
};
