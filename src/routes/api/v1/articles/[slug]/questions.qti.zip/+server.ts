import { bankExport } from '$lib/server/api';
import { database } from '$lib/server/db';
import type { RequestHandler } from './$types';

/**
 * The bank as a QTI 3.0 content package (a zip of imsmanifest.xml and one item per question),
 * for whoever may edit the article (as `…/questions`): the published questions, or with
 * `?status=all` the suggestions too.
 */
export const GET: RequestHandler = (event) => bankExport(database().db, event, 'qtiZip');
