/**
 * The questions an import draws from confirmed claims (issue 13): those of the claims file it
 * brings and those an editor confirmed earlier whose passages still stand in the new text. They
 * go into the import's question list as suggestions, so a re-import keeps them (a suggestion
 * the import no longer draws is archived) and a new article's file claims come with theirs.
 * Run before the import's write transaction: the suggester reads the text with NLP.
 */
import { eq } from 'drizzle-orm';
import type { Article } from '../article/types';
import {
	contradictionKey,
	markKey,
	type ContradictionInput,
	type ImportedClaims,
	type MarkInput
} from '../marks/claims';
import { locateEvidence } from '../quiz/evidence';
import type { Question } from '../quiz/schema';
import { claimQuestions } from '../suggest/claims';
import { listClaims } from './claims';
import type { Database } from './db/client';
import { articles } from './db/schema';

export async function claimQuestionsAtImport(
	db: Database,
	article: Article,
	claims: ImportedClaims | undefined
): Promise<Question[]> {
	const marks = new Map<string, MarkInput>();
	const links = new Map<string, ContradictionInput>();
	for (const m of claims?.marks ?? []) if (m.status === 'confirmed') marks.set(markKey(m), m);
	for (const c of claims?.contradictions ?? [])
		if (c.status === 'confirmed') links.set(contradictionKey(c), c);
	const stored = await db.query.articles.findFirst({
		columns: { id: true },
		where: eq(articles.slug, article.slug)
	});
	if (stored) {
		const standing = (anchor: { section: string; quote: string }) =>
			locateEvidence(article, anchor) !== null;
		const before = await listClaims(db, stored.id);
		for (const m of before.marks) {
			if (m.status !== 'confirmed' || !standing(m) || marks.has(markKey(m))) continue;
			marks.set(markKey(m), {
				section: m.section,
				quote: m.quote,
				kind: m.kind,
				source: m.source,
				speaker: m.speaker,
				note: m.note,
				provenance: m.provenance
			});
		}
		for (const c of before.contradictions) {
			if (c.status !== 'confirmed' || !standing(c.a) || !standing(c.b)) continue;
			if (links.has(contradictionKey(c))) continue;
			links.set(contradictionKey(c), {
				a: { section: c.a.section, quote: c.a.quote, label: c.a.label },
				b: { section: c.b.section, quote: c.b.quote, label: c.b.label },
				subject: c.subject,
				note: c.note
			});
		}
	}
	if (marks.size === 0 && links.size === 0) return [];
	return claimQuestions(article, {
		marks: [...marks.values()],
		contradictions: [...links.values()]
	}).map((s) => s.question);
}
