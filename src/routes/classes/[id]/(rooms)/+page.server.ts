import { eq } from 'drizzle-orm';
import { authorize } from '$lib/server/auth/actor';
import { disableJoining, regenerateJoinCode, restoreClass } from '$lib/server/classroom';
import { classPrompts } from '$lib/server/classroom-discussion';
import { database } from '$lib/server/db';
import { classes, users } from '$lib/server/db/schema';
import { loadStudentAssignments } from '$lib/server/gradebook';
import { fail, redirect } from '@sveltejs/kit';
import { assignmentView } from './assignment-view.server';
import { changeable, managed, noticeOf } from './room.server';
import type { Actions, PageServerLoad } from './$types';

const notices = {
	created: 'Your class is ready. Share its join code with your students.',
	code: 'There is a new join code: the old one no longer works.',
	joiningOff: 'Joining is off: nobody can join with a code until you make a new one.',
	joined: 'Welcome to the class!',
	archived: 'The class is archived: it is read-only now, and nobody can join it.',
	restored:
		'The class is restored: you can change it again. Joining stays off until you make a new code.'
};

/** The class's front door: its join code for the teacher; for a student, their assignments. */
export const load: PageServerLoad = async (event) => {
	const { cls, relation, manages, joinPath } = await event.parent();
	const notice = noticeOf(event.url, notices);
	if (manages) {
		return {
			view: 'teacher' as const,
			notice,
			joinUrl: joinPath ? `${event.url.origin}${joinPath}` : null
		};
	}
	// A student sees their own results, and only those.
	const actor = authorize(event, 'class.results', { classRelation: relation }, 404)!;
	const { db } = database();
	const mine = await loadStudentAssignments(db, cls.id, actor.id, new Date());
	const [prompts, [teacher]] = await Promise.all([
		classPrompts(
			db,
			cls.id,
			mine.map((m) => m.assignment.articleId)
		),
		db
			.select({ displayName: users.displayName })
			.from(classes)
			.innerJoin(users, eq(users.id, classes.teacherId))
			.where(eq(classes.id, cls.id))
	]);
	return {
		view: 'student' as const,
		notice,
		teacherName: teacher?.displayName ?? 'your teacher',
		assignments: mine.map(({ assignment, cell, readModuleIds }) => ({
			...assignmentView(assignment, cls.id, cls.timeZone, prompts.get(assignment.articleId) ?? []),
			readModuleIds,
			status: cell.status,
			completedLate: cell.completedLate,
			remaining: cell.remaining,
			bestScorePercent: cell.bestScorePercent,
			attemptsUsed: cell.attempts,
			responded: cell.responded,
			sectionsRead: cell.sectionsRead,
			sectionsRequired: cell.sectionsRequired
		}))
	};
};

export const actions: Actions = {
	newCode: async (event) => {
		const { cls, refused } = await changeable(event);
		if (refused) return refused;
		await regenerateJoinCode(database().db, cls.id);
		redirect(303, `/classes/${cls.id}?notice=code#join`);
	},

	joiningOff: async (event) => {
		const { cls, refused } = await changeable(event);
		if (refused) return refused;
		await disableJoining(database().db, cls.id);
		redirect(303, `/classes/${cls.id}?notice=joiningOff#join`);
	},

	/** An archived class comes back into use (its card is on this page). */
	restore: async (event) => {
		const { cls } = await managed(event);
		if (!(await restoreClass(database().db, cls.id))) {
			return fail(409, {
				errors: { form: 'This class is not archived: there is nothing to restore.' },
				values: {}
			});
		}
		redirect(303, `/classes/${cls.id}?notice=restored`);
	}
};
