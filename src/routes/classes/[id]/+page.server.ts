import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { can } from '$lib/access';
import {
	DEFAULT_PASS_MARK,
	assignmentInputSchema,
	classInputSchema,
	facilityBars,
	formatInTimeZone,
	formatJoinCode,
	parseGradebookSortKey,
	resolveAssignedSections,
	sortGradebook,
	type GradebookSortKey,
	type SortDirection
} from '$lib/classroom';
import { listPublishedArticles } from '$lib/server/articles';
import { authorize } from '$lib/server/auth/actor';
import {
	CLASS_ARCHIVED,
	archiveClass,
	createAssignment,
	deleteAssignment,
	deleteClass,
	disableJoining,
	handOverClass,
	listRoster,
	regenerateJoinCode,
	removeStudent,
	restoreClass,
	timeZoneOptions,
	updateClass
} from '$lib/server/classroom';
import { openClass } from '$lib/server/classroom-access';
import { classPrompts, classThreadPath } from '$lib/server/classroom-discussion';
import { database } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { quizPoolSize } from '$lib/server/quiz';
import {
	loadClassGradebook,
	loadInsights,
	loadStudentAssignments,
	type AssignmentDetail
} from '$lib/server/gradebook';
import type { Actions, PageServerLoad } from './$types';

/** Messages shown once after a form went through (`?notice=`). */
const notices = {
	created: 'Your class is ready. Share its join code with your students.',
	settings: 'The class settings are saved.',
	code: 'There is a new join code: the old one no longer works.',
	joiningOff: 'Joining is off: nobody can join with a code until you make a new one.',
	removed: 'The student is no longer in this class.',
	assigned: 'The assignment is added.',
	unassigned: 'The assignment is removed.',
	joined: 'Welcome to the class!',
	archived: 'The class is archived: it is read-only now, and nobody can join it.',
	restored:
		'The class is restored: you can change it again. Joining stays off until you make a new code.'
} as const;
const noticeSchema = z
	.enum(Object.keys(notices) as [keyof typeof notices])
	.optional()
	.catch(undefined);

const due = (a: AssignmentDetail, timeZone: string) =>
	a.dueAt ? formatInTimeZone(a.dueAt.getTime(), timeZone) : null;

/** What the assignment's quiz covers, in words. */
function quizLabel(a: AssignmentDetail): string {
	const sections = a.quizSectionIds ?? a.chosenSectionIds;
	if (sections === null) return 'the quiz on the whole article';
	const titles = sections.flatMap((id) => a.modules.find((m) => m.id === id)?.title ?? []);
	if (titles.length === 1) return `the quiz on “${titles[0]}”`;
	return `the quiz on ${sections.length} modules`;
}

/** The limits a teacher set on the quiz, in words; null when there are none. */
function quizRules(a: AssignmentDetail): string | null {
	const rules = [
		a.quizQuestionCount === null
			? null
			: `${a.quizQuestionCount} ${a.quizQuestionCount === 1 ? 'question' : 'questions'} an attempt`,
		a.maxAttempts === null
			? null
			: `${a.maxAttempts} ${a.maxAttempts === 1 ? 'attempt' : 'attempts'}`
	].filter(Boolean);
	return rules.length ? rules.join(', ') : null;
}

/** What both views show of an assignment. */
function assignmentView(
	a: AssignmentDetail,
	classId: string,
	timeZone: string,
	prompts: { number: number; text: string; postCount: number }[]
) {
	return {
		id: a.id,
		title: a.title,
		article: { slug: a.articleSlug, title: a.articleTitle },
		wholeArticle: a.chosenSectionIds === null,
		modules: a.modules.map((m) => ({ id: m.id, slug: m.slug, title: m.title })),
		due: due(a, timeZone),
		requireQuiz: a.requireQuiz,
		passMark: a.passMark,
		requireResponse: a.requireResponse,
		// The assignment's own quiz: exactly its questions, attempts and pass mark.
		quizHref: `/lessons/${a.articleSlug}/quiz?assignment=${a.id}`,
		quizLabel: quizLabel(a),
		quizRules: quizRules(a),
		maxAttempts: a.maxAttempts,
		prompts: prompts.map((p) => ({
			number: p.number,
			text: p.text,
			postCount: p.postCount,
			href: classThreadPath(classId, a.articleSlug, p.number)
		}))
	};
}

export const load: PageServerLoad = async (event) => {
	// Also runs after a form action (a POST): reading an archived class is always fine.
	const { actor, cls, relation } = await openClass(event, event.params.id, 'class.view', {
		whileArchived: true
	});
	const { db } = database();
	const now = new Date();
	const notice = noticeSchema.parse(event.url.searchParams.get('notice') ?? undefined);
	const base = {
		cls: {
			id: cls.id,
			name: cls.name,
			description: cls.description,
			timeZone: cls.timeZone,
			archivedAt: cls.archivedAt
		},
		notice: notice ? notices[notice] : null
	};

	if (!can(actor, 'class.manage', { classRelation: relation })) {
		// A student sees their own results, and only those.
		authorize(event, 'class.results', { classRelation: relation }, 404);
		const mine = await loadStudentAssignments(db, cls.id, actor.id, now);
		const prompts = await classPrompts(
			db,
			cls.id,
			mine.map((m) => m.assignment.articleId)
		);
		const teacher = await db.query.users.findFirst({
			columns: { displayName: true },
			where: (u, { eq }) => eq(u.id, cls.teacherId)
		});
		return {
			...base,
			view: 'student' as const,
			teacherName: teacher?.displayName ?? 'your teacher',
			assignments: mine.map(({ assignment, cell, readModuleIds }) => ({
				...assignmentView(
					assignment,
					cls.id,
					cls.timeZone,
					prompts.get(assignment.articleId) ?? []
				),
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
	}

	const [roster, book, insights, published] = await Promise.all([
		listRoster(db, cls.id),
		loadClassGradebook(db, cls.id, now),
		loadInsights(db, cls.id),
		listPublishedArticles(db)
	]);
	const prompts = await classPrompts(
		db,
		cls.id,
		book.assignments.map((a) => a.articleId)
	);

	const requested = parseGradebookSortKey(event.url.searchParams.get('sort'));
	const sortKey: GradebookSortKey =
		requested === 'student' ||
		(requested && book.assignments.some((a) => a.id === requested.assignmentId))
			? requested
			: 'student';
	const direction: SortDirection = event.url.searchParams.get('dir') === 'desc' ? 'desc' : 'asc';

	return {
		...base,
		view: 'teacher' as const,
		joinCode: cls.joinCode ? formatJoinCode(cls.joinCode) : null,
		joinUrl: cls.joinCode ? `${event.url.origin}/join/${cls.joinCode}` : null,
		roster,
		assignments: book.assignments.map((a) =>
			assignmentView(a, cls.id, cls.timeZone, prompts.get(a.articleId) ?? [])
		),
		gradebook: {
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
			rows: sortGradebook(book.gradebook.rows, sortKey, direction),
			sort: sortKey,
			direction
		},
		insights: insights.map((article) => ({
			...article,
			bars: facilityBars(
				article.questions.map((q) => ({
					label: q.text,
					detail: q.moduleTitle,
					value: q.facility
				}))
			)
		})),
		articles: published.map((a) => ({
			slug: a.slug,
			title: a.title,
			modules: a.sections
				.filter((s) => s.kind === 'lesson')
				.map((s) => ({ slug: s.slug, title: s.title }))
		})),
		timeZones: timeZoneOptions(),
		defaultPassMark: DEFAULT_PASS_MARK
	};
};

/** The class in the URL, for its teacher only (anyone else: 404), archived or not. */
const managed = (event: RequestEvent) =>
	openClass(event, event.params.id!, 'class.manage', { whileArchived: true });

/**
 * The class in the URL, for its teacher, to change it: an archived class is read-only, and the
 * form comes back with the reason.
 */
async function changeable(event: RequestEvent) {
	const opened = await managed(event);
	if (!opened.cls.archivedAt) return { ...opened, refused: null };
	return {
		...opened,
		refused: fail(409, { target: 'archived', errors: { form: CLASS_ARCHIVED }, values: {} })
	};
}

const confirmDelete = z.object({
	confirm: z.literal('on', { error: 'Tick the box to confirm that the class should be deleted.' })
});
const confirmArchive = z.object({
	confirm: z.literal('on', { error: 'Tick the box to confirm that the class should be archived.' })
});
const handOverForm = z.object({
	receiver: z
		.string({ error: 'Enter the e-mail address or username of the teacher.' })
		.trim()
		.min(1, 'Enter the e-mail address or username of the teacher.')
		.max(254, 'An e-mail address or username has at most 254 characters.'),
	confirm: z.literal('on', {
		error: 'Tick the box to confirm that you hand the class over.'
	})
});
const studentForm = z.object({ userId: z.uuid('Choose a student from the list.') });
const assignmentIdForm = z.object({ assignmentId: z.uuid('Choose an assignment from the list.') });

/** A form's raw text, echoed back (as text) when the form is refused. */
function echo(form: FormData, names: string[]): Record<string, string> {
	return Object.fromEntries(
		names.map((name) => {
			const value = form.get(name);
			return [name, typeof value === 'string' ? value.slice(0, 2000) : ''];
		})
	);
}

export const actions: Actions = {
	settings: async (event) => {
		const { cls, refused } = await changeable(event);
		if (refused) return refused;
		const form = await event.request.formData();
		const parsed = parseForm(classInputSchema, form);
		if (!parsed.ok) {
			return fail(400, {
				target: 'settings',
				errors: parsed.errors,
				values: echo(form, ['name', 'description', 'timeZone'])
			});
		}
		await updateClass(database().db, cls.id, parsed.data);
		redirect(303, `/classes/${cls.id}?notice=settings#settings`);
	},

	delete: async (event) => {
		const { cls } = await managed(event);
		const parsed = parseForm(confirmDelete, await event.request.formData());
		if (!parsed.ok) return fail(400, { target: 'delete', errors: parsed.errors, values: {} });
		await deleteClass(database().db, cls.id);
		redirect(303, '/classes');
	},

	/** Read-only from now on: no joins, assignments, posts or roster changes; results stay. */
	archive: async (event) => {
		const { cls } = await managed(event);
		const alreadyArchived = () =>
			fail(409, {
				target: 'archived',
				errors: { form: 'This class is archived already.' },
				values: {}
			});
		// An archived class shows no archive form, so its refusal would have nowhere to go.
		if (cls.archivedAt) return alreadyArchived();
		const parsed = parseForm(confirmArchive, await event.request.formData());
		if (!parsed.ok) return fail(400, { target: 'archive', errors: parsed.errors, values: {} });
		if (!(await archiveClass(database().db, cls.id))) return alreadyArchived();
		redirect(303, `/classes/${cls.id}?notice=archived`);
	},

	restore: async (event) => {
		const { cls } = await managed(event);
		if (!(await restoreClass(database().db, cls.id))) {
			return fail(409, {
				target: 'archived',
				errors: { form: 'This class is not archived: there is nothing to restore.' },
				values: {}
			});
		}
		redirect(303, `/classes/${cls.id}?notice=restored`);
	},

	/** Another teacher becomes the class's teacher; the giver loses access (audited). */
	handOver: async (event) => {
		const { actor, cls } = await managed(event);
		const form = await event.request.formData();
		const values = echo(form, ['receiver']);
		const parsed = parseForm(handOverForm, form);
		if (!parsed.ok) return fail(400, { target: 'handOver', errors: parsed.errors, values });
		const result = await handOverClass(database().db, {
			classId: cls.id,
			from: { id: actor.id, displayName: event.locals.user!.displayName },
			receiver: parsed.data.receiver
		});
		if (!result.ok) {
			return fail(result.status, {
				target: 'handOver',
				errors: { [result.field]: result.message },
				values
			});
		}
		redirect(303, '/classes?handedOver=1');
	},

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

	removeStudent: async (event) => {
		const { cls, refused } = await changeable(event);
		if (refused) return refused;
		const parsed = parseForm(studentForm, await event.request.formData());
		if (!parsed.ok) return fail(400, { target: 'roster', errors: parsed.errors, values: {} });
		const removed = await removeStudent(database().db, cls.id, parsed.data.userId);
		if (!removed) {
			return fail(404, {
				target: 'roster',
				errors: { form: 'That student is not in this class any more.' },
				values: {}
			});
		}
		redirect(303, `/classes/${cls.id}?notice=removed#students`);
	},

	assign: async (event) => {
		const { cls, refused } = await changeable(event);
		if (refused) return refused;
		const form = await event.request.formData();
		const values = echo(form, [
			'articleSlug',
			'dueAt',
			'passMark',
			'requireQuiz',
			'requireResponse',
			'quizQuestionCount',
			'maxAttempts'
		]);
		const chosen = form.getAll('sectionSlugs').filter((v) => typeof v === 'string');
		const quizChosen = form.getAll('quizSectionSlugs').filter((v) => typeof v === 'string');
		const target = `assign:${values.articleSlug!.slice(0, 200)}`;
		const refuse = (errors: Record<string, string>) =>
			fail(400, {
				target,
				errors,
				values: {
					...values,
					sectionSlugs: chosen.join('\n'),
					quizSectionSlugs: quizChosen.join('\n')
				}
			});
		const parsed = parseForm(assignmentInputSchema(cls.timeZone), form);
		if (!parsed.ok) return refuse(parsed.errors);
		const { db } = database();
		const article = (await listPublishedArticles(db)).find(
			(a) => a.slug === parsed.data.articleSlug
		);
		if (!article) return refuse({ articleSlug: 'Choose an article from the list.' });
		const resolved = resolveAssignedSections(
			parsed.data.sectionSlugs,
			article.sections.filter((s) => s.kind === 'lesson')
		);
		if (!resolved.ok) return refuse({ sectionSlugs: resolved.message });
		const sectionIds =
			parsed.data.sectionSlugs.length === 0 ? null : resolved.sections.map((s) => s.id);
		const { quizSectionSlugs, quizQuestionCount, maxAttempts } = parsed.data;
		const quizResolved = resolveAssignedSections(
			quizSectionSlugs,
			article.sections.filter((s) => s.kind === 'lesson')
		);
		if (!quizResolved.ok) return refuse({ quizSectionSlugs: quizResolved.message });
		const quizSectionIds =
			quizSectionSlugs.length === 0 ? null : quizResolved.sections.map((s) => s.id);
		// The quiz must have questions to ask, and at least as many as each attempt draws.
		const pool = await quizPoolSize(db, article.id, quizSectionIds ?? sectionIds);
		if (pool === 0) {
			return refuse({
				[quizSectionIds ? 'quizSectionSlugs' : 'sectionSlugs']:
					'These modules have no quiz questions yet: choose other modules for the quiz.'
			});
		}
		if (quizQuestionCount !== null && quizQuestionCount > pool) {
			return refuse({
				quizQuestionCount: `This quiz has ${pool} ${pool === 1 ? 'question' : 'questions'}: ask ${pool} or fewer, or leave the field empty for all of them.`
			});
		}
		await createAssignment(db, {
			classId: cls.id,
			articleId: article.id,
			sectionIds,
			quiz: { sectionIds: quizSectionIds, questionCount: quizQuestionCount, maxAttempts },
			input: parsed.data
		});
		redirect(303, `/classes/${cls.id}?notice=assigned#assignments`);
	},

	unassign: async (event) => {
		const { cls, refused } = await changeable(event);
		if (refused) return refused;
		const parsed = parseForm(assignmentIdForm, await event.request.formData());
		if (!parsed.ok) return fail(400, { target: 'assignments', errors: parsed.errors, values: {} });
		const removed = await deleteAssignment(database().db, cls.id, parsed.data.assignmentId);
		if (!removed) {
			return fail(404, {
				target: 'assignments',
				errors: { form: 'That assignment is not in this class any more.' },
				values: {}
			});
		}
		redirect(303, `/classes/${cls.id}?notice=unassigned#assignments`);
	}
};
