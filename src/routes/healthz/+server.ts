import { json } from '@sveltejs/kit';
import { database } from '$lib/server/db';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => {
	try {
		await database().client.execute('SELECT 1');
		return json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } });
	} catch {
		return json(
			{ status: 'unavailable' },
			{ status: 503, headers: { 'Cache-Control': 'no-store' } }
		);
	}
};
