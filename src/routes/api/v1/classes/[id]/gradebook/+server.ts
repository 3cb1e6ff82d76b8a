import { json } from '@sveltejs/kit';
import { isRefusal } from '$lib/refusal';
import { encodedJson } from '$lib/server/api';
import { authenticateApiToken, bearerToken } from '$lib/server/api-tokens';
import { classFor } from '$lib/server/classroom-access';
import { database } from '$lib/server/db';
import { gradebookResource, loadClassGradebook } from '$lib/server/gradebook';
import type { RequestHandler } from './$types';

const NOT_FOUND = { error: 'No class with this id is yours to read.' };

/**
 * A class's gradebook for its teacher, who signs in with their session cookie or sends a
 * personal API token as `Authorization: Bearer <token>`. Anyone else gets the same 404 as for
 * a class that does not exist.
 */
export const GET: RequestHandler = async (event) => {
	const { db } = database();
	const header = event.request.headers.get('authorization');
	let user = event.locals.user;
	if (header !== null) {
		const token = bearerToken(header);
		user = token ? await authenticateApiToken(db, token) : null;
		if (!user) {
			return json(
				{ error: 'The API token is not valid: it may have been revoked.' },
				{ status: 401, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } }
			);
		}
	}
	// The token's owner stands in for the session's user: the same access table decides, and
	// anyone it turns away (signed in or not) gets the 404 a missing class gets.
	const opened = await classFor(user, event.params.id, 'gradebook.read');
	if (isRefusal(opened)) return json(NOT_FOUND, { status: 404 });
	const now = new Date();
	const book = await loadClassGradebook(db, opened.cls.id, now);
	return encodedJson(gradebookResource(opened.cls, book, now), {
		headers: { 'Cache-Control': 'private, no-store' }
	});
};
