import { error } from '@sveltejs/kit';
import { actorOf } from '$lib/server/auth/actor';
import { database } from '$lib/server/db';
import { readerView } from '$lib/server/reader-view';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ params, locals, request }) => {
	const view = await readerView(request, database().db, actorOf(locals.user), params.article);
	if (!view) error(404, 'Not found');
	return { article: view.content.article, read: [...view.read] };
};
