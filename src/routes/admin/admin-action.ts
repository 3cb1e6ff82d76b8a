import { fail } from '@sveltejs/kit';
import type { z } from 'zod';
import type { AdminResult } from '$lib/server/admin';
import { authorize } from '$lib/server/auth/actor';
import { database } from '$lib/server/db';
import { parseForm, refused } from '$lib/server/forms';
import type { RequestEvent } from './$types';

/** Every admin action: authorize, parse, act; an admin never disables or demotes themself. */
export function adminAction<S extends z.ZodType>(
	permission: 'user.manage' | 'article.manage',
	schema: S,
	act: (
		db: ReturnType<typeof database>['db'],
		admin: { id: string; displayName: string },
		data: z.output<S>
	) => Promise<AdminResult>
) {
	return async (event: RequestEvent) => {
		authorize(event, permission);
		const admin = event.locals.user!;
		const parsed = parseForm(schema, await event.request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors });
		const data = parsed.data as { userId?: string };
		if (data.userId === admin.id)
			return fail(400, { errors: { form: 'You cannot change your own account here.' } });
		const result = await act(database().db, admin, parsed.data);
		if (!result.ok) return refused(result);
		return { done: true };
	};
}
