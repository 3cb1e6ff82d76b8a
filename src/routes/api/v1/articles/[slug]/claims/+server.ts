import { json } from '@sveltejs/kit';
import { claimsResource, openReadableArticle } from '$lib/server/api';
import { listClaims } from '$lib/server/claims';
import { database } from '$lib/server/db';
import type { RequestHandler } from './$types';

/**
 * An article's source marks and contradictions (issue 13), suggested and confirmed, for anyone
 * who may read the article: anonymous for a published one; a draft for those its pages allow
 * (signed in, or with a personal API token as `Authorization: Bearer <token>`). A bad token gets
 * a 401; a draft the caller may not read the same 404 as an article that does not exist.
 */
export const GET: RequestHandler = async (event) => {
	const { db } = database();
	const article = await openReadableArticle(db, event);
	if (article instanceof Response) return article;
	const claims = await listClaims(db, article.id);
	return json(claimsResource(claims), { headers: { 'Cache-Control': 'private, no-store' } });
};
