// A launch's one-time link: opens Lectern signed in as the LMS user, in a window of its own.
import { error, redirect } from '@sveltejs/kit';
import { createSession, setSessionCookie } from '$lib/server/auth/session';
import { database } from '$lib/server/db';
import { consumeToken } from '$lib/server/lti/tokens';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, cookies }) => {
	if (!url.searchParams.has('ticket')) return {};
	const { db } = database();
	const ticket = await consumeToken(
		db,
		(url.searchParams.get('ticket') ?? '').slice(0, 100),
		'enter'
	);
	if (!ticket?.userId) {
		error(
			400,
			'This link has been used or has expired. Open Lectern again from your course in the LMS.'
		);
	}
	const { token, session } = await createSession(db, ticket.userId);
	setSessionCookie(cookies, token, session.expiresAt);
	const path =
		typeof ticket.data.path === 'string' && ticket.data.path.startsWith('/')
			? ticket.data.path
			: '/';
	redirect(303, path);
};
