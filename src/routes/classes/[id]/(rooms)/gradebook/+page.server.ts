import {
	parseGradebookSortKey,
	sortGradebook,
	type GradebookSortKey,
	type SortDirection
} from '$lib/classroom';
import { database } from '$lib/server/db';
import { loadClassGradebook } from '$lib/server/gradebook';
import { classGradeSync } from '$lib/server/lti/outbox';
import { due } from '../assignment-view.server';
import { teacherRoom } from '../room.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { cls } = await teacherRoom(event.parent);
	const { db } = database();
	const [book, lms] = await Promise.all([
		loadClassGradebook(db, cls.id, new Date()),
		classGradeSync(db, cls.id)
	]);
	const titles = new Map(book.assignments.map((a) => [a.id, a.title]));
	const requested = parseGradebookSortKey(event.url.searchParams.get('sort'));
	const sort: GradebookSortKey =
		requested === 'student' ||
		(requested && book.assignments.some((a) => a.id === requested.assignmentId))
			? requested
			: 'student';
	const direction: SortDirection = event.url.searchParams.get('dir') === 'desc' ? 'desc' : 'asc';
	return {
		columns: book.gradebook.columns.map((c) => ({
			id: c.assignment.id,
			title: c.assignment.title,
			due: due(
				book.assignments.find((a) => a.id === c.assignment.id)!,
				cls.timeZone
			),
			averageBestScore: c.averageBestScore,
			completionRate: c.completionRate
		})),
		rows: sortGradebook(book.gradebook.rows, sort, direction),
		sort,
		direction,
		lmsGrades: lms.map((g) => ({ ...g, assignmentTitle: titles.get(g.assignmentId) ?? '' }))
	};
};
