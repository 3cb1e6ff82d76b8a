// What every room of a class page shares on the server: the teacher's gate, the read-only rule
// of an archived class, one-time notices and the echo of a refused form.
import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { CLASS_ARCHIVED } from '$lib/server/classroom';
import { openClass } from '$lib/server/classroom-access';
import type { FieldErrors } from '$lib/server/forms';

/** The class in the URL, for its teacher only (anyone else: 404), archived or not. */
export const managed = (event: RequestEvent) =>
	openClass(event, event.params.id!, 'class.manage', { whileArchived: true });

/**
 * The class in the URL, for its teacher, to change it: an archived class is read-only, and the
 * form comes back with the reason.
 */
export async function changeable(event: RequestEvent) {
	const opened = await managed(event);
	if (!opened.cls.archivedAt) return { ...opened, refused: null };
	return {
		...opened,
		refused: fail(409, { errors: { form: CLASS_ARCHIVED } as FieldErrors, values: {} })
	};
}

/**
 * A teacher's room, from the layout's check: the layout let anyone in the class through, and a
 * room for the teacher answers everyone else with the same 404 as a class that does not exist.
 */
export async function teacherRoom<T extends { manages: boolean }>(parent: () => Promise<T>) {
	const data = await parent();
	if (!data.manages) error(404, 'Not found');
	return data;
}

/** The message a room shows once after a form went through (`?notice=`), or null. */
export function noticeOf<K extends string>(url: URL, notices: Record<K, string>): string | null {
	const keys = Object.keys(notices) as [K, ...K[]];
	const key = z
		.enum(keys)
		.optional()
		.catch(undefined)
		.parse(url.searchParams.get('notice') ?? undefined);
	return key ? notices[key] : null;
}
