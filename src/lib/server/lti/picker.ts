// The deep linking picker's server side: what a teacher may choose from, and the assignment
// their choice becomes (an article or one module to read, its quiz if they want it, a due date).
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { DEFAULT_PASS_MARK } from '../../classroom';
import { localDateTimeToUtc } from '../../classroom/time-zone';
import { refuse, type Refusal } from '../../refusal';
import { listPublishedArticles } from '../articles';
import { classRelation, createAssignment } from '../classroom';
import type { Database } from '../db/client';
import { classes } from '../db/schema';
import { quizPoolSize } from '../quiz';
import { deepLinkResponse, type DeepLinkRequest } from './deep-link';
import { findPlatformById } from './platforms';
import { consumeToken, peekToken } from './tokens';

/** The deep linking request a live token carries, while its teacher (or a co-teacher) teaches the class. */
async function pickerRequest(db: Database, token: string) {
	const row = await peekToken(db, token, 'deep-link');
	if (!row?.userId) return undefined;
	const request = row.data as unknown as DeepLinkRequest;
	const [cls] = await db.select().from(classes).where(eq(classes.id, request.classId));
	if (!cls || (await classRelation(db, cls.id, row.userId)) !== 'teacher') return undefined;
	return { request, cls: { name: cls.name, timeZone: cls.timeZone } };
}

export async function openPicker(db: Database, token: string) {
	const opened = await pickerRequest(db, token);
	if (!opened) return undefined;
	const articles = await listPublishedArticles(db);
	return {
		cls: opened.cls,
		articles: articles.map((a) => ({
			slug: a.slug,
			title: a.title,
			modules: a.sections
				.filter((s) => s.kind === 'lesson')
				.map((s) => ({ slug: s.slug, title: s.title }))
		}))
	};
}

export const pickSchema = z.object({
	t: z.string({ error: 'This page has expired.' }).min(1).max(100),
	articleSlug: z.string({ error: 'Choose an article.' }).min(1, 'Choose an article.').max(200),
	part: z.string({ error: 'Choose what to read.' }).max(200).default('all'),
	requireQuiz: z.enum(['on']).optional(),
	dueAt: z.string().trim().max(40).default('')
});

export type Picked = { ok: true; returnUrl: string; jwt: string; title: string } | Refusal;

/** The teacher's choice, as an assignment in the class and a signed answer for the LMS. */
export async function pick(
	db: Database,
	input: z.output<typeof pickSchema>,
	origin: string
): Promise<Picked> {
	const opened = await pickerRequest(db, input.t);
	if (!opened)
		return refuse(400, 'This page has expired. Choose “Add Lectern content” in your LMS again.');
	const all = await listPublishedArticles(db);
	const article = all.find((a) => a.slug === input.articleSlug);
	if (!article) return refuse(400, 'Choose an article from the list.', 'articleSlug');
	const lessons = article.sections.filter((s) => s.kind === 'lesson');
	const module = input.part === 'all' ? null : lessons.find((s) => s.slug === input.part);
	if (input.part !== 'all' && !module)
		return refuse(400, 'Choose a module of this article.', 'part');
	let dueAt: Date | null = null;
	if (input.dueAt) {
		const ms = localDateTimeToUtc(input.dueAt, opened.cls.timeZone);
		if (ms === null)
			return refuse(
				400,
				'Enter the due date as a date and time, such as 2026-03-14T17:00.',
				'dueAt'
			);
		dueAt = new Date(ms);
	}
	const sectionIds = module ? [module.id] : null;
	const requireQuiz = input.requireQuiz === 'on';
	if (requireQuiz && (await quizPoolSize(db, article.id, sectionIds)) === 0) {
		return refuse(
			400,
			'This part has no published quiz questions yet: untick the quiz or choose another part.',
			'requireQuiz'
		);
	}
	const used = await consumeToken(db, input.t, 'deep-link');
	if (!used)
		return refuse(400, 'This page has expired. Choose “Add Lectern content” in your LMS again.');
	const request = used.data as unknown as DeepLinkRequest;
	const platform = await findPlatformById(db, request.platformId);
	if (!platform) return refuse(400, 'The LMS is no longer registered with this Lectern.');
	const assignmentId = await createAssignment(db, {
		classId: request.classId,
		articleId: article.id,
		sectionIds,
		quiz: { sectionIds, questionCount: null, maxAttempts: null },
		input: {
			dueAt: dueAt?.getTime() ?? null,
			requireQuiz,
			passMark: DEFAULT_PASS_MARK,
			requireResponse: false
		}
	});
	const title = module ? `${article.title}: ${module.title}` : article.title;
	const jwt = await deepLinkResponse(db, platform, request, {
		assignmentId,
		title: title.slice(0, 200),
		text: requireQuiz ? 'Read, then pass the quiz in Lectern.' : 'Read in Lectern.',
		dueAt,
		origin
	});
	return { ok: true, returnUrl: request.returnUrl, jwt, title };
}
