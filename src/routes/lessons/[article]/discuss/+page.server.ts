import { authorize } from '$lib/server/auth/actor';
import { database } from '$lib/server/db';
import { PUBLIC_SCOPE, listPromptThreads } from '$lib/server/discussion';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	authorize(event, 'thread.read');
	const { article } = await event.parent();
	return { prompts: await listPromptThreads(database().db, article.id, PUBLIC_SCOPE) };
};
