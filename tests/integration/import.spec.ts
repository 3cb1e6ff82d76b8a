import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/lib/article/parse';
import { ArticleFormatError, type Article } from '../../src/lib/article/types';
import {
	findPublishedArticle,
	findSectionBlocks,
	importArticle,
	listPublishedArticles
} from '../../src/lib/server/articles';
import {
	dumpTables,
	freshDatabase,
	SEED_SLUG,
	seedText,
	type TestDatabase
} from './support/database';

const seed = seedText();

/** Renumbers the `- N. ` contents entries 1, 2, 3… after an edit added or removed some. */
function renumberContents(text: string): string {
	let n = 0;
	return text.replace(/^- \d+\. /gm, () => `- ${++n}. `);
}

/**
 * The seed, revised: one paragraph edited, one heading's capitals changed, one section
 * ("Evergreen takeaways for readers") removed and a new one ("Glossary") added at the end.
 */
function revisedSeed(): string {
	const text = seed
		.replace(
			'Key exchanges show Putin pressing',
			'Key exchanges, newly transcribed, show Putin pressing'
		)
		.replace('- 5. What this means for today\n', '- 5. What This Means For Today\n')
		.replace('\nWhat this means for today\n', '\nWhat This Means For Today\n')
		.replace('- 4. Evergreen takeaways for readers\n', '')
		.replace(/\nEvergreen takeaways for readers\n[^\n]*\n[^\n]*\n/, '\n')
		.replace(
			'- 15. Real‑World Examples: Recent NATO Decisions (2025)\n',
			'- 15. Real‑World Examples: Recent NATO Decisions (2025)\n- 16. Glossary\n'
		);
	return renumberContents(text + '\nGlossary\nBack‑channel – an informal line of contact.\n');
}

type SectionDbRow = {
	id: string;
	slug: string;
	title: string;
	position: number;
	archivedAt: Date | null;
	blocks: unknown;
};

async function sectionRows(db: TestDatabase): Promise<SectionDbRow[]> {
	return db.db.query.sections.findMany();
}

async function sectionIdsBySlug(db: TestDatabase): Promise<Map<string, string>> {
	const rows = await sectionRows(db);
	return new Map(rows.filter((s) => !s.archivedAt).map((s) => [s.slug, s.id]));
}

async function promptRows(db: TestDatabase) {
	return db.db.query.prompts.findMany();
}

describe('importing articles into the database', () => {
	let db: TestDatabase;
	beforeEach(async () => {
		db = await freshDatabase();
	});
	afterEach(() => db.close());

	it('creates the seed article with its 14 sections in order and its 3 prompts', async () => {
		const result = await importArticle(db.db, parseArticle(seed));
		expect(result).toMatchObject({ slug: SEED_SLUG, outcome: 'created', archivedSections: [] });

		const article = await findPublishedArticle(db.db, SEED_SLUG);
		expect(article).toBeDefined();
		expect(article!.id).toBe(result.articleId);
		expect(article!.version).toBe(1);
		expect(article!.title).toBe(
			'Declassified Putin-Bush Talks Surface Tensions Over NATO, Ukraine'
		);
		expect(article!.sections).toHaveLength(14);
		expect(article!.sections.map((s) => s.position)).toEqual([...Array(14).keys()]);
		expect(article!.sections[0]!.slug).toBe('introduction');
		expect(article!.sections.every((s) => s.wordCount > 0 && s.minutes >= 1)).toBe(true);
		expect(article!.prompts.map((p) => p.number)).toEqual([1, 2, 3]);
		expect(article!.prompts[2]!.text).toContain('moast illuminating');
		const sourcesSection = article!.sections.find((s) => s.slug === 'further-reading-and-sources');
		expect(article!.prompts[2]!.sectionId).toBe(sourcesSection!.id);
		expect(article!.sources).toEqual(parseArticle(seed).sources);
		expect(await listPublishedArticles(db.db)).toHaveLength(1);
	});

	it('stores each section’s blocks exactly as parsed, curly quotes and arrows included', async () => {
		const parsed = parseArticle(seed);
		await importArticle(db.db, parsed);
		const ids = await sectionIdsBySlug(db);
		for (const section of parsed.sections) {
			expect(await findSectionBlocks(db.db, ids.get(section.slug)!)).toEqual(section.blocks);
		}
		const dialog = await findSectionBlocks(
			db.db,
			ids.get('the-secret-dialog-what-the-leaked-exchanges-reveal')!
		);
		expect(JSON.stringify(dialog)).toContain('Vladimir Putin ↔ George W. Bush');
	});

	it('reports "unchanged" and writes nothing when the same text is imported again', async () => {
		const first = await importArticle(db.db, parseArticle(seed));
		const before = await dumpTables(db.client);
		const again = await importArticle(db.db, parseArticle(seed));
		expect(again).toEqual({
			slug: SEED_SLUG,
			articleId: first.articleId,
			outcome: 'unchanged',
			archivedSections: []
		});
		expect(await dumpTables(db.client)).toEqual(before);
	});

	describe('re-importing a changed article', () => {
		let oldIds: Map<string, string>;
		let oldPrompts: Awaited<ReturnType<typeof promptRows>>;
		let articleId: string;

		beforeEach(async () => {
			articleId = (await importArticle(db.db, parseArticle(seed))).articleId;
			oldIds = await sectionIdsBySlug(db);
			oldPrompts = await promptRows(db);
		});

		it('updates the same article, bumping its version', async () => {
			const result = await importArticle(db.db, parseArticle(revisedSeed()));
			expect(result.outcome).toBe('updated');
			expect(result.articleId).toBe(articleId);
			const article = await findPublishedArticle(db.db, SEED_SLUG);
			expect(article!.version).toBe(2);
			expect(await db.db.query.articles.findMany()).toHaveLength(1);
		});

		it('keeps a section id when the article is re-imported', async () => {
			await importArticle(db.db, parseArticle(revisedSeed()));
			const newIds = await sectionIdsBySlug(db);
			for (const [slug, id] of oldIds) {
				if (slug === 'evergreen-takeaways-for-readers') continue;
				expect(newIds.get(slug), slug).toBe(id);
			}
		});

		it('keeps a section’s id, and updates its blocks, when a paragraph is edited', async () => {
			await importArticle(db.db, parseArticle(revisedSeed()));
			const id = oldIds.get('what-the-records-reveal')!;
			const blocks = await findSectionBlocks(db.db, id);
			expect(JSON.stringify(blocks)).toContain('Key exchanges, newly transcribed, show Putin');
		});

		it('keeps a section’s id, and takes its new title, when its heading’s capitals change', async () => {
			await importArticle(db.db, parseArticle(revisedSeed()));
			const row = (await sectionRows(db)).find(
				(s) => s.id === oldIds.get('what-this-means-for-today')
			);
			expect(row).toMatchObject({
				slug: 'what-this-means-for-today',
				title: 'What This Means For Today',
				archivedAt: null
			});
		});

		it('archives a vanished section, never deleting it', async () => {
			const goneId = oldIds.get('evergreen-takeaways-for-readers')!;
			const goneBefore = (await sectionRows(db)).find((s) => s.id === goneId)!;
			const result = await importArticle(db.db, parseArticle(revisedSeed()));
			expect(result.archivedSections).toEqual(['evergreen-takeaways-for-readers']);

			const gone = (await sectionRows(db)).find((s) => s.id === goneId);
			expect(gone).toBeDefined();
			expect(gone!.archivedAt).toBeInstanceOf(Date);
			expect(gone!.blocks).toEqual(goneBefore.blocks);
			expect(await findSectionBlocks(db.db, goneId)).toBeUndefined();

			const live = (await findPublishedArticle(db.db, SEED_SLUG))!.sections;
			expect(live.map((s) => s.slug)).not.toContain('evergreen-takeaways-for-readers');
			expect(live.map((s) => s.position)).toEqual([...Array(live.length).keys()]);
			expect(await sectionRows(db)).toHaveLength(15);
		});

		it('gives a new section a new id, in its place at the end', async () => {
			await importArticle(db.db, parseArticle(revisedSeed()));
			const live = (await findPublishedArticle(db.db, SEED_SLUG))!.sections;
			expect(live).toHaveLength(14);
			expect(live.at(-1)!.slug).toBe('glossary');
			expect([...oldIds.values()]).not.toContain(live.at(-1)!.id);
		});

		it('keeps every prompt’s id and number when the prompts did not change', async () => {
			await importArticle(db.db, parseArticle(revisedSeed()));
			const after = await promptRows(db);
			expect(after.map((p) => [p.id, p.number, p.text, p.archivedAt])).toEqual(
				oldPrompts.map((p) => [p.id, p.number, p.text, null])
			);
		});

		it('revives an archived section under its old id when it comes back', async () => {
			await importArticle(db.db, parseArticle(revisedSeed()));
			const result = await importArticle(db.db, parseArticle(seed));
			expect(result.outcome).toBe('updated');
			expect(result.archivedSections).toEqual(['glossary']);
			expect(await sectionIdsBySlug(db)).toEqual(oldIds);
			const article = await findPublishedArticle(db.db, SEED_SLUG);
			expect(article!.version).toBe(3);
			expect(article!.sections.map((s) => s.id)).toEqual([...oldIds.values()]);
		});

		it('matches a section by its title when its slug changes', async () => {
			const parsed = parseArticle(seed);
			const renamed: Article = {
				...parsed,
				sections: parsed.sections.map((s) =>
					s.slug === 'key-facts-at-a-glance' ? { ...s, slug: 'key-facts' } : s
				)
			};
			const result = await importArticle(db.db, renamed);
			expect(result.archivedSections).toEqual([]);
			const ids = await sectionIdsBySlug(db);
			expect(ids.get('key-facts')).toBe(oldIds.get('key-facts-at-a-glance'));
			expect(ids.has('key-facts-at-a-glance')).toBe(false);
		});

		it('keeps a prompt’s id when its wording is edited in place', async () => {
			const edited = seed.replace(
				'How do you think these declassified conversations alter',
				'How do these declassified conversations change'
			);
			await importArticle(db.db, parseArticle(edited));
			const after = await promptRows(db);
			expect(after.map((p) => p.id)).toEqual(oldPrompts.map((p) => p.id));
			expect(after[0]!.text.startsWith('How do these declassified conversations change')).toBe(
				true
			);
			expect(after.every((p) => p.archivedAt === null)).toBe(true);
		});

		it('keeps prompt ids by text when an earlier prompt is removed, renumbering them', async () => {
			const [first, second, third] = oldPrompts.sort((a, b) => a.number - b.number);
			const without = seed.replace(`${first!.text}\n`, '');
			await importArticle(db.db, parseArticle(without));
			const after = await promptRows(db);
			const byId = new Map(after.map((p) => [p.id, p]));
			expect(byId.get(second!.id)).toMatchObject({ number: 1, archivedAt: null });
			expect(byId.get(third!.id)).toMatchObject({ number: 2, archivedAt: null });
			const removed = byId.get(first!.id);
			expect(removed).toBeDefined();
			expect(removed!.archivedAt).toBeInstanceOf(Date);
			expect(removed!.text).toBe(first!.text);
			expect(removed!.number).toBe(first!.number);
			const live = (await findPublishedArticle(db.db, SEED_SLUG))!.prompts;
			expect(live.map((p) => [p.number, p.id])).toEqual([
				[1, second!.id],
				[2, third!.id]
			]);
		});

		it('keeps prompt ids when a new prompt is added in front of them', async () => {
			const sorted = [...oldPrompts].sort((a, b) => a.number - b.number);
			const added = seed.replace(
				'\nReader questions\n',
				'\nReader questions\nWhich document surprised you most?\n'
			);
			await importArticle(db.db, parseArticle(added));
			const live = (await findPublishedArticle(db.db, SEED_SLUG))!.prompts;
			expect(live.map((p) => p.text)[0]).toBe('Which document surprised you most?');
			expect(live.slice(1).map((p) => [p.number, p.id, p.text])).toEqual(
				sorted.map((p) => [p.number + 1, p.id, p.text])
			);
			expect(sorted.map((p) => p.id)).not.toContain(live[0]!.id);
		});

		it('gives a removed prompt its old id back when it returns', async () => {
			const first = oldPrompts.find((p) => p.number === 1)!;
			await importArticle(db.db, parseArticle(seed.replace(`${first.text}\n`, '')));
			await importArticle(db.db, parseArticle(seed));
			const live = (await findPublishedArticle(db.db, SEED_SLUG))!.prompts;
			expect(live.map((p) => [p.number, p.id])).toEqual(
				[...oldPrompts].sort((a, b) => a.number - b.number).map((p) => [p.number, p.id])
			);
			expect(await promptRows(db)).toHaveLength(3);
		});
	});

	describe('a rejected import leaves every table exactly as it was', () => {
		beforeEach(async () => {
			await importArticle(db.db, parseArticle(seed));
		});

		it('on a parse error, before the database is touched', async () => {
			const before = await dumpTables(db.client);
			const broken = revisedSeed().replace(
				'| June 2006 | Vladimir Putin',
				'| June 2006 | extra cell | Vladimir Putin'
			);
			await expect(async () => importArticle(db.db, parseArticle(broken))).rejects.toThrow(
				ArticleFormatError
			);
			expect(await dumpTables(db.client)).toEqual(before);
		});

		it('when a new article fails at its last step (prompts) after its article and sections were written', async () => {
			const before = await dumpTables(db.client);
			const messy = parseArticle(
				seed.replace(
					/^Declassified Putin-Bush Talks Surface Tensions Over NATO, Ukraine$/gm,
					'A Second Article'
				)
			);
			expect(messy.slug).toBe('a-second-article');
			const clash: Article = {
				...messy,
				prompts: messy.prompts.map((p) => ({ ...p, number: 1 }))
			};
			await expect(importArticle(db.db, clash)).rejects.toThrow();
			expect(await dumpTables(db.client)).toEqual(before);
			expect(await findPublishedArticle(db.db, 'a-second-article')).toBeUndefined();
		});

		it('when an update fails at its last step, after sections were updated, added and archived', async () => {
			const before = await dumpTables(db.client);
			const revised = parseArticle(revisedSeed());
			const clash: Article = {
				...revised,
				prompts: revised.prompts.map((p) => ({ ...p, number: 2 }))
			};
			await expect(importArticle(db.db, clash)).rejects.toThrow();
			expect(await dumpTables(db.client)).toEqual(before);
		});

		it('when the database itself refuses a write midway (a trigger aborts archiving)', async () => {
			await db.client.execute(
				`CREATE TRIGGER refuse_archive BEFORE UPDATE OF archived_at ON sections
				 WHEN NEW.archived_at IS NOT NULL
				 BEGIN SELECT RAISE(ABORT, 'simulated failure while archiving'); END`
			);
			const before = await dumpTables(db.client);
			const failure = await importArticle(db.db, parseArticle(revisedSeed())).catch((e) => e);
			expect(failure).toBeInstanceOf(Error);
			expect(String(failure.cause?.message ?? failure.message)).toContain(
				'simulated failure while archiving'
			);
			expect(await dumpTables(db.client)).toEqual(before);
			const check = await db.client.execute('PRAGMA integrity_check');
			expect(check.rows[0]![0]).toBe('ok');
		});

		it('and a later good import still succeeds', async () => {
			const revised = parseArticle(revisedSeed());
			await expect(
				importArticle(db.db, {
					...revised,
					prompts: revised.prompts.map((p) => ({ ...p, number: 1 }))
				})
			).rejects.toThrow();
			const result = await importArticle(db.db, revised);
			expect(result.outcome).toBe('updated');
			expect((await findPublishedArticle(db.db, SEED_SLUG))!.version).toBe(2);
		});
	});
});
