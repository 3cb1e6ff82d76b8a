import {
	parseGradebookSortKey,
	sortGradebook,
	type GradebookSortKey,
	type SortDirection
} from '$lib/classroom';
import { database } from '$lib/server/db';
import { loadClassGradebook } from '$lib/server/gradebook';
import { due } from '../assignment-view.server';
import { teacherRoom } from '../room.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { cls } = await teacherRoom(event.parent);
	const book = await loadClassGradebook(database().db, cls.id, new Date());
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
		direction
	};
};
