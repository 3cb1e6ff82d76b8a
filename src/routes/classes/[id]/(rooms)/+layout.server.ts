import { can } from '$lib/access';
import { formatJoinCode } from '$lib/classroom';
import { openClass } from '$lib/server/classroom-access';
import type { LayoutServerLoad } from './$types';

/**
 * Who may enter the class's rooms, checked once for all of them: its teacher and its students
 * (anyone else: the same 404 as a class that does not exist). Also runs to render a form
 * action's answer (a POST): reading an archived class is always fine. Each room's actions check
 * for themselves.
 */
export const load: LayoutServerLoad = async (event) => {
	const { actor, cls, relation } = await openClass(event, event.params.id, 'class.view', {
		whileArchived: true
	});
	const manages = can(actor, 'class.manage', { classRelation: relation });
	return {
		cls: {
			id: cls.id,
			name: cls.name,
			description: cls.description,
			timeZone: cls.timeZone,
			archivedAt: cls.archivedAt
		},
		relation,
		manages,
		// The join code is the teacher's to share: nobody else's page carries it.
		joinCode: manages && cls.joinCode ? formatJoinCode(cls.joinCode) : null,
		joinPath: manages && cls.joinCode ? `/join/${cls.joinCode}` : null
	};
};
