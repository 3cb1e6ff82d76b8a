import { error, type RequestEvent } from '@sveltejs/kit';
import type { Action, Actor } from '../access';
import { isRefusal, type Refusal } from '../refusal';
import { authorize, permitted } from './auth/actor';
import type { SessionUser } from './auth/session';
import {
	CLASS_ARCHIVED,
	classRelation,
	findClass,
	type ClassRelation,
	type ClassRow
} from './classroom';
import { database } from './db';

export interface OpenedClass {
	actor: Actor;
	cls: ClassRow;
	relation: Exclude<ClassRelation, null>;
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The class a URL names, for someone the access table lets do `action` on it. Anyone else —
 * another teacher, a student of another class, a stranger, or a visitor to a class that does
 * not exist — gets the same 404, so not even a class's existence leaks.
 *
 * An archived class is read-only: any request that is not a read (a form action of any class
 * page, the class's discussion included) is refused with a 409, unless the caller handles
 * archived classes itself (`whileArchived`): the class page's own forms answer with the message
 * beside the form, restore and hand-over work on archived classes, and a page's `load`, which
 * also runs to render a form action's answer (still a POST), only reads.
 */
export async function openClass(
	event: Pick<RequestEvent, 'locals' | 'url'> & { request?: Pick<Request, 'method'> },
	classId: string,
	action: Action,
	options: { whileArchived?: boolean } = {}
): Promise<OpenedClass> {
	const { cls, relation } = await lookUp(classId, event.locals.user?.id);
	const actor = authorize(event, action, { classRelation: relation }, 404)!;
	// authorize let them through, so the class exists and they stand in relation to it.
	const writing = event.request !== undefined && !READS.has(event.request.method);
	if (cls!.archivedAt && writing && !options.whileArchived) error(409, CLASS_ARCHIVED);
	return { actor, cls: cls!, relation: relation! };
}

/**
 * The same class for a user the access table lets do `action` on it, answering instead of
 * throwing: anyone else gets a 404 refusal (a 401 when nobody is signed in). For the JSON API,
 * which reads and answers in its own shape.
 */
export async function classFor(
	user: SessionUser | null | undefined,
	classId: string,
	action: Action
): Promise<OpenedClass | Refusal> {
	const { cls, relation } = await lookUp(classId, user?.id);
	const actor = permitted(user, action, { classRelation: relation }, 404);
	if (isRefusal(actor)) return actor;
	return { actor, cls: cls!, relation: relation! };
}

/** The class an id names, if any, and how this user stands to it. */
async function lookUp(classId: string, userId: string | undefined) {
	const { db } = database();
	const cls = classId.length <= 100 ? await findClass(db, classId) : undefined;
	const relation = cls ? await classRelation(db, cls.id, userId) : null;
	return { cls, relation };
}
