// The question editor's operations against a real database file: who may use them (the owner
// while a teacher and admins; everyone else the 404 of an absent article), the versions an edit
// leaves, accepting a module's suggestions without touching another's, and re-ordering.
import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/lib/access/article';
import type { Question } from '../../src/lib/quiz/schema';
import { articleFingerprint, questionKey } from '../../src/lib/server/articles';
import { articles, questionVersions, questions, users } from '../../src/lib/server/db/schema';
import { listArticleQuestions } from '../../src/lib/server/question-bank';
import { questionsStamp } from '../../src/lib/server/quiz';
import {
	acceptAllInSection,
	acceptQuestion,
	archiveQuestion,
	createQuestion,
	discardSuggestion,
	loadEditorOverview,
	loadEditorSection,
	moveQuestion,
	restoreQuestion,
	saveQuestion
} from '../../src/lib/server/question-editor';
import { importEditorArticle } from '../support/editor-article';
import { freshDatabase, type TestDatabase } from './support/database';

let t: TestDatabase;
let articleId: string;
let slug: string;
const people = {} as Record<'owner' | 'admin' | 'otherTeacher' | 'learner', Viewer>;

beforeEach(async () => {
	t = await freshDatabase();
	const roles = {
		owner: 'teacher',
		admin: 'admin',
		otherTeacher: 'teacher',
		learner: 'learner'
	} as const;
	for (const [key, role] of Object.entries(roles)) {
		const id = randomUUID();
		await t.db
			.insert(users)
			.values({ id, email: `${key}-${id.slice(0, 6)}@example.org`, displayName: key, role });
		people[key as keyof typeof people] = { id, role, isGuest: false };
	}
	({ articleId, slug } = await importEditorArticle(t.db, people.owner.id));
});
afterEach(() => t.close());

const bank = () => listArticleQuestions(t.db, articleId);
const statusOf = async (id: string) => (await bank()).find((q) => q.id === id)?.status;
const versions = (id: string) =>
	t.db
		.select({
			version: questionVersions.version,
			data: questionVersions.data,
			by: questionVersions.createdById
		})
		.from(questionVersions)
		.where(eq(questionVersions.questionId, questionKey(articleId, id)))
		.orderBy(asc(questionVersions.version));

const newQuestion: Question = {
	id: 'ignored',
	type: 'truefalse',
	text: 'The keepers wound clockwork that turned the lens.',
	explanation: 'The article says they wound the clockwork that turned the lens.',
	evidence: { section: 'how-the-keepers-lived', quote: 'wind the clockwork that turned the lens' },
	answer: true
};

/** An edit of the bank's tower-height question. */
const towerHeight = {
	...newQuestion,
	type: 'numeric',
	answer: 38,
	tolerance: 0,
	evidence: { section: 'introduction', quote: 'The tower stands 38 metres tall' }
} as Question;

describe('who may edit a bank', () => {
	/** Every operation, to run one after another (restore follows archive). */
	const ops = (viewer: Viewer | null) => [
		() => acceptQuestion(t.db, viewer, slug, 'suggest-keepers-automated'),
		() => discardSuggestion(t.db, viewer, slug, 'suggest-keepers-duties'),
		() => archiveQuestion(t.db, viewer, slug, 'keepers-steps'),
		() => restoreQuestion(t.db, viewer, slug, 'keepers-steps'),
		() => moveQuestion(t.db, viewer, slug, 'keepers-steps', 'down'),
		() => acceptAllInSection(t.db, viewer, slug, 'the-restoration'),
		() => createQuestion(t.db, viewer, slug, 'how-the-keepers-lived', newQuestion),
		() => saveQuestion(t.db, viewer, slug, 'tower-height', towerHeight)
	];

	it.each(['otherTeacher', 'learner', 'anonymous'] as const)(
		'answers %s with the 404 of an article that is not there, and changes nothing',
		async (who) => {
			const viewer = who === 'anonymous' ? null : people[who];
			const before = await bank();
			for (const op of ops(viewer)) {
				expect(await op()).toEqual({ ok: false, status: 404, message: 'Not found' });
			}
			expect(await bank()).toEqual(before);
			expect(await loadEditorOverview(t.db, viewer, slug)).toBeUndefined();
			expect(await loadEditorSection(t.db, viewer, slug, 'introduction')).toBeUndefined();
		}
	);

	it.each(['owner', 'admin'] as const)('lets the %s do each of them', async (who) => {
		for (const op of ops(people[who])) expect(await op()).toMatchObject({ ok: true });
		expect(await loadEditorOverview(t.db, people[who], slug)).toBeDefined();
	});

	it('no longer lets the owner edit once they are not a teacher', async () => {
		const demoted = { ...people.owner, role: 'learner' as const };
		expect(await acceptQuestion(t.db, demoted, slug, 'suggest-keepers-automated')).toMatchObject({
			status: 404
		});
	});

	it('answers 404 for a question or module the article does not have', async () => {
		expect(await acceptQuestion(t.db, people.owner, slug, 'no-such-question')).toMatchObject({
			status: 404
		});
		expect(await acceptAllInSection(t.db, people.owner, slug, 'no-such-module')).toMatchObject({
			status: 404
		});
	});
});

describe('reviewing suggestions', () => {
	it('accepts one, discards another, and restores the discarded one as a suggestion', async () => {
		await acceptQuestion(t.db, people.owner, slug, 'suggest-keepers-automated');
		await discardSuggestion(t.db, people.owner, slug, 'suggest-keepers-duties');
		expect(await statusOf('suggest-keepers-automated')).toBe('published');
		expect(await statusOf('suggest-keepers-duties')).toBe('archived');
		expect(await acceptQuestion(t.db, people.owner, slug, 'suggest-keepers-duties')).toMatchObject({
			status: 409
		});
		await restoreQuestion(t.db, people.owner, slug, 'suggest-keepers-duties');
		expect(await statusOf('suggest-keepers-duties')).toBe('suggested');
	});

	it("accepts all of one module's suggestions and leaves other modules' alone", async () => {
		await discardSuggestion(t.db, people.owner, slug, 'suggest-keepers-duties');
		const result = await acceptAllInSection(t.db, people.owner, slug, 'how-the-keepers-lived');
		expect(result).toEqual({ ok: true, accepted: 1 });
		expect(await statusOf('suggest-keepers-automated')).toBe('published');
		expect(await statusOf('suggest-keepers-duties')).toBe('archived');
		expect(await statusOf('suggest-restoration-cost')).toBe('suggested');
	});

	it('archives a published question without deleting its row, and refuses to archive it twice', async () => {
		expect(await archiveQuestion(t.db, people.owner, slug, 'keepers-steps')).toEqual({ ok: true });
		expect(await statusOf('keepers-steps')).toBe('archived');
		expect(await archiveQuestion(t.db, people.owner, slug, 'keepers-steps')).toMatchObject({
			status: 409
		});
		const rows = await t.db.select().from(questions).where(eq(questions.articleId, articleId));
		expect(rows).toHaveLength(5);
	});
});

describe('writing and editing questions', () => {
	it('creates a teacher question: a t- id, published, last in its module, version 1 by its author', async () => {
		const result = await createQuestion(
			t.db,
			people.owner,
			slug,
			'how-the-keepers-lived',
			newQuestion
		);
		if (!result.ok) throw new Error(result.message);
		expect(result.id).toMatch(/^t-[0-9a-f]{8}$/);
		const section = await loadEditorSection(t.db, people.owner, slug, 'how-the-keepers-lived');
		const created = section!.questions.at(-1)!;
		expect(created).toMatchObject({
			id: result.id,
			origin: 'teacher',
			status: 'published',
			version: 1,
			question: { ...newQuestion, id: result.id }
		});
		expect(await versions(result.id)).toEqual([
			{ version: 1, data: { ...newQuestion, id: result.id }, by: people.owner.id }
		]);
	});

	it('refuses evidence from another module', async () => {
		const result = await createQuestion(t.db, people.owner, slug, 'introduction', newQuestion);
		expect(result).toMatchObject({ ok: false, status: 400, field: 'quote' });
	});

	it('saves an edit as the next version, keeping the one before, and may publish a suggestion', async () => {
		const [before] = (await bank()).filter((q) => q.id === 'suggest-keepers-automated');
		const edited = { ...before!.question, text: 'In which year was the light automated?' };
		const result = await saveQuestion(
			t.db,
			people.admin,
			slug,
			'suggest-keepers-automated',
			edited,
			{ publish: true }
		);
		expect(result).toEqual({ ok: true, version: 2 });
		expect(await versions('suggest-keepers-automated')).toEqual([
			{ version: 1, data: before!.question, by: null },
			{ version: 2, data: edited, by: people.admin.id }
		]);
		const after = (await bank()).find((q) => q.id === 'suggest-keepers-automated')!;
		expect(after).toMatchObject({ status: 'published', version: 2, question: edited });
	});

	it('keeps a suggestion a suggestion when it is only saved', async () => {
		const [q] = (await bank()).filter((x) => x.id === 'suggest-restoration-cost');
		await saveQuestion(t.db, people.owner, slug, q!.id, { ...q!.question, text: 'How much?' });
		expect(await statusOf(q!.id)).toBe('suggested');
	});

	it("refuses to change a question's type", async () => {
		const result = await saveQuestion(t.db, people.owner, slug, 'keepers-steps', {
			...newQuestion
		});
		expect(result).toMatchObject({ ok: false, status: 400 });
		expect((await versions('keepers-steps')).map((v) => [v.version, v.by])).toEqual([[1, null]]);
	});
});

describe('re-ordering a module', () => {
	const order = async (section: string) =>
		(await loadEditorSection(t.db, people.owner, slug, section))!.questions
			.filter((q) => q.status !== 'archived')
			.map((q) => q.id);

	it("moves a published question up and down among its module's published questions only", async () => {
		const lived = 'how-the-keepers-lived';
		// Among a published question and two suggestions it has nowhere to go.
		expect(await moveQuestion(t.db, people.owner, slug, 'keepers-steps', 'down')).toEqual({
			ok: true,
			moved: false
		});
		await acceptAllInSection(t.db, people.owner, slug, lived);
		expect(await order(lived)).toEqual([
			'keepers-steps',
			'suggest-keepers-automated',
			'suggest-keepers-duties'
		]);
		await moveQuestion(t.db, people.owner, slug, 'suggest-keepers-duties', 'up');
		expect(await order(lived)).toEqual([
			'keepers-steps',
			'suggest-keepers-duties',
			'suggest-keepers-automated'
		]);
		// The first cannot go higher, nor does it swap with another module's question.
		expect(await moveQuestion(t.db, people.owner, slug, 'keepers-steps', 'up')).toEqual({
			ok: true,
			moved: false
		});
		await moveQuestion(t.db, people.owner, slug, 'keepers-steps', 'down');
		expect(await order(lived)).toEqual([
			'suggest-keepers-duties',
			'keepers-steps',
			'suggest-keepers-automated'
		]);
		expect(await order('introduction')).toEqual(['tower-height']);
		const positions = await t.db
			.select({ p: questions.position })
			.from(questions)
			.where(and(eq(questions.articleId, articleId)));
		expect(new Set(positions.map((r) => r.p)).size).toBe(positions.length);
	});
});

describe('the readers’ page cache', () => {
	it('is keyed by a questions stamp that changes with every change to what learners are asked', async () => {
		// Published, so that the page cache keys its pages: the fingerprint it reads carries the stamp.
		await t.db.update(articles).set({ status: 'published' }).where(eq(articles.id, articleId));
		const stamp = async () => {
			const own = await questionsStamp(t.db, articleId);
			expect(await articleFingerprint(t.db, slug)).toMatch(
				new RegExp(`:${own.replace(/\./g, '\\.')}$`)
			);
			return own;
		};
		const seen = [await stamp()];
		const owner = people.owner;
		const writes = [
			() => acceptQuestion(t.db, owner, slug, 'suggest-keepers-automated'),
			() => archiveQuestion(t.db, owner, slug, 'keepers-steps'),
			() => restoreQuestion(t.db, owner, slug, 'keepers-steps'),
			() => createQuestion(t.db, owner, slug, 'how-the-keepers-lived', newQuestion),
			() => saveQuestion(t.db, owner, slug, 'tower-height', towerHeight)
		];
		for (const write of writes) {
			// Archive and restore stamp times in milliseconds: each write comes a little later.
			await new Promise((resolve) => setTimeout(resolve, 5));
			expect(await write()).toMatchObject({ ok: true });
			seen.push(await stamp());
		}
		// Each write moves it (a restore may bring back the stamp from before its archive: the
		// same questions, the same pages).
		for (let i = 1; i < seen.length; i++) expect(seen[i], `write ${i}`).not.toBe(seen[i - 1]);
		// Reading changes nothing.
		expect(await stamp()).toBe(seen.at(-1));
	});
});
