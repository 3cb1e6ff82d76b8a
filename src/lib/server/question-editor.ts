/**
 * The question editor's operations on an article's bank. Each one is authorized by
 * findEditableArticle (the owner while a teacher, or an admin; anyone else gets the same 404 as
 * for an article that does not exist) and writes in one transaction. A question row is never
 * deleted: attempts and review cards point at it; it is archived instead. Any change to a
 * question's data is a new version with its own question_versions row, naming who wrote it.
 */
import { randomBytes } from 'node:crypto';
import { and, asc, eq, isNull, max } from 'drizzle-orm';
import type { Viewer } from '../access/article';
import type { Block } from '../article/types';
import type { Question } from '../quiz/schema';
import { refuse, type Refusal } from '../refusal';
import { questionKey } from './articles';
import type { Database, Executor } from './db/client';
import { questions, questionVersions, sections } from './db/schema';
import {
	findEditableArticle,
	listArticleQuestions,
	type BankQuestion,
	type EditableArticle
} from './question-bank';

export type Done<T = object> = ({ ok: true } & T) | Refusal;

const notFound = () => refuse(404, 'Not found');

export interface EditorModule {
	id: string;
	slug: string;
	title: string;
	kind: 'lesson' | 'prompts' | 'sources';
	blocks: Block[];
}

/** The article's live modules, in article order. */
async function liveModules(db: Executor, articleId: string): Promise<EditorModule[]> {
	const rows = await db
		.select({
			id: sections.id,
			slug: sections.slug,
			title: sections.title,
			kind: sections.kind,
			blocks: sections.blocks
		})
		.from(sections)
		.where(and(eq(sections.articleId, articleId), isNull(sections.archivedAt)))
		.orderBy(asc(sections.position));
	return rows.map((r) => ({ ...r, blocks: r.blocks as Block[] }));
}

export interface EditorOverview {
	article: EditableArticle;
	modules: (Omit<EditorModule, 'blocks'> & {
		counts: Record<BankQuestion['status'], number>;
	})[];
}

/** The bank per module, with how many questions each has in each status; undefined → 404. */
export async function loadEditorOverview(
	db: Database,
	viewer: Viewer | null,
	slug: string
): Promise<EditorOverview | undefined> {
	const article = await findEditableArticle(db, viewer, slug);
	if (!article) return undefined;
	const [modules, bank] = await Promise.all([
		liveModules(db, article.id),
		listArticleQuestions(db, article.id)
	]);
	return {
		article,
		modules: modules.map(({ blocks: _blocks, ...m }) => {
			const counts = { suggested: 0, published: 0, archived: 0 };
			for (const q of bank) if (q.sectionId === m.id) counts[q.status]++;
			return { ...m, counts };
		})
	};
}

export interface EditorSection {
	article: EditableArticle;
	module: EditorModule;
	/** The module's questions in bank order, whatever their status. */
	questions: BankQuestion[];
}

/** One module's text and questions for its editor; undefined → 404. */
export async function loadEditorSection(
	db: Database,
	viewer: Viewer | null,
	slug: string,
	sectionSlug: string
): Promise<EditorSection | undefined> {
	const article = await findEditableArticle(db, viewer, slug);
	if (!article) return undefined;
	const module = (await liveModules(db, article.id)).find((m) => m.slug === sectionSlug);
	if (!module) return undefined;
	const bank = await listArticleQuestions(db, article.id);
	return { article, module, questions: bank.filter((q) => q.sectionId === module.id) };
}

interface QuestionRow {
	key: string;
	sectionId: string | null;
	status: 'suggested' | 'published';
	archivedAt: Date | null;
	version: number;
	position: number;
	data: Question;
}

async function findQuestion(
	db: Executor,
	articleId: string,
	id: string
): Promise<QuestionRow | undefined> {
	const key = questionKey(articleId, id);
	const row = await db.query.questions.findFirst({
		columns: {
			sectionId: true,
			status: true,
			archivedAt: true,
			version: true,
			position: true,
			data: true
		},
		where: and(eq(questions.id, key), eq(questions.articleId, articleId))
	});
	return row && { ...row, key, data: row.data as Question };
}

/**
 * Authorizes, then runs `change` on the question in one transaction. `change` answers a
 * refusal when the question is not in a state it applies to.
 */
async function onQuestion<T extends object>(
	db: Database,
	viewer: Viewer | null,
	slug: string,
	id: string,
	change: (tx: Executor, row: QuestionRow, article: EditableArticle) => Promise<Done<T>>
): Promise<Done<T>> {
	const article = await findEditableArticle(db, viewer, slug);
	if (!article) return notFound();
	return db.transaction(async (tx) => {
		const row = await findQuestion(tx, article.id, id);
		return row ? change(tx, row, article) : notFound();
	});
}

const setRow = (tx: Executor, key: string, values: Partial<typeof questions.$inferInsert>) =>
	tx.update(questions).set(values).where(eq(questions.id, key));

/** A suggestion becomes a published question: learners see it from now on. */
export function acceptQuestion(db: Database, viewer: Viewer | null, slug: string, id: string) {
	return onQuestion(db, viewer, slug, id, async (tx, row) => {
		if (row.status !== 'suggested' || row.archivedAt)
			return refuse(409, 'Only a suggestion waiting for review can be accepted.');
		await setRow(tx, row.key, { status: 'published' });
		return { ok: true };
	});
}

/** A suggestion set aside: archived, kept, and seen by no learner. */
export function discardSuggestion(db: Database, viewer: Viewer | null, slug: string, id: string) {
	return onQuestion(db, viewer, slug, id, async (tx, row) => {
		if (row.status !== 'suggested' || row.archivedAt)
			return refuse(409, 'Only a suggestion waiting for review can be discarded.');
		await setRow(tx, row.key, { archivedAt: new Date() });
		return { ok: true };
	});
}

/** A published question retired: asked no more, kept for the attempts that asked it. */
export function archiveQuestion(db: Database, viewer: Viewer | null, slug: string, id: string) {
	return onQuestion(db, viewer, slug, id, async (tx, row) => {
		if (row.archivedAt) return refuse(409, 'This question is already archived.');
		if (row.status !== 'published') return refuse(409, 'A suggestion is discarded, not archived.');
		await setRow(tx, row.key, { archivedAt: new Date() });
		return { ok: true };
	});
}

/** Brings an archived question back to what it was: published, or a suggestion to review. */
export function restoreQuestion(db: Database, viewer: Viewer | null, slug: string, id: string) {
	return onQuestion(db, viewer, slug, id, async (tx, row) => {
		if (!row.archivedAt) return refuse(409, 'This question is not archived.');
		await setRow(tx, row.key, { archivedAt: null });
		return { ok: true };
	});
}

/** Every suggestion of one module accepted at once; other modules' are left as they are. */
export async function acceptAllInSection(
	db: Database,
	viewer: Viewer | null,
	slug: string,
	sectionSlug: string
): Promise<Done<{ accepted: number }>> {
	const article = await findEditableArticle(db, viewer, slug);
	if (!article) return notFound();
	return db.transaction(async (tx) => {
		const module = (await liveModules(tx, article.id)).find((m) => m.slug === sectionSlug);
		if (!module) return notFound();
		const accepted = await tx
			.update(questions)
			.set({ status: 'published' })
			.where(
				and(
					eq(questions.articleId, article.id),
					eq(questions.sectionId, module.id),
					eq(questions.status, 'suggested'),
					isNull(questions.archivedAt)
				)
			)
			.returning({ id: questions.id });
		return { ok: true, accepted: accepted.length };
	});
}

/**
 * Swaps a live question with its neighbour of the same status in the module: published ones in
 * the order learners are asked them, suggestions among themselves.
 */
export function moveQuestion(
	db: Database,
	viewer: Viewer | null,
	slug: string,
	id: string,
	direction: 'up' | 'down'
) {
	return onQuestion(db, viewer, slug, id, async (tx, row, article) => {
		if (row.archivedAt || !row.sectionId)
			return refuse(409, 'An archived question has no place to move.');
		const siblings = await tx
			.select({ key: questions.id, position: questions.position })
			.from(questions)
			.where(
				and(
					eq(questions.articleId, article.id),
					eq(questions.sectionId, row.sectionId),
					eq(questions.status, row.status),
					isNull(questions.archivedAt)
				)
			)
			.orderBy(asc(questions.position), asc(questions.id));
		const at = siblings.findIndex((s) => s.key === row.key);
		const other = siblings[direction === 'up' ? at - 1 : at + 1];
		if (!other) return { ok: true, moved: false };
		await setRow(tx, row.key, { position: other.position });
		await setRow(tx, other.key, { position: row.position });
		return { ok: true, moved: true };
	});
}

/** Makes sure the version a question stands at has its row (an older import may have left none). */
async function keepCurrentVersion(tx: Executor, row: QuestionRow) {
	await tx
		.insert(questionVersions)
		.values({ questionId: row.key, version: row.version, data: row.data, createdById: null })
		.onConflictDoNothing();
}

/**
 * A question written in the editor: origin 'teacher', published, version 1, last in its
 * module. Its id is `t-` and 8 hex digits, unique in the article; `question.id` is replaced.
 */
export async function createQuestion(
	db: Database,
	viewer: Viewer | null,
	slug: string,
	sectionSlug: string,
	question: Question
): Promise<Done<{ id: string }>> {
	const article = await findEditableArticle(db, viewer, slug);
	if (!article || !viewer) return notFound();
	return db.transaction(async (tx) => {
		const module = (await liveModules(tx, article.id)).find((m) => m.slug === sectionSlug);
		if (!module) return notFound();
		if (question.evidence.section !== module.slug)
			return refuse(400, "The evidence must be a passage of this module's text.", 'quote');
		let id = '';
		do id = `t-${randomBytes(4).toString('hex')}`;
		while (await findQuestion(tx, article.id, id));
		const key = questionKey(article.id, id);
		const data = { ...question, id };
		const [last] = await tx
			.select({ position: max(questions.position) })
			.from(questions)
			.where(eq(questions.articleId, article.id));
		await tx.insert(questions).values({
			id: key,
			articleId: article.id,
			sectionId: module.id,
			origin: 'teacher',
			status: 'published',
			version: 1,
			position: (last?.position ?? -1) + 1,
			data
		});
		await tx
			.insert(questionVersions)
			.values({ questionId: key, version: 1, data, createdById: viewer.id });
		return { ok: true, id };
	});
}

/**
 * An edit: the question's next version, with its row naming the editor. The type stays (a
 * different type is a new question). `publish` accepts a suggestion in the same step.
 */
export function saveQuestion(
	db: Database,
	viewer: Viewer | null,
	slug: string,
	id: string,
	question: Question,
	{ publish = false }: { publish?: boolean } = {}
): Promise<Done<{ version: number }>> {
	return onQuestion(db, viewer, slug, id, async (tx, row) => {
		if (question.type !== row.data.type)
			return refuse(400, 'A question keeps its type: write a new question for another type.');
		const [module] = await tx
			.select({ slug: sections.slug })
			.from(sections)
			.where(eq(sections.id, row.sectionId ?? ''));
		if (!module || question.evidence.section !== module.slug)
			return refuse(400, "The evidence must be a passage of this module's text.", 'quote');
		const data = { ...question, id };
		const version = row.version + 1;
		await keepCurrentVersion(tx, row);
		await tx
			.insert(questionVersions)
			.values({ questionId: row.key, version, data, createdById: viewer!.id });
		await setRow(tx, row.key, {
			data,
			version,
			...(publish && row.status === 'suggested' ? { status: 'published' as const } : {})
		});
		return { ok: true, version };
	});
}
