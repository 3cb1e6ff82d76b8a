import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { DEFAULT_PASS_MARK, assignmentInputSchema } from '$lib/classroom';
import { findAssignableArticle, listAssignableArticles } from '$lib/server/articles';
import { actorOf } from '$lib/server/auth/actor';
import { createAssignment, deleteAssignment } from '$lib/server/classroom';
import { classPrompts } from '$lib/server/classroom-discussion';
import { database } from '$lib/server/db';
import { parseForm, type FieldErrors } from '$lib/server/forms';
import { loadClassGradebook } from '$lib/server/gradebook';
import { assignmentView } from '../assignment-view.server';
import { changeable, noticeOf, teacherRoom } from '../room.server';
import { assignmentValues, resolveAssignment } from './assignment-input.server';
import type { Actions, PageServerLoad } from './$types';

const notices = {
	assigned: 'The assignment is added.',
	unassigned: 'The assignment is removed.',
	edited: 'The assignment is saved.'
};

export const load: PageServerLoad = async (event) => {
	const { cls } = await teacherRoom(event.parent);
	const { db } = database();
	const [book, published] = await Promise.all([
		loadClassGradebook(db, cls.id, new Date()),
		listAssignableArticles(db, actorOf(event.locals.user))
	]);
	const prompts = await classPrompts(
		db,
		cls.id,
		book.assignments.map((a) => a.articleId)
	);
	return {
		notice: noticeOf(event.url, notices),
		assignments: book.assignments.map((a) =>
			assignmentView(a, cls.id, cls.timeZone, prompts.get(a.articleId) ?? [])
		),
		articles: published.map((a) => ({
			slug: a.slug,
			title: a.title,
			modules: a.sections
				.filter((s) => s.kind === 'lesson')
				.map((s) => ({ slug: s.slug, title: s.title }))
		})),
		defaultPassMark: DEFAULT_PASS_MARK
	};
};

const assignmentIdForm = z.object({ assignmentId: z.uuid('Choose an assignment from the list.') });

export const actions: Actions = {
	assign: async (event) => {
		const { cls, refused } = await changeable(event);
		if (refused) return refused;
		const form = await event.request.formData();
		const values = assignmentValues(form);
		// The form comes back to the article it was sent for (its slug is in `values`).
		const refuse = (errors: Record<string, string>) => fail(400, { assign: { errors, values } });
		const parsed = parseForm(assignmentInputSchema(cls.timeZone), form);
		if (!parsed.ok) return refuse(parsed.errors);
		const { db } = database();
		const article = await findAssignableArticle(
			db,
			actorOf(event.locals.user),
			parsed.data.articleSlug
		);
		if (!article) return refuse({ articleSlug: 'Choose an article from the list.' });
		const resolved = await resolveAssignment(db, article, parsed.data);
		if (!resolved.ok) return refuse(resolved.errors);
		await createAssignment(db, {
			classId: cls.id,
			articleId: article.id,
			...resolved.value,
			input: parsed.data
		});
		redirect(303, `/classes/${cls.id}/assignments?notice=assigned`);
	},

	unassign: async (event) => {
		const { cls, refused } = await changeable(event);
		if (refused) return refused;
		const parsed = parseForm(assignmentIdForm, await event.request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: {} });
		const removed = await deleteAssignment(database().db, cls.id, parsed.data.assignmentId);
		if (!removed) {
			return fail(404, {
				errors: { form: 'That assignment is not in this class any more.' } as FieldErrors,
				values: {}
			});
		}
		redirect(303, `/classes/${cls.id}/assignments?notice=unassigned`);
	}
};
