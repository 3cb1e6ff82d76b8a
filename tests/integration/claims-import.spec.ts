// An import's claims (issue 13) on a real libSQL file database: a small article with a hand-made
// claims file (tests/fixtures/claims), imported, edited and imported again. The rules' drafts are
// given by hand here (the rules have their own specs), except in the first test.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/lib/article/parse';
import {
	importedClaims,
	type ClaimsFile,
	type ContradictionInput,
	type MarkInput
} from '../../src/lib/marks/claims';
import { courseClaims, parseClaimsFile } from '../../src/lib/marks/course';
import { importArticle, importHash, importUnchanged } from '../../src/lib/server/articles';
import { listClaims } from '../../src/lib/server/claims';
import { contradictions, sections, sourceMarks } from '../../src/lib/server/db/schema';
import { freshDatabase, REPO_ROOT, type TestDatabase } from './support/database';

const fixture = (name: string) => readFileSync(`${REPO_ROOT}tests/fixtures/claims/${name}`, 'utf8');
const TEXT = fixture('pier-bell.txt');
const FILE = JSON.parse(fixture('pier-bell.claims.json')) as ClaimsFile;

const CAST = 'The bell was cast in 1874 for the first ferry service across the bay.';
const DIVERS =
	'Divers raised the bronze bell, which weighs 1200 kilograms, from the harbour floor in 1991.';
const MUSEUM =
	'According to the harbour museum, it was cleaned and rehung on the pier a year later.';
const VOICE = "“The bell is the voice of the town,” said Rosa Mendes, the museum's director.";
const WEIGHT = FILE.marks[0]!.quote;
const BELIEVE = FILE.marks[1]!.quote;

const draft = (section: string, quote: string): MarkInput => ({
	section,
	quote,
	kind: 'none',
	source: null,
	speaker: null,
	note: 'Stated as fact; the text gives no source.',
	provenance: false
});
const DRAFTS = [
	draft('introduction', CAST),
	draft('how-it-came-back', DIVERS),
	draft('how-it-came-back', MUSEUM)
];
const PAIR: ContradictionInput = {
	a: { section: 'introduction', quote: CAST, label: '1874' },
	b: { section: 'how-it-came-back', quote: DIVERS, label: '1991' },
	subject: 'the bell',
	note: 'A draft pair.'
};

let t: TestDatabase;
beforeEach(async () => {
	t = await freshDatabase();
});
afterEach(() => t.close());

/** Imports `text` with the given drafts and file (parsed against the text, as start-up does). */
async function load(
	text: string,
	{
		marks = DRAFTS,
		pairs = [PAIR],
		file = FILE as ClaimsFile | null
	}: { marks?: MarkInput[]; pairs?: ContradictionInput[]; file?: ClaimsFile | null } = {}
) {
	const article = parseArticle(text);
	const hand = file ? parseClaimsFile(article, file) : undefined;
	const claims = importedClaims({ marks, contradictions: pairs }, hand);
	return importArticle(t.db, article, [], { claims });
}

const markRows = () =>
	t.db.select().from(sourceMarks).orderBy(sourceMarks.position, sourceMarks.quote);
const markRow = async (quote: string) => (await markRows()).find((m) => m.quote === quote);
const pairRows = () => t.db.select().from(contradictions);

/** Inserts a mark a person made in the editor, straight in the database. */
async function personMark(articleId: string, sectionSlug: string, quote: string) {
	const section = await t.db.query.sections.findFirst({ where: eq(sections.slug, sectionSlug) });
	const id = randomUUID();
	await t.db.insert(sourceMarks).values({
		id,
		articleId,
		sectionId: section!.id,
		quote,
		kind: 'named',
		source: 'Rosa Mendes',
		speaker: 'Rosa Mendes',
		note: 'A person’s note.',
		status: 'confirmed',
		origin: 'person',
		position: 99
	});
	return id;
}

describe('claims at import', () => {
	it('stores the file’s claims confirmed and the rules’ drafts as suggestions', async () => {
		const article = parseArticle(TEXT);
		const claims = courseClaims(article, FILE);
		const { articleId } = await importArticle(t.db, article, [], { claims });
		const stored = await listClaims(t.db, articleId);
		expect(stored.marks.length).toBe(claims.marks.length);
		const weight = stored.marks.find((m) => m.quote === WEIGHT)!;
		expect(weight).toMatchObject({
			section: 'introduction',
			kind: 'named',
			source: 'the harbour museum',
			status: 'confirmed',
			origin: 'file',
			provenance: true
		});
		const drafts = stored.marks.filter((m) => m.origin === 'rules');
		expect(drafts.length).toBeGreaterThan(0);
		expect(drafts.every((m) => m.status === 'suggested')).toBe(true);
		expect(stored.contradictions[0]).toMatchObject({
			a: { section: 'introduction', quote: 'weighs 900 kilograms', label: '900 kilograms' },
			b: { section: 'how-it-came-back', quote: 'which weighs 1200 kilograms' },
			note: FILE.contradictions[0]!.note,
			status: 'confirmed',
			origin: 'file'
		});
	});

	it('places the claims in the incoming order, each on its module', async () => {
		await load(TEXT);
		const rows = await markRows();
		expect(rows.map((m) => m.quote)).toEqual([WEIGHT, BELIEVE, CAST, DIVERS, MUSEUM]);
		const intro = await t.db.query.sections.findFirst({
			where: eq(sections.slug, 'introduction')
		});
		expect(rows[0]!.sectionId).toBe(intro!.id);
		const pairs = await pairRows();
		expect(pairs.map((p) => [p.origin, p.position])).toEqual([
			['file', 0],
			['rules', 1]
		]);
	});

	it('replaces the rules’ drafts on a re-import and keeps the ids of those drawn again', async () => {
		await load(TEXT);
		const kept = (await markRow(CAST))!.id;
		const result = await load(TEXT.replace('at noon', 'at midday'), {
			marks: [draft('introduction', CAST), draft('what-people-say', VOICE)]
		});
		expect(result.outcome).toBe('updated');
		const rows = await markRows();
		expect(rows.map((m) => m.quote).toSorted()).toEqual([WEIGHT, BELIEVE, CAST, VOICE].toSorted());
		expect((await markRow(CAST))!.id).toBe(kept);
		expect(rows.every((m) => m.archivedAt === null)).toBe(true);
	});

	it('keeps a person’s and a confirmed mark where their quote survives, archives them when it is gone, and brings them back', async () => {
		const { articleId } = await load(TEXT);
		const person = await personMark(articleId, 'what-people-say', VOICE);
		const confirmed = (await markRow(MUSEUM))!.id;
		await t.db
			.update(sourceMarks)
			.set({ status: 'confirmed', note: 'Checked.' })
			.where(eq(sourceMarks.id, confirmed));

		// Other text changes: both stay as they were.
		await load(TEXT.replace('at noon', 'at midday'));
		expect(await markRow(VOICE)).toMatchObject({ id: person, archivedAt: null, position: 99 });
		expect(await markRow(MUSEUM)).toMatchObject({
			id: confirmed,
			status: 'confirmed',
			note: 'Checked.',
			archivedAt: null
		});

		// Their sentences are reworded: archived, not deleted (the drafts of the new text come in).
		const reworded = TEXT.replace('the voice of the town', 'the town’s voice').replace(
			'cleaned and rehung',
			'cleaned, then rehung'
		);
		await load(reworded, { marks: [draft('introduction', CAST)] });
		expect((await markRow(VOICE))!.archivedAt).not.toBeNull();
		expect((await markRow(MUSEUM))!.archivedAt).not.toBeNull();
		expect((await listClaims(t.db, articleId)).marks.map((m) => m.quote)).not.toContain(VOICE);
		// The file's mark whose text survives stays confirmed.
		expect(await markRow(WEIGHT)).toMatchObject({ status: 'confirmed', archivedAt: null });

		// The text comes back: so do they, as they were.
		await load(TEXT);
		expect(await markRow(VOICE)).toMatchObject({ id: person, archivedAt: null, origin: 'person' });
		expect(await markRow(MUSEUM)).toMatchObject({
			id: confirmed,
			archivedAt: null,
			status: 'confirmed',
			note: 'Checked.'
		});
	});

	it('archives the claims of a module the import archives', async () => {
		const { articleId } = await load(TEXT);
		const person = await personMark(articleId, 'what-people-say', VOICE);
		const without = TEXT.replace('- 3. What people say\n', '- 3. Reader questions\n')
			.replace('- 4. Reader questions\n', '')
			.replace(/What people say\n[\s\S]*?Reader questions\n/, 'Reader questions\n');
		const file = { ...FILE, marks: [FILE.marks[0]!] };
		const result = await load(without, { file });
		expect(result.archivedSections).toEqual(['what-people-say']);
		expect(await markRow(VOICE)).toMatchObject({ id: person });
		expect((await markRow(VOICE))!.archivedAt).not.toBeNull();
		// The file no longer holds the module's mark and its text is gone: archived all the same.
		expect((await markRow(BELIEVE))!.archivedAt).not.toBeNull();
	});

	it('never drafts again a mark an editor removed', async () => {
		await load(TEXT);
		const removed = (await markRow(DIVERS))!.id;
		await t.db.update(sourceMarks).set({ status: 'removed' }).where(eq(sourceMarks.id, removed));
		await load(TEXT.replace('at noon', 'at midday'));
		const rows = (await markRows()).filter((m) => m.quote === DIVERS);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ id: removed, status: 'removed', archivedAt: null });
	});

	it('updates the file’s claims to the file’s next version and drops what it no longer holds', async () => {
		await load(TEXT);
		const next: ClaimsFile = {
			...FILE,
			marks: [{ ...FILE.marks[0]!, note: 'A better note.' }],
			contradictions: []
		};
		await load(TEXT, { file: next, pairs: [] });
		expect(await markRow(WEIGHT)).toMatchObject({ note: 'A better note.', status: 'confirmed' });
		expect(await markRow(BELIEVE)).toBeUndefined();
		expect(await pairRows()).toHaveLength(0);
	});

	it('keeps the file’s claims through an import without the file (a teacher’s or the CLI’s)', async () => {
		await load(TEXT);
		await load(TEXT.replace('at noon', 'at midday'), {
			file: null,
			marks: [draft('introduction', WEIGHT)]
		});
		expect(await markRow(WEIGHT)).toMatchObject({
			kind: 'named',
			status: 'confirmed',
			origin: 'file',
			archivedAt: null
		});
		expect(await markRow(BELIEVE)).toMatchObject({ status: 'confirmed', archivedAt: null });
		expect((await pairRows()).filter((p) => p.origin === 'file')).toHaveLength(1);
		await load(TEXT.replace('Some residents believe', 'Residents believe'), { file: null });
		expect((await markRow(BELIEVE))!.archivedAt).not.toBeNull();
	});

	it('archives a contradiction when either passage is gone, and brings it back', async () => {
		await load(TEXT);
		const [filePair] = (await pairRows()).filter((p) => p.origin === 'file');
		await t.db
			.update(contradictions)
			.set({ origin: 'person' })
			.where(eq(contradictions.id, filePair!.id));
		const changed = TEXT.replace('weighs 1200 kilograms', 'weighs 1,200 kilograms');
		await load(changed, { file: { ...FILE, contradictions: [] }, marks: [], pairs: [] });
		const archived = (await pairRows()).find((p) => p.id === filePair!.id)!;
		expect(archived.archivedAt).not.toBeNull();
		await load(TEXT);
		const back = (await pairRows()).find((p) => p.id === filePair!.id)!;
		expect(back.archivedAt).toBeNull();
		expect((await pairRows()).filter((p) => p.aQuote === 'weighs 900 kilograms')).toHaveLength(1);
	});

	it('without claims: draws nothing new, keeps the drafts, archives what is gone', async () => {
		await load(TEXT);
		const before = await markRows();
		await importArticle(t.db, parseArticle(TEXT.replace('the voice of', 'the sound of')), []);
		const after = await markRows();
		expect(after.map((m) => m.id)).toEqual(before.map((m) => m.id));
		expect(after.every((m) => m.archivedAt === null)).toBe(true);
		await importArticle(t.db, parseArticle(TEXT.replace('cast in 1874', 'cast in 1875')), []);
		expect((await markRow(CAST))!.archivedAt).not.toBeNull();
		expect((await pairRows()).find((p) => p.origin === 'rules')!.archivedAt).not.toBeNull();
	});

	it('knows an unchanged import from its hash, given the claims or only the file', async () => {
		const article = parseArticle(TEXT);
		const claims = importedClaims({ marks: DRAFTS, contradictions: [PAIR] }, FILE);
		expect(importHash(article, [], claims)).toBe(importHash(article, [], FILE));
		expect(importHash(article, [], claims)).not.toBe(importHash(article, [], null));
		expect(importHash(article, [], null)).not.toBe(importHash(article, []));
		await importArticle(t.db, article, [], { claims });
		expect(await importUnchanged(t.db, article, [], FILE)).toBe(true);
		expect(await importUnchanged(t.db, article, [], null)).toBe(false);
		const edited = { ...FILE, marks: [{ ...FILE.marks[0]!, note: 'Edited.' }] };
		expect(await importUnchanged(t.db, article, [], edited)).toBe(false);
		expect((await importArticle(t.db, article, [], { claims })).outcome).toBe('unchanged');
	});
});
