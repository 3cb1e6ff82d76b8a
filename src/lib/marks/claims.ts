/**
 * An article's claims (issue 13), as stored and as imported: source marks on its sentences and
 * links between passages that disagree. The kinds of mark and the rules that draft them live in
 * `./marks.ts`; candidate contradictions in `./contradictions.ts`. This module holds the shapes
 * the rest of the app shares, the bundled hand-made file (`<article>.claims.json` beside the
 * bank), and the plan a re-import follows. Pure: no I/O.
 */
import { z } from 'zod';

/**
 * `suggested`: drawn by the rules at import, not yet checked by a person (shown to readers as
 * such). `confirmed`: checked by a teacher or admin, or marked by hand in a bundled file.
 * `removed`: taken away by an editor; kept so that a re-import does not suggest it again.
 */
/**
 * What the text gives as a claim's source: `named` (a person, body or document it names),
 * `vague` (a source the reader cannot check), `none` (stated as fact), `article` (its own view).
 */
export const markKinds = ['named', 'vague', 'none', 'article'] as const;
export type MarkKind = (typeof markKinds)[number];

export const claimStatuses = ['suggested', 'confirmed', 'removed'] as const;
export type ClaimStatus = (typeof claimStatuses)[number];

/**
 * Where a stored claim came from: the `rules` (a draft an import may replace), the article's
 * bundled `file` (replaced by the file's next version), or a `person` in the editor (an import
 * never touches it, but archives it when its text is gone).
 */
export const claimOrigins = ['rules', 'file', 'person'] as const;
export type ClaimOrigin = (typeof claimOrigins)[number];

/** A passage of a module, anchored like quiz evidence: a verbatim quote of its text. */
export interface PassageAnchor {
	/** The module's slug. */
	section: string;
	quote: string;
}

/** A source mark as the import and the editor hand it over (its kinds: see `./marks.ts`). */
export interface MarkInput extends PassageAnchor {
	kind: MarkKind;
	/** Who or what the text credits (named), or the hedge as written (vague). */
	source: string | null;
	/** For a quotation: who the text says said it. */
	speaker: string | null;
	/** A note for readers and editors: why it is marked so. */
	note: string;
	/** Whether the passage tells what the article's material is or where it came from. */
	provenance: boolean;
}

/** Two passages that disagree, as the import and the editor hand them over. */
export interface ContradictionInput {
	a: PassageAnchor & { label: string | null };
	b: PassageAnchor & { label: string | null };
	/** What both passages speak of ("the 2008 summit"): the X of "describes X in two ways". */
	subject: string;
	note: string;
}

/** What an import brings: drafts from the rules, and confirmed claims from a bundled file. */
export interface ImportedClaims {
	marks: (MarkInput & { status: 'suggested' | 'confirmed'; origin: 'rules' | 'file' })[];
	contradictions: (ContradictionInput & {
		status: 'suggested' | 'confirmed';
		origin: 'rules' | 'file';
	})[];
}

const anchorSchema = z.object({
	section: z.string().min(1),
	quote: z.string().min(1)
});

/** The bundled hand-made claims of an article: every mark and contradiction is confirmed. */
export const claimsFileSchema = z
	.object({
		article: z.string().min(1),
		marks: z.array(
			anchorSchema
				.extend({
					kind: z.enum(markKinds),
					source: z.string().min(1).nullable().default(null),
					speaker: z.string().min(1).nullable().default(null),
					note: z.string().default(''),
					provenance: z.boolean().default(false)
				})
				.strict()
		),
		contradictions: z.array(
			z
				.object({
					a: anchorSchema.extend({ label: z.string().min(1).nullable().default(null) }).strict(),
					b: anchorSchema.extend({ label: z.string().min(1).nullable().default(null) }).strict(),
					subject: z.string().min(1),
					note: z.string().min(1)
				})
				.strict()
		)
	})
	.strict();
export type ClaimsFile = z.infer<typeof claimsFileSchema>;

/** A claim as stored, reduced to what the import planner reads. */
export interface StoredClaim {
	id: string;
	/** The identity an import matches on (`markKey`, `contradictionKey`). */
	key: string;
	status: ClaimStatus;
	origin: ClaimOrigin;
	archived: boolean;
	/** Whether every passage it anchors to still stands, word for word, in its module. */
	anchored: boolean;
}

/** A mark's identity: its module and its quote. */
export function markKey(mark: PassageAnchor): string {
	return `${mark.section}\u0000${mark.quote}`;
}

/** A contradiction's identity: its two passages, in either order. */
export function contradictionKey(c: { a: PassageAnchor; b: PassageAnchor }): string {
	return [markKey(c.a), markKey(c.b)].sort().join('\u0001');
}

export interface ClaimPlan<T> {
	/** New claims to insert. */
	insert: T[];
	/** Stored claims to overwrite with the import's version (by stored id). */
	update: { id: string; claim: T }[];
	/** Stored claims whose text is gone: archived, never deleted (a person's note stays). */
	archive: string[];
	/** Stored drafts of the rules the import no longer draws: deleted. */
	remove: string[];
	/** Archived claims whose text is back: brought back as they were. */
	restore: string[];
}

/**
 * What a re-import does to an article's stored claims (marks or contradictions alike):
 * - a claim whose passage is gone is archived (a person's work is never deleted);
 * - a person's claim, a removed one (so the rules never suggest it again) and a confirmed one
 *   the import has nothing newer for stay as they are;
 * - the bundled file's claims replace what the file said before, and confirm a rules draft;
 * - the rules' drafts replace the rules' drafts: new ones go in, unchanged ones are refreshed,
 *   those the rules no longer draw are deleted.
 * `incoming` must hold one claim per key (`key(claim)`), the file's first where both have one.
 */
export function planClaimImport<T extends { status: 'suggested' | 'confirmed'; origin: string }>(
	stored: readonly StoredClaim[],
	incoming: readonly T[],
	key: (claim: T) => string
): ClaimPlan<T> {
	const plan: ClaimPlan<T> = { insert: [], update: [], archive: [], remove: [], restore: [] };
	const byKey = new Map(incoming.map((claim) => [key(claim), claim]));
	const claimed = new Set<string>();
	for (const claim of stored) {
		const next = byKey.get(claim.key);
		claimed.add(claim.key);
		if (!claim.anchored) {
			if (!claim.archived) plan.archive.push(claim.id);
			continue;
		}
		if (claim.archived) {
			if (claim.origin === 'rules' && claim.status === 'suggested' && !next) {
				plan.remove.push(claim.id);
				continue;
			}
			plan.restore.push(claim.id);
		}
		if (claim.origin === 'person' || claim.status === 'removed') continue;
		// A rules draft a person confirmed stays confirmed (a new draft is not newer); the file's
		// claims follow the file, or the rules' draft once the file drops them.
		const replaceable =
			claim.origin === 'file' || (claim.origin === 'rules' && claim.status === 'suggested');
		if (next && (next.origin === 'file' || replaceable)) {
			plan.update.push({ id: claim.id, claim: next });
			continue;
		}
		if (!next && claim.origin === 'rules' && claim.status === 'suggested') {
			plan.remove.push(claim.id);
			continue;
		}
		if (!next && claim.origin === 'file') {
			// The file no longer holds it: it goes back to being the rules' business.
			plan.remove.push(claim.id);
		}
	}
	for (const [k, claim] of byKey) if (!claimed.has(k)) plan.insert.push(claim);
	return plan;
}

/** The claims an import stores: the file's (confirmed) first, then the rules' drafts for the rest. */
export function importedClaims(
	drafts: { marks: MarkInput[]; contradictions: ContradictionInput[] },
	file?: ClaimsFile
): ImportedClaims {
	const marks: ImportedClaims['marks'] = [];
	const seenMarks = new Set<string>();
	for (const m of file?.marks ?? []) {
		if (seenMarks.has(markKey(m))) continue;
		seenMarks.add(markKey(m));
		marks.push({ ...m, status: 'confirmed', origin: 'file' });
	}
	// A hand mark settles its passage: a draft over the same words (the rules may split or join
	// sentences differently, e.g. at a missing space after a full stop) is left out.
	const hand = file?.marks ?? [];
	const overlapsHand = (m: PassageAnchor) =>
		hand.some(
			(h) => h.section === m.section && (h.quote.includes(m.quote) || m.quote.includes(h.quote))
		);
	for (const m of drafts.marks) {
		if (seenMarks.has(markKey(m)) || overlapsHand(m)) continue;
		seenMarks.add(markKey(m));
		marks.push({ ...m, status: 'suggested', origin: 'rules' });
	}
	const contradictions: ImportedClaims['contradictions'] = [];
	const seen = new Set<string>();
	for (const c of file?.contradictions ?? []) {
		if (seen.has(contradictionKey(c))) continue;
		seen.add(contradictionKey(c));
		contradictions.push({ ...c, status: 'confirmed', origin: 'file' });
	}
	for (const c of drafts.contradictions) {
		if (seen.has(contradictionKey(c))) continue;
		seen.add(contradictionKey(c));
		contradictions.push({ ...c, status: 'suggested', origin: 'rules' });
	}
	return { marks, contradictions };
}
