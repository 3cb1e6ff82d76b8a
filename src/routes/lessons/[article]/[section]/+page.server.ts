import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { modulePosition } from '$lib/article/modules';
import { blocksText, excerpt } from '$lib/article/text';
import { authorize, ensureActor, actorOf } from '$lib/server/auth/actor';
import { findReadableArticle } from '$lib/server/articles';
import { discussionPath } from '$lib/server/class-context';
import { database } from '$lib/server/db';
import { markSectionRead, unmarkSectionRead } from '$lib/server/progress';
import { marksShown, rememberMarks } from '$lib/server/reader-marks';
import { readerView } from '$lib/server/reader-view';
import { evidenceInSection } from '$lib/server/quiz';
import { noteProgress } from '$lib/server/lti/outbox';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async ({ params, url, locals, cookies, request }) => {
	const { db } = database();
	const view = await readerView(request, db, actorOf(locals.user), params.article);
	if (!view) error(404, 'Not found');
	const { article } = view.content;
	const index = article.sections.findIndex((s) => s.slug === params.section);
	const section = article.sections[index];
	const blocks = section && view.content.blocks(section.id);
	if (!section || !blocks) error(404, 'Not found');
	const evidenceId = url.searchParams.get('evidence')?.slice(0, 200);
	const highlight = evidenceId
		? await evidenceInSection(db, article.id, evidenceId, section.slug)
		: undefined;
	const prompts = article.prompts.filter((p) => p.sectionId === section.id);
	const next = article.sections[index + 1];
	// Only a page that links to a discussion names the reader's class.
	const cls = locals.user && (prompts.length > 0 || !next) ? view.cls : undefined;
	const link = (s: (typeof article.sections)[number] | undefined) =>
		s && { slug: s.slug, title: s.title };
	const firstPrompt = article.prompts[0];
	return {
		section,
		blocks,
		place: modulePosition(article.sections, section.slug),
		previous: link(article.sections[index - 1]),
		next: link(next),
		// After the last section: on to the discussion, the class's for a student of a class.
		discussion:
			cls && firstPrompt
				? {
						href: discussionPath(article.slug, firstPrompt.number, cls),
						label: `Discuss the reader questions with ${cls.name}`
					}
				: { href: `/lessons/${article.slug}/discuss`, label: 'Discuss the reader questions' },
		promptLinks: prompts.map((p) => ({
			text: p.text,
			number: p.number,
			href: discussionPath(article.slug, p.number, cls)
		})),
		className: cls?.name ?? null,
		description: excerpt(blocksText(blocks)),
		quizCount: view.quizCounts.get(section.id) ?? 0,
		highlight,
		claims: view.content.markup(section),
		showMarks: marksShown(cookies)
	};
};

/** The section named by the URL, or a 404: actions never trust a posted id. */
async function sectionFromUrl(event: RequestEvent) {
	const article = await findReadableArticle(
		database().db,
		actorOf(event.locals.user),
		event.params.article
	);
	const section = article?.sections.find((s) => s.slug === event.params.section);
	if (!section) error(404, 'Not found');
	return { ...section, articleId: article!.id };
}

const marksForm = z.object({ show: z.enum(['on', 'off']) });

export const actions: Actions = {
	// Hides or shows the source marks on every module page: a cookie, so it works without JS.
	marks: async (event) => {
		await sectionFromUrl(event);
		const form = marksForm.safeParse(Object.fromEntries(await event.request.formData()));
		if (!form.success)
			return fail(400, { errors: { show: 'Choose to show or hide the source marks.' } });
		rememberMarks(event.cookies, form.data.show === 'on');
		redirect(303, event.url.pathname + '#reading-note');
	},
	read: async (event) => {
		const section = await sectionFromUrl(event);
		authorize(event, 'progress.record');
		const user = await ensureActor(event);
		await markSectionRead(database().db, user.id, section.id);
		await noteProgress(database().db, user.id, section.articleId);
		redirect(303, event.url.pathname + '#progress');
	},
	unread: async (event) => {
		const section = await sectionFromUrl(event);
		authorize(event, 'progress.record');
		// Nobody yet means nothing read: no guest is made to unmark nothing.
		const user = event.locals.user;
		if (user) {
			await unmarkSectionRead(database().db, user.id, section.id);
			await noteProgress(database().db, user.id, section.articleId);
		}
		redirect(303, event.url.pathname + '#progress');
	}
};
