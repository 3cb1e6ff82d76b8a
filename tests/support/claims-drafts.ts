// Draft claims on the lighthouse article (tests/support/editor-article.ts), as the rules would
// leave them at import: three suggested marks on its first module and a suggested link between
// its first two modules. Inserted as rows, so the editor's tests need no importer of claims.
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { contradictions, sections, sourceMarks } from '../../src/lib/server/db/schema';

export const OPENING = 'introduction';
export const KEEPERS = 'how-the-keepers-lived';

export const DRAFT_QUOTES = {
	said: '“It is the oldest working light on this coast,” said Clara Mendes',
	beam: 'its beam can be seen 22 nautical miles out to sea',
	lit: 'first lit in 1872',
	keepers: 'Three keepers lived at the station until 1986'
} as const;

/** Inserts the drafts; answers their ids. */
export async function insertDraftClaims(db: Database, articleId: string) {
	const sectionId = async (slug: string) => {
		const [row] = await db
			.select({ id: sections.id })
			.from(sections)
			.where(and(eq(sections.articleId, articleId), eq(sections.slug, slug)));
		if (!row) throw new Error(`no module ${slug}`);
		return row.id;
	};
	const opening = await sectionId(OPENING);
	const keepers = await sectionId(KEEPERS);
	const mark = (
		position: number,
		quote: string,
		kind: 'named' | 'vague' | 'none',
		source: string | null
	) => ({
		id: crypto.randomUUID(),
		articleId,
		sectionId: opening,
		quote,
		kind,
		source,
		speaker: kind === 'named' ? source : null,
		note: '',
		status: 'suggested' as const,
		origin: 'rules' as const,
		position
	});
	const marks = [
		mark(0, DRAFT_QUOTES.said, 'named', 'Clara Mendes'),
		mark(1, DRAFT_QUOTES.beam, 'none', null),
		mark(2, DRAFT_QUOTES.lit, 'none', null)
	];
	await db.insert(sourceMarks).values(marks);
	const link = {
		id: crypto.randomUUID(),
		articleId,
		aSectionId: opening,
		aQuote: DRAFT_QUOTES.lit,
		bSectionId: keepers,
		bQuote: DRAFT_QUOTES.keepers,
		subject: 'the station’s dates',
		note: 'The two passages give different years.',
		status: 'suggested' as const,
		origin: 'rules' as const
	};
	await db.insert(contradictions).values(link);
	return {
		said: marks[0]!.id,
		beam: marks[1]!.id,
		lit: marks[2]!.id,
		link: link.id,
		sections: { opening, keepers }
	};
}
