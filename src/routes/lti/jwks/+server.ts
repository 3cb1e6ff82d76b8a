// The tool's public keys (a JWKS): platforms verify Lectern's deep linking responses and
// client assertions with them. A rotated key stays listed for a week.
import { json } from '@sveltejs/kit';
import { database } from '$lib/server/db';
import { publicJwks } from '$lib/server/lti/keys';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () =>
	json(await publicJwks(database().db), {
		headers: { 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' }
	});
