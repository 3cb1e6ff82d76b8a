// What a valid launch makes in Lectern: the person's account (bound to the platform's `sub`,
// never found by e-mail), the class bound to the LMS course (made by the first instructor's
// launch), the learner's place in it, the link's assignment; and the roster synced from
// Names and Roles.
import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Launch, Role } from '../../lti/claims';
import { SCOPE, roleOf } from '../../lti/claims';
import { addCoTeacher, createClass, joinClass, removeCoTeacher, removeStudent } from '../classroom';
import type { Database, Executor } from '../db/client';
import {
	assignments,
	classMembers,
	classes,
	ltiAccounts,
	ltiContexts,
	ltiLinks,
	users
} from '../db/schema';
import { PlatformError } from './http';
import { findPlatformById, type PlatformRow } from './platforms';
import { refuse, type Refusal } from '../../refusal';
import { ensureLineItem, readMemberships } from './services';

/** A name from the LMS, one clean line of at most 80 characters. */
export function cleanName(name: string, fallback = 'LMS user'): string {
	const clean = name
		.replace(/\p{Cc}/gu, ' ')
		.replace(/\s+/g, ' ')
		.trim()
		.slice(0, 80);
	return clean || fallback;
}

/** The account bound to the platform's user, made on first sight; the LMS's name is kept current. */
export async function accountFor(
	db: Executor,
	platformId: string,
	person: { subject: string; name: string; role: Role }
): Promise<string> {
	const displayName = cleanName(person.name);
	const [bound] = await db
		.select({ userId: ltiAccounts.userId, role: users.role, displayName: users.displayName })
		.from(ltiAccounts)
		.innerJoin(users, eq(users.id, ltiAccounts.userId))
		.where(and(eq(ltiAccounts.platformId, platformId), eq(ltiAccounts.subject, person.subject)));
	if (bound) {
		const promote = person.role === 'instructor' && bound.role === 'learner';
		if (promote || bound.displayName !== displayName) {
			await db
				.update(users)
				.set({ displayName, ...(promote ? { role: 'teacher' as const } : {}) })
				.where(eq(users.id, bound.userId));
		}
		return bound.userId;
	}
	const id = randomUUID();
	await db.insert(users).values({
		id,
		displayName,
		role: person.role === 'instructor' ? 'teacher' : 'learner'
	});
	await db.insert(ltiAccounts).values({ platformId, subject: person.subject, userId: id });
	return id;
}

export interface CourseClass {
	classId: string;
	teacherId: string;
	made: boolean;
	/** The launching person teaches it: its teacher, or another instructor of the course. */
	teaches: boolean;
}

/** The class bound to the launch's course; an instructor's first launch makes it. */
export async function classFor(
	db: Executor,
	platform: PlatformRow,
	launch: Launch,
	userId: string
): Promise<CourseClass | null> {
	if (!launch.context) return null;
	const services = {
		membershipsUrl: launch.membershipsUrl,
		lineItemsUrl: launch.grades?.lineItemsUrl ?? null
	};
	const [bound] = await db
		.select({ classId: ltiContexts.classId, teacherId: classes.teacherId })
		.from(ltiContexts)
		.innerJoin(classes, eq(classes.id, ltiContexts.classId))
		.where(
			and(eq(ltiContexts.platformId, platform.id), eq(ltiContexts.contextId, launch.context.id))
		);
	if (bound) {
		await db
			.update(ltiContexts)
			.set(services)
			.where(
				and(eq(ltiContexts.platformId, platform.id), eq(ltiContexts.contextId, launch.context.id))
			);
		// The course's other instructors teach the class beside the one who made it.
		const instructor = launch.role === 'instructor';
		if (instructor && bound.teacherId !== userId) await addCoTeacher(db, bound.classId, userId);
		return { ...bound, made: false, teaches: instructor || bound.teacherId === userId };
	}
	if (launch.role !== 'instructor') return null;
	const classId = await createClass(db, userId, {
		name: cleanName(launch.context.title, 'LMS course'),
		description: `Linked to ${platform.name}.`,
		timeZone: 'UTC'
	});
	await db.insert(ltiContexts).values({
		platformId: platform.id,
		contextId: launch.context.id,
		deploymentId: launch.deploymentId,
		classId,
		...services
	});
	return { classId, teacherId: userId, made: true, teaches: true };
}

export interface LinkedAssignment {
	assignmentId: string;
	lineItemUrl: string | null;
	/** This launch gave the link its grade column: the class's scores so far are owed to it. */
	newColumn: boolean;
}

/** The assignment a resource link opens: bound before, or named by the deep link's custom parameter. */
export async function assignmentFor(
	db: Executor,
	platform: PlatformRow,
	launch: Launch,
	classId: string
): Promise<LinkedAssignment | null> {
	const link = launch.resourceLink;
	if (!link) return null;
	const lineItemUrl = launch.grades?.lineItemUrl ?? null;
	const [bound] = await db
		.select({ assignmentId: ltiLinks.assignmentId, lineItemUrl: ltiLinks.lineItemUrl })
		.from(ltiLinks)
		.innerJoin(assignments, eq(assignments.id, ltiLinks.assignmentId))
		.where(
			and(
				eq(ltiLinks.platformId, platform.id),
				eq(ltiLinks.resourceLinkId, link.id),
				eq(assignments.classId, classId)
			)
		);
	if (bound) {
		const moved = lineItemUrl !== null && bound.lineItemUrl !== lineItemUrl;
		if (moved) {
			await db
				.update(ltiLinks)
				.set({ lineItemUrl })
				.where(and(eq(ltiLinks.platformId, platform.id), eq(ltiLinks.resourceLinkId, link.id)));
		}
		await takeDueDate(db, bound.assignmentId, launch);
		return {
			assignmentId: bound.assignmentId,
			lineItemUrl: lineItemUrl ?? bound.lineItemUrl,
			newColumn: moved
		};
	}
	const named = launch.custom.assignment;
	if (!named) return null;
	const [assignment] = await db
		.select({ id: assignments.id })
		.from(assignments)
		.where(and(eq(assignments.id, named), eq(assignments.classId, classId)));
	if (!assignment) return null;
	await db
		.insert(ltiLinks)
		.values({
			platformId: platform.id,
			resourceLinkId: link.id,
			assignmentId: assignment.id,
			lineItemUrl
		})
		.onConflictDoNothing();
	await takeDueDate(db, assignment.id, launch);
	return { assignmentId: assignment.id, lineItemUrl, newColumn: lineItemUrl !== null };
}

/** The LMS's due date, when it sends one (a `due_at` custom parameter the link substitutes). */
async function takeDueDate(db: Executor, assignmentId: string, launch: Launch) {
	const due = launch.custom.due_at?.trim();
	if (!due || due.startsWith('$')) return;
	const at = Date.parse(due);
	if (Number.isNaN(at)) return;
	await db
		.update(assignments)
		.set({ dueAt: new Date(at) })
		.where(eq(assignments.id, assignmentId));
}

/**
 * When a link has no line item of its own but the course lets Lectern manage them, the link's
 * grade column is found or made (by the assignment's id as resource id) and kept.
 */
export async function lineItemForLink(
	db: Database,
	platform: PlatformRow,
	launch: Launch,
	found: LinkedAssignment,
	title: string
): Promise<string | null> {
	if (found.lineItemUrl) return found.lineItemUrl;
	const grades = launch.grades;
	if (!grades?.lineItemsUrl || !grades.scopes.includes(SCOPE.lineItem) || !launch.resourceLink) {
		return null;
	}
	try {
		const url = await ensureLineItem(db, platform, grades.lineItemsUrl, {
			label: title,
			resourceId: found.assignmentId,
			resourceLinkId: launch.resourceLink.id
		});
		await db
			.update(ltiLinks)
			.set({ lineItemUrl: url })
			.where(
				and(
					eq(ltiLinks.platformId, platform.id),
					eq(ltiLinks.resourceLinkId, launch.resourceLink.id)
				)
			);
		return url;
	} catch (cause) {
		if (cause instanceof PlatformError) return null;
		throw cause;
	}
}

export interface RosterSync {
	added: number;
	removed: number;
	members: number;
}

/**
 * The class's roster from the LMS: every active learner has an account (bound by the
 * platform's user id) and a place in the class; a learner the LMS lists as inactive or
 * deleted leaves the class (their work stays theirs). Instructors teach the class beside the
 * one whose launch made it (an inactive one no longer does); they are never made students.
 */
export async function syncRoster(
	db: Database,
	platform: PlatformRow,
	classId: string,
	membershipsUrl: string
): Promise<RosterSync> {
	let members;
	try {
		members = await readMemberships(db, platform, membershipsUrl);
	} catch (cause) {
		if (cause instanceof PlatformError) {
			await db
				.update(ltiContexts)
				.set({ rosterError: cause.message })
				.where(eq(ltiContexts.classId, classId));
		}
		throw cause;
	}
	let added = 0;
	let removed = 0;
	const leaving: string[] = [];
	const [cls] = await db
		.select({ teacherId: classes.teacherId })
		.from(classes)
		.where(eq(classes.id, classId));
	for (const m of members) {
		const role = roleOf(m.roles);
		if (role === 'other') continue;
		const name = m.name ?? [m.given_name, m.family_name].filter(Boolean).join(' ');
		if (role === 'instructor') {
			// The course's instructors teach the class beside its teacher (never as students).
			if (m.status !== 'Active') {
				const [bound] = await db
					.select({ userId: ltiAccounts.userId })
					.from(ltiAccounts)
					.where(and(eq(ltiAccounts.platformId, platform.id), eq(ltiAccounts.subject, m.user_id)));
				if (bound) await removeCoTeacher(db, classId, bound.userId);
				continue;
			}
			const userId = await accountFor(db, platform.id, { subject: m.user_id, name, role });
			if (userId !== cls?.teacherId) await addCoTeacher(db, classId, userId);
			continue;
		}
		if (m.status !== 'Active') {
			leaving.push(m.user_id);
			continue;
		}
		const userId = await accountFor(db, platform.id, { subject: m.user_id, name, role });
		if ((await joinClass(db, classId, userId)) === 'joined') added++;
	}
	if (leaving.length > 0) {
		const gone = await db
			.select({ userId: ltiAccounts.userId })
			.from(ltiAccounts)
			.innerJoin(
				classMembers,
				and(eq(classMembers.userId, ltiAccounts.userId), eq(classMembers.classId, classId))
			)
			.where(and(eq(ltiAccounts.platformId, platform.id), inArray(ltiAccounts.subject, leaving)));
		for (const g of gone) if (await removeStudent(db, classId, g.userId)) removed++;
	}
	await db
		.update(ltiContexts)
		.set({ rosterSyncedAt: new Date(), rosterError: null })
		.where(eq(ltiContexts.classId, classId));
	return { added, removed, members: members.length };
}

/** The LMS binding of a class, if it has one (the class's rooms show it). */
export async function courseOfClass(db: Executor, classId: string) {
	const [row] = await db
		.select({
			platformId: ltiContexts.platformId,
			contextId: ltiContexts.contextId,
			membershipsUrl: ltiContexts.membershipsUrl,
			rosterSyncedAt: ltiContexts.rosterSyncedAt,
			rosterError: ltiContexts.rosterError
		})
		.from(ltiContexts)
		.where(eq(ltiContexts.classId, classId));
	return row;
}

/** The teacher's "Sync from the LMS": the class's course roster, or why it could not be read. */
export async function syncClassRoster(
	db: Database,
	classId: string
): Promise<({ ok: true } & RosterSync) | Refusal> {
	const course = await courseOfClass(db, classId);
	if (!course) return refuse(400, 'This class is not linked to an LMS course.');
	const platform = await findPlatformById(db, course.platformId);
	if (!platform) return refuse(400, 'The LMS of this class is no longer registered with Lectern.');
	if (!course.membershipsUrl) {
		return refuse(400, 'The LMS offers no roster (Names and Roles) for this course.');
	}
	try {
		return { ok: true, ...(await syncRoster(db, platform, classId, course.membershipsUrl)) };
	} catch (cause) {
		if (cause instanceof PlatformError) return refuse(400, cause.message);
		throw cause;
	}
}
