import { error, fail, redirect } from '@sveltejs/kit';
import { DEFAULT_PASS_MARK, assignmentInputSchema, utcToLocalDateTime } from '$lib/classroom';
import { findArticle } from '$lib/server/articles';
import { findAssignment, updateAssignment } from '$lib/server/classroom';
import { database } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { changeable, teacherRoom } from '../../room.server';
import { assignmentValues, resolveAssignment } from '../assignment-input.server';
import type { Actions, PageServerLoad } from './$types';

/** An assignment of this class with its article, or the same 404 as for none. */
async function openAssignment(classId: string, assignmentId: string) {
	const { db } = database();
	const assignment = assignmentId.length <= 100 ? await findAssignment(db, assignmentId) : null;
	if (!assignment || assignment.classId !== classId) error(404, 'Not found');
	const article = await findArticle(db, assignment.articleSlug);
	return { assignment, article };
}

/** The form's fields as the assignment stands: what the edit form starts from. */
function currentValues(
	a: NonNullable<Awaited<ReturnType<typeof findAssignment>>>,
	slugOf: (id: string) => string | undefined,
	timeZone: string
): Record<string, string> {
	const slugs = (ids: string[] | null) => (ids ?? []).flatMap((id) => slugOf(id) ?? []).join('\n');
	return {
		articleSlug: a.articleSlug,
		dueAt: a.dueAt ? utcToLocalDateTime(a.dueAt.getTime(), timeZone) : '',
		passMark: String(a.passMark),
		requireQuiz: a.requireQuiz ? 'on' : '',
		requireResponse: a.requireResponse ? 'on' : '',
		quizQuestionCount: a.quizQuestionCount === null ? '' : String(a.quizQuestionCount),
		maxAttempts: a.maxAttempts === null ? '' : String(a.maxAttempts),
		sectionSlugs: slugs(a.chosenSectionIds),
		quizSectionSlugs: slugs(a.quizSectionIds)
	};
}

export const load: PageServerLoad = async (event) => {
	const { cls } = await teacherRoom(event.parent);
	const { assignment, article } = await openAssignment(cls.id, event.params.assignmentId);
	const lessons = (article?.sections ?? []).filter((s) => s.kind === 'lesson');
	const slugOf = (id: string) => lessons.find((s) => s.id === id)?.slug;
	return {
		assignment: { id: assignment.id, title: assignment.articleTitle },
		article: article && {
			slug: article.slug,
			title: article.title,
			modules: lessons.map((s) => ({ slug: s.slug, title: s.title }))
		},
		values: currentValues(assignment, slugOf, cls.timeZone),
		defaultPassMark: DEFAULT_PASS_MARK
	};
};

// The article stays: a teacher who wants another one assigns it anew.
const editSchema = (timeZone: string) =>
	assignmentInputSchema(timeZone).omit({ articleSlug: true });

export const actions: Actions = {
	save: async (event) => {
		const { cls, refused } = await changeable(event);
		if (refused) return refused;
		const { assignment, article } = await openAssignment(cls.id, event.params.assignmentId!);
		const form = await event.request.formData();
		const values = assignmentValues(form);
		const refuse = (errors: Record<string, string>) => fail(400, { errors, values });
		if (!article) return refuse({ form: 'This article is no longer published: it cannot change.' });
		const parsed = parseForm(editSchema(cls.timeZone), form);
		if (!parsed.ok) return refuse(parsed.errors);
		const { db } = database();
		const resolved = await resolveAssignment(db, article, parsed.data);
		if (!resolved.ok) return refuse(resolved.errors);
		const saved = await updateAssignment(db, {
			classId: cls.id,
			assignmentId: assignment.id,
			...resolved.value,
			input: parsed.data
		});
		if (!saved) error(404, 'Not found');
		redirect(303, `/classes/${cls.id}/assignments?notice=edited`);
	}
};
