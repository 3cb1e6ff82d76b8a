import { can } from '$lib/access';
import { actorOf } from '$lib/server/auth/actor';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
	const user = locals.user;
	const actor = actorOf(user);
	return {
		viewer: user && !user.isGuest ? { displayName: user.displayName, role: user.role } : null,
		nav: {
			moderation: can(actor, 'moderation.view'),
			admin: can(actor, 'admin.view'),
			classes: Boolean(actor && !actor.isGuest)
		}
	};
};
