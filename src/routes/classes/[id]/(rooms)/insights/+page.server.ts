import { facilityBars } from '$lib/classroom';
import { database } from '$lib/server/db';
import { loadInsights } from '$lib/server/gradebook';
import { teacherRoom } from '../room.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { cls } = await teacherRoom(event.parent);
	const insights = await loadInsights(database().db, cls.id);
	return {
		insights: insights.map((article) => ({
			...article,
			bars: facilityBars(
				article.questions.map((q) => ({ label: q.text, detail: q.moduleTitle, value: q.facility }))
			)
		}))
	};
};
