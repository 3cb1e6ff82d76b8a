// The source-marks editor's writes against a real database file: who may use them (the owner
// while a teacher and admins; everyone else the 404 of an absent article), what each does to a
// mark or a link (status, fields, who and when), quotes checked word for word, ids checked to
// belong to the article and module, and the readers' page cache told of every change.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/lib/access/article';
import { QUOTE_MESSAGES } from '../../src/lib/quiz/editor/evidence';
import { claimsStamp, listClaims } from '../../src/lib/server/claims';
import {
	addMark,
	confirmContradiction,
	confirmMark,
	correctMark,
	editContradiction,
	linkPassages,
	loadMarksEditor,
	removeContradiction,
	removeMark,
	restoreContradiction,
	restoreMark
} from '../../src/lib/server/claims-editor';
import { contradictions, questions, sourceMarks, users } from '../../src/lib/server/db/schema';
import { CLAIM_ID_PREFIX } from '../../src/lib/suggest/claims';
import { MARK_MESSAGES } from '../../src/lib/marks/editor/form';
import { DRAFT_QUOTES, insertDraftClaims, KEEPERS, OPENING } from '../support/claims-drafts';
import { importEditorArticle } from '../support/editor-article';
import { freshDatabase, type TestDatabase } from './support/database';

let t: TestDatabase;
let articleId: string;
let slug: string;
let drafts: Awaited<ReturnType<typeof insertDraftClaims>>;
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
	drafts = await insertDraftClaims(t.db, articleId);
});
afterEach(() => t.close());

const markRow = async (id: string) =>
	(await t.db.select().from(sourceMarks).where(eq(sourceMarks.id, id)))[0]!;
const linkRow = async (id: string) =>
	(await t.db.select().from(contradictions).where(eq(contradictions.id, id)))[0]!;
const fields = {
	kind: 'named' as const,
	source: 'the national maritime agency',
	speaker: null,
	note: 'Credited at the end of the sentence.',
	provenance: false
};
const link = {
	quoteA: 'reopened to visitors on Saturday',
	labelA: null,
	sectionB: 'the-restoration',
	quoteB: 'the gardens were replanted in 2023',
	labelB: 'the gardens',
	subject: 'when the work ended',
	note: 'One passage has the site reopen while the other has work go on.'
};

describe('who may edit the marks', () => {
	const writes = (viewer: Viewer | null) => [
		() => confirmMark(t.db, viewer, slug, OPENING, drafts.said),
		() => correctMark(t.db, viewer, slug, OPENING, drafts.beam, fields),
		() => removeMark(t.db, viewer, slug, OPENING, drafts.lit),
		() => restoreMark(t.db, viewer, slug, OPENING, drafts.lit),
		() =>
			addMark(t.db, viewer, slug, OPENING, { ...fields, quote: 'The tower stands 38 metres tall' }),
		() => confirmContradiction(t.db, viewer, slug, OPENING, drafts.link),
		() => editContradiction(t.db, viewer, slug, OPENING, drafts.link, { subject: 's', note: 'n' }),
		() => removeContradiction(t.db, viewer, slug, OPENING, drafts.link),
		() => restoreContradiction(t.db, viewer, slug, OPENING, drafts.link),
		() => linkPassages(t.db, viewer, slug, OPENING, link)
	];

	it.each(['otherTeacher', 'learner', 'anonymous'] as const)(
		'a %s gets the 404 of an absent article, and nothing changes',
		async (who) => {
			const viewer = who === 'anonymous' ? null : people[who];
			expect(await loadMarksEditor(t.db, viewer, slug, OPENING)).toBeUndefined();
			const before = await listClaims(t.db, articleId, { includeRemoved: true });
			for (const write of writes(viewer))
				expect(await write()).toMatchObject({ ok: false, status: 404 });
			expect(await listClaims(t.db, articleId, { includeRemoved: true })).toEqual(before);
		}
	);

	it.each(['owner', 'admin'] as const)('the %s may do every one of them', async (who) => {
		expect(await loadMarksEditor(t.db, people[who], slug, OPENING)).toBeDefined();
		for (const write of writes(people[who])) expect(await write()).toEqual({ ok: true });
	});

	it('a module the article does not have is a 404', async () => {
		expect(await loadMarksEditor(t.db, people.owner, slug, 'no-such-module')).toBeUndefined();
		expect(
			await confirmMark(t.db, people.owner, slug, 'no-such-module', drafts.said)
		).toMatchObject({
			status: 404
		});
	});
});

describe('a module page of the editor', () => {
	it('shows the module text, its marks in reading order with removed ones, and its links', async () => {
		await removeMark(t.db, people.owner, slug, OPENING, drafts.lit);
		const page = (await loadMarksEditor(t.db, people.owner, slug, OPENING))!;
		expect(page.module.slug).toBe(OPENING);
		expect(page.module.blocks.length).toBeGreaterThan(0);
		expect(page.marks.map((m) => [m.quote, m.status])).toEqual([
			[DRAFT_QUOTES.said, 'suggested'],
			[DRAFT_QUOTES.beam, 'suggested'],
			[DRAFT_QUOTES.lit, 'removed']
		]);
		expect(page.contradictions.map((c) => c.id)).toEqual([drafts.link]);
		expect(page.modules.map((m) => m.slug)).toEqual([OPENING, KEEPERS, 'the-restoration']);
		// The other module's page lists the link too: it has a passage there.
		const keepers = (await loadMarksEditor(t.db, people.owner, slug, KEEPERS))!;
		expect(keepers.marks).toEqual([]);
		expect(keepers.contradictions.map((c) => c.id)).toEqual([drafts.link]);
	});
});

describe('the marks', () => {
	it('confirming a suggestion confirms it as it stands, naming who and when', async () => {
		const before = await markRow(drafts.said);
		expect(await confirmMark(t.db, people.owner, slug, OPENING, drafts.said)).toEqual({ ok: true });
		const after = await markRow(drafts.said);
		expect(after).toMatchObject({
			status: 'confirmed',
			kind: 'named',
			source: 'Clara Mendes',
			updatedById: people.owner.id
		});
		expect(after.updatedAt.getTime()).toBeGreaterThanOrEqual(before.updatedAt.getTime());
		expect(await confirmMark(t.db, people.owner, slug, OPENING, drafts.said)).toMatchObject({
			status: 409
		});
	});

	it('a correction writes every field and confirms the mark', async () => {
		expect(
			await correctMark(t.db, people.admin, slug, OPENING, drafts.beam, {
				...fields,
				provenance: true
			})
		).toEqual({ ok: true });
		expect(await markRow(drafts.beam)).toMatchObject({
			...fields,
			provenance: true,
			status: 'confirmed',
			origin: 'rules',
			updatedById: people.admin.id
		});
	});

	it('a removed mark stays as a tombstone, is corrected only once restored, and comes back as a suggestion of the rules', async () => {
		expect(await removeMark(t.db, people.owner, slug, OPENING, drafts.lit)).toEqual({ ok: true });
		expect(await markRow(drafts.lit)).toMatchObject({ status: 'removed', archivedAt: null });
		expect((await listClaims(t.db, articleId)).marks.map((m) => m.id)).not.toContain(drafts.lit);
		expect(await correctMark(t.db, people.owner, slug, OPENING, drafts.lit, fields)).toMatchObject({
			status: 409
		});
		expect(await removeMark(t.db, people.owner, slug, OPENING, drafts.lit)).toMatchObject({
			status: 409
		});
		expect(await restoreMark(t.db, people.owner, slug, OPENING, drafts.lit)).toEqual({ ok: true });
		expect((await markRow(drafts.lit)).status).toBe('suggested');
		expect(await restoreMark(t.db, people.owner, slug, OPENING, drafts.lit)).toMatchObject({
			status: 409
		});
	});

	it("a person's mark is confirmed, theirs, last in the module's order", async () => {
		const quote = 'The tower stands 38 metres tall';
		expect(await addMark(t.db, people.owner, slug, OPENING, { ...fields, quote })).toEqual({
			ok: true
		});
		const page = (await loadMarksEditor(t.db, people.owner, slug, OPENING))!;
		expect(page.marks.at(-1)).toMatchObject({
			quote,
			status: 'confirmed',
			origin: 'person',
			source: fields.source
		});
		const [row] = await t.db.select().from(sourceMarks).where(eq(sourceMarks.quote, quote));
		expect(row).toMatchObject({ updatedById: people.owner.id, articleId, position: 3 });
	});

	it('a quote is checked word for word against one passage of the module, with the question editor’s messages', async () => {
		const add = (quote: string) => addMark(t.db, people.owner, slug, OPENING, { ...fields, quote });
		expect(await add('')).toMatchObject({
			status: 422,
			field: 'quote',
			message: QUOTE_MESSAGES.missing
		});
		expect(await add('the tower stands 38 metres tall')).toMatchObject({
			field: 'quote',
			message: QUOTE_MESSAGES.nearly(8)
		});
		expect(await add('Three keepers lived at the station')).toMatchObject({
			field: 'quote',
			message: QUOTE_MESSAGES.notFound
		});
		expect(await add('Cape Morro Trust. The tower stands')).toMatchObject({
			field: 'quote',
			message: QUOTE_MESSAGES.acrossPassages
		});
	});

	it('a passage already marked is not marked twice; a removed one is restored instead', async () => {
		expect(
			await addMark(t.db, people.owner, slug, OPENING, { ...fields, quote: DRAFT_QUOTES.beam })
		).toMatchObject({
			status: 409,
			field: 'quote',
			message: expect.stringContaining('already marked')
		});
		await removeMark(t.db, people.owner, slug, OPENING, drafts.lit);
		expect(
			await addMark(t.db, people.owner, slug, OPENING, { ...fields, quote: DRAFT_QUOTES.lit })
		).toMatchObject({ status: 409, message: expect.stringContaining('restore it') });
	});

	it("a mark is acted on only from its own module's page, and only in its own article", async () => {
		expect(await confirmMark(t.db, people.owner, slug, KEEPERS, drafts.said)).toMatchObject({
			status: 404
		});
		const other = await importEditorArticle(t.db, people.owner.id, 'another-lighthouse');
		expect(await confirmMark(t.db, people.owner, other.slug, OPENING, drafts.said)).toMatchObject({
			status: 404
		});
		expect(await confirmMark(t.db, people.owner, slug, OPENING, "1' OR '1'='1")).toMatchObject({
			status: 404
		});
		expect((await markRow(drafts.said)).status).toBe('suggested');
	});
});

describe('questions from confirmed claims', () => {
	const claimQuestions = async () =>
		(await t.db.select().from(questions).where(eq(questions.articleId, articleId))).filter((q) =>
			(q.data as { id: string }).id.startsWith(CLAIM_ID_PREFIX)
		);

	it("a person's mark of a named source adds its questions as suggestions, in the same write", async () => {
		await removeMark(t.db, people.owner, slug, OPENING, drafts.lit);
		expect(await claimQuestions()).toHaveLength(0);
		const quote =
			'The tower stands 38 metres tall and its beam can be seen 22 nautical miles out to sea, according to the national maritime agency.';
		expect(await addMark(t.db, people.owner, slug, OPENING, { ...fields, quote })).toEqual({
			ok: true
		});
		const stored = await claimQuestions();
		expect(stored.length).toBeGreaterThan(0);
		expect(stored.every((q) => q.status === 'suggested')).toBe(true);
		expect(stored.map((q) => (q.data as { text: string }).text).join('\n')).toMatch(
			/Which source does the article give/
		);
	});
});

describe('the links between passages that disagree', () => {
	it('confirm, edit (which confirms), remove and restore, from either passage’s module', async () => {
		expect(await confirmContradiction(t.db, people.owner, slug, KEEPERS, drafts.link)).toEqual({
			ok: true
		});
		expect((await linkRow(drafts.link)).status).toBe('confirmed');
		expect(await removeContradiction(t.db, people.owner, slug, OPENING, drafts.link)).toEqual({
			ok: true
		});
		expect(
			await editContradiction(t.db, people.owner, slug, OPENING, drafts.link, {
				subject: 's',
				note: 'n'
			})
		).toMatchObject({ status: 409 });
		expect(await restoreContradiction(t.db, people.owner, slug, OPENING, drafts.link)).toEqual({
			ok: true
		});
		expect((await linkRow(drafts.link)).status).toBe('suggested');
		const words = { subject: 'the years of the station', note: 'Two different years are given.' };
		expect(await editContradiction(t.db, people.admin, slug, OPENING, drafts.link, words)).toEqual({
			ok: true
		});
		expect(await linkRow(drafts.link)).toMatchObject({
			...words,
			status: 'confirmed',
			updatedById: people.admin.id
		});
		expect(
			await confirmContradiction(t.db, people.owner, slug, 'the-restoration', drafts.link)
		).toMatchObject({ status: 404 });
	});

	it("a person's link: passage A on this module, passage B on the module named, confirmed", async () => {
		expect(await linkPassages(t.db, people.owner, slug, OPENING, link)).toEqual({ ok: true });
		const { contradictions: found } = await listClaims(t.db, articleId);
		expect(found.at(-1)).toMatchObject({
			a: { section: OPENING, quote: link.quoteA, label: null },
			b: { section: 'the-restoration', quote: link.quoteB, label: 'the gardens' },
			subject: link.subject,
			note: link.note,
			status: 'confirmed',
			origin: 'person'
		});
		expect(await linkPassages(t.db, people.owner, slug, OPENING, link)).toMatchObject({
			status: 409,
			field: 'form'
		});
	});

	it('each passage is checked in its own module, beside its own field', async () => {
		const refused = (change: Partial<typeof link>) =>
			linkPassages(t.db, people.owner, slug, OPENING, { ...link, ...change });
		expect(await refused({ quoteA: link.quoteB })).toMatchObject({
			field: 'quoteA',
			message: QUOTE_MESSAGES.notFound
		});
		expect(await refused({ sectionB: 'nowhere' })).toMatchObject({
			field: 'sectionB',
			message: MARK_MESSAGES.sectionB
		});
		expect(await refused({ quoteB: link.quoteA })).toMatchObject({
			field: 'quoteB',
			message: QUOTE_MESSAGES.notFound
		});
		expect(await refused({ sectionB: OPENING, quoteB: link.quoteA })).toMatchObject({
			field: 'quoteB',
			message: MARK_MESSAGES.samePassage
		});
		expect((await listClaims(t.db, articleId)).contradictions).toHaveLength(1);
	});
});

describe('the readers’ page cache', () => {
	it("changes the article's claims stamp (which keys cached pages) with every write", async () => {
		const seen = new Set([await claimsStamp(t.db, articleId)]);
		const writes = [
			() => confirmMark(t.db, people.owner, slug, OPENING, drafts.said),
			() => removeMark(t.db, people.owner, slug, OPENING, drafts.lit),
			() => linkPassages(t.db, people.owner, slug, OPENING, link)
		];
		for (const write of writes) {
			// Each write stamps a later time than the last (the stamp is in milliseconds).
			await new Promise((resolve) => setTimeout(resolve, 5));
			await write();
			seen.add(await claimsStamp(t.db, articleId));
		}
		expect(seen.size).toBe(4);
	});
});
