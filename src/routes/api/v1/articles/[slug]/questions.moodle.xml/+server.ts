import { bankExport } from '$lib/server/api';
import { database } from '$lib/server/db';
import type { RequestHandler } from './$types';

/**
 * The bank as Moodle XML, for whoever may edit the article (as `…/questions`): the published
 * questions, or with `?status=all` the suggestions too.
 */
export const GET: RequestHandler = (event) => bankExport(database().db, event, 'moodleXml');
