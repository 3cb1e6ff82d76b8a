import type { RequestEvent } from '@sveltejs/kit';
import type { Action, Actor } from '../access';
import { authorize } from './auth/actor';
import { classRelation, findClass, type ClassRelation, type ClassRow } from './classroom';
import { database } from './db';

export interface OpenedClass {
	actor: Actor;
	cls: ClassRow;
	relation: Exclude<ClassRelation, null>;
}

/**
 * The class a URL names, for someone the access table lets do `action` on it. Anyone else —
 * another teacher, a student of another class, a stranger, or a visitor to a class that does
 * not exist — gets the same 404, so not even a class's existence leaks.
 */
export async function openClass(
	event: Pick<RequestEvent, 'locals' | 'url'>,
	classId: string,
	action: Action
): Promise<OpenedClass> {
	const { db } = database();
	const cls = classId.length <= 100 ? await findClass(db, classId) : undefined;
	const relation = cls ? await classRelation(db, cls.id, event.locals.user?.id) : null;
	const actor = authorize(event, action, { classRelation: relation }, 404)!;
	// authorize let them through, so the class exists and they stand in relation to it.
	return { actor, cls: cls!, relation: relation! };
}
