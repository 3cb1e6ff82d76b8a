/**
 * An import's claims (issue 13): the source marks and contradictions an import writes inside its
 * own write transaction, following the re-import plan of src/lib/marks/claims.ts. The drafts
 * (NLP) are drawn by the caller before the transaction (`courseClaims`); here only the cheap
 * part runs: whether each stored claim's quote still stands in its module's new text.
 */
import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { locateQuote } from '../article/text';
import type { Section } from '../article/types';
import {
	contradictionKey,
	markKey,
	planClaimImport,
	type ClaimPlan,
	type ImportedClaims,
	type StoredClaim
} from '../marks/claims';
import type { Executor } from './db/client';
import { contradictions, sourceMarks } from './db/schema';

type IncomingMark = ImportedClaims['marks'][number];
type IncomingContradiction = ImportedClaims['contradictions'][number];

/** The article's sections after the import, by id: what a stored claim is checked against. */
export type LiveSections = ReadonlyMap<string, Section>;

export interface ClaimPlans {
	marks: ClaimPlan<IncomingMark>;
	contradictions: ClaimPlan<IncomingContradiction>;
}

/** Whether `quote` stands verbatim in one passage of the live section `sectionId`. */
function stands(live: LiveSections, sectionId: string, quote: string): boolean {
	const section = live.get(sectionId);
	return section !== undefined && locateQuote(section.blocks, quote) !== undefined;
}

/** A stored passage's anchor under the section's new slug (its old id when the section is gone). */
function anchor(live: LiveSections, sectionId: string, quote: string) {
	return { section: live.get(sectionId)?.slug ?? `#${sectionId}`, quote };
}

/**
 * What the import will do to the article's stored claims. Without `claims` (an import that draws
 * none) nothing new comes in and nothing is replaced: claims whose text is gone are archived and
 * archived ones whose text is back are restored, as they were.
 */
export async function planClaims(
	db: Executor,
	articleId: string,
	live: LiveSections,
	claims: ImportedClaims | undefined
): Promise<ClaimPlans> {
	const [markRows, contradictionRows] = await Promise.all([
		db
			.select({
				id: sourceMarks.id,
				sectionId: sourceMarks.sectionId,
				quote: sourceMarks.quote,
				status: sourceMarks.status,
				origin: sourceMarks.origin,
				archivedAt: sourceMarks.archivedAt
			})
			.from(sourceMarks)
			.where(eq(sourceMarks.articleId, articleId)),
		db
			.select({
				id: contradictions.id,
				aSectionId: contradictions.aSectionId,
				aQuote: contradictions.aQuote,
				bSectionId: contradictions.bSectionId,
				bQuote: contradictions.bQuote,
				status: contradictions.status,
				origin: contradictions.origin,
				archivedAt: contradictions.archivedAt
			})
			.from(contradictions)
			.where(eq(contradictions.articleId, articleId))
	]);
	const storedMarks: StoredClaim[] = markRows.map((r) => ({
		id: r.id,
		key: markKey(anchor(live, r.sectionId, r.quote)),
		status: r.status,
		origin: r.origin,
		archived: r.archivedAt !== null,
		anchored: stands(live, r.sectionId, r.quote)
	}));
	const storedContradictions: StoredClaim[] = contradictionRows.map((r) => ({
		id: r.id,
		key: contradictionKey({
			a: anchor(live, r.aSectionId, r.aQuote),
			b: anchor(live, r.bSectionId, r.bQuote)
		}),
		status: r.status,
		origin: r.origin,
		archived: r.archivedAt !== null,
		anchored: stands(live, r.aSectionId, r.aQuote) && stands(live, r.bSectionId, r.bQuote)
	}));
	// An import without the bundled file (a teacher's, the admin's, the CLI's without one beside
	// the text) cannot speak for the file's claims: it keeps them as it keeps a person's (archived
	// when their text is gone, back with it), so a re-import by hand never undoes the file's work.
	const withFile =
		claims !== undefined &&
		(claims.marks.some((m) => m.origin === 'file') ||
			claims.contradictions.some((c) => c.origin === 'file'));
	if (!withFile) {
		for (const c of [...storedMarks, ...storedContradictions]) {
			if (c.origin === 'file') c.origin = 'person';
		}
	}
	const slugs = new Set([...live.values()].map((s) => s.slug));
	// A claim anchored in a module the article does not have would point nowhere: left out.
	const marks = claims?.marks.filter((m) => slugs.has(m.section));
	const pairs = claims?.contradictions.filter(
		(c) => slugs.has(c.a.section) && slugs.has(c.b.section)
	);
	return {
		marks: marks ? planClaimImport(storedMarks, marks, markKey) : keepOnly(storedMarks),
		contradictions: pairs
			? planClaimImport(storedContradictions, pairs, contradictionKey)
			: keepOnly(storedContradictions)
	};
}

/** The plan of an import that draws no claims: only archive what is gone, restore what is back. */
function keepOnly<T>(stored: readonly StoredClaim[]): ClaimPlan<T> {
	return {
		insert: [],
		update: [],
		archive: stored.filter((c) => !c.anchored && !c.archived).map((c) => c.id),
		remove: [],
		restore: stored.filter((c) => c.anchored && c.archived).map((c) => c.id)
	};
}

/** How many rows one multi-row insert carries (another process may wait for the write lock). */
const CHUNK = 100;

function chunks<T>(rows: T[]): T[][] {
	return Array.from({ length: Math.ceil(rows.length / CHUNK) }, (_, i) =>
		rows.slice(i * CHUNK, (i + 1) * CHUNK)
	);
}

/**
 * Writes an import's claims inside its transaction (`tx`): the stored ones planned against the
 * sections as the import leaves them (`live`: id → section; `idBySlug`: slug → id), the new ones
 * inserted, every incoming claim placed in the incoming order.
 */
export async function writeClaims(
	tx: Executor,
	articleId: string,
	live: LiveSections,
	idBySlug: ReadonlyMap<string, string>,
	claims: ImportedClaims | undefined,
	now: Date
): Promise<ClaimPlans> {
	const plans = await planClaims(tx, articleId, live, claims);
	const markPosition = new Map(claims?.marks.map((m, i) => [m as IncomingMark, i]));
	const pairPosition = new Map(
		claims?.contradictions.map((c, i) => [c as IncomingContradiction, i])
	);
	const markValues = (m: IncomingMark) => ({
		sectionId: idBySlug.get(m.section)!,
		quote: m.quote,
		kind: m.kind,
		source: m.source,
		speaker: m.speaker,
		note: m.note,
		provenance: m.provenance,
		status: m.status,
		origin: m.origin,
		position: markPosition.get(m) ?? 0,
		updatedById: null,
		updatedAt: now
	});
	const pairValues = (c: IncomingContradiction) => ({
		aSectionId: idBySlug.get(c.a.section)!,
		aQuote: c.a.quote,
		aLabel: c.a.label,
		bSectionId: idBySlug.get(c.b.section)!,
		bQuote: c.b.quote,
		bLabel: c.b.label,
		subject: c.subject,
		note: c.note,
		status: c.status,
		origin: c.origin,
		position: pairPosition.get(c) ?? 0,
		updatedById: null,
		updatedAt: now
	});

	const { marks, contradictions: pairs } = plans;
	if (marks.remove.length)
		await tx.delete(sourceMarks).where(inArray(sourceMarks.id, marks.remove));
	if (marks.archive.length) {
		await tx
			.update(sourceMarks)
			.set({ archivedAt: now })
			.where(inArray(sourceMarks.id, marks.archive));
	}
	if (marks.restore.length) {
		await tx
			.update(sourceMarks)
			.set({ archivedAt: null })
			.where(inArray(sourceMarks.id, marks.restore));
	}
	for (const { id, claim } of marks.update) {
		await tx.update(sourceMarks).set(markValues(claim)).where(eq(sourceMarks.id, id));
	}
	for (const rows of chunks(marks.insert)) {
		await tx
			.insert(sourceMarks)
			.values(rows.map((m) => ({ id: randomUUID(), articleId, ...markValues(m) })));
	}

	if (pairs.remove.length) {
		await tx.delete(contradictions).where(inArray(contradictions.id, pairs.remove));
	}
	if (pairs.archive.length) {
		await tx
			.update(contradictions)
			.set({ archivedAt: now })
			.where(inArray(contradictions.id, pairs.archive));
	}
	if (pairs.restore.length) {
		await tx
			.update(contradictions)
			.set({ archivedAt: null })
			.where(inArray(contradictions.id, pairs.restore));
	}
	for (const { id, claim } of pairs.update) {
		await tx.update(contradictions).set(pairValues(claim)).where(eq(contradictions.id, id));
	}
	for (const rows of chunks(pairs.insert)) {
		await tx
			.insert(contradictions)
			.values(rows.map((c) => ({ id: randomUUID(), articleId, ...pairValues(c) })));
	}
	return plans;
}

/** How many claims an import leaves waiting for review: new drafts and refreshed ones. */
export function suggestedCounts(plans: ClaimPlans): { marks: number; contradictions: number } {
	const waiting = (plan: ClaimPlan<{ status: string }>) =>
		[...plan.insert, ...plan.update.map((u) => u.claim)].filter((c) => c.status === 'suggested')
			.length;
	return { marks: waiting(plans.marks), contradictions: waiting(plans.contradictions) };
}
