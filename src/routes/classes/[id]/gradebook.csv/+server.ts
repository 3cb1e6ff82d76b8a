import { gradebookCsv } from '$lib/classroom';
import { openClass } from '$lib/server/classroom-access';
import { database } from '$lib/server/db';
import { loadClassGradebook } from '$lib/server/gradebook';
import type { RequestHandler } from './$types';

/** A file name that is safe in a header and recognisable in a downloads folder. */
function fileName(className: string, now: Date): string {
	const base =
		className
			.normalize('NFKD')
			.replace(/\p{M}+/gu, '')
			.replace(/[^A-Za-z0-9]+/g, '-')
			.replace(/^-+|-+$/g, '')
			.slice(0, 60) || 'class';
	return `${base}-gradebook-${now.toISOString().slice(0, 10)}.csv`;
}

/** The gradebook as a CSV download (RFC 4180, UTF-8 with BOM), for the class's teacher only. */
export const GET: RequestHandler = async (event) => {
	const { cls } = await openClass(event, event.params.id, 'gradebook.read');
	const now = new Date();
	const { gradebook } = await loadClassGradebook(database().db, cls.id, now);
	return new Response(gradebookCsv(gradebook), {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8; header=present',
			'Content-Disposition': `attachment; filename="${fileName(cls.name, now)}"`,
			'Cache-Control': 'private, no-store'
		}
	});
};
