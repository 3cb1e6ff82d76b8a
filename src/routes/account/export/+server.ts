import { error } from '@sveltejs/kit';
import { authorize } from '$lib/server/auth/actor';
import { database } from '$lib/server/db';
import { exportUserData } from '$lib/server/users';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const actor = authorize(event, 'account.manage', { ownerId: event.locals.user?.id })!;
	const data = await exportUserData(database().db, actor.id);
	if (!data) error(404, 'Not found');
	return new Response(JSON.stringify(data, null, 2), {
		headers: {
			'Content-Type': 'application/json; charset=utf-8',
			'Content-Disposition': 'attachment; filename="lectern-my-data.json"',
			'Cache-Control': 'no-store'
		}
	});
};
