/**
 * The source-marks editor's writes (issue 13): a teacher who may edit the article's questions
 * (findEditableArticle: the owner while a teacher, or an admin; anyone else the 404 of an absent
 * article) confirms, corrects, removes and restores the marks of one module, adds marks of their
 * own, and links two passages as disagreeing. Every claim an action names must belong to the
 * article and touch the module of the page; every write names who made it and when. A removed
 * claim is kept as a tombstone, so a re-import never suggests it again (planClaimImport).
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, isNull, max, or } from 'drizzle-orm';
import type { Viewer } from '../access/article';
import type { Block } from '../article/types';
import { contradictionKey, markKey, type ClaimOrigin, type ClaimStatus } from '../marks/claims';
import type { LinkFields, MarkFields } from '../marks/editor/form';
import { MARK_MESSAGES } from '../marks/editor/form';
import { checkQuote, type ModuleText } from '../quiz/editor/evidence';
import { refuse, type Refusal } from '../refusal';
import { suggestFromConfirmedClaims } from './claim-suggestions';
import { listClaims, type StoredContradiction, type StoredMark } from './claims';
import type { Database, Executor } from './db/client';
import { contradictions, sections, sourceMarks } from './db/schema';
import { findEditableArticle, type EditableArticle } from './question-bank';

export type Done = { ok: true } | Refusal;

const notFound = () => refuse(404, 'Not found');

export interface MarksModule extends ModuleText {
	id: string;
}

export interface MarksEditorPage {
	article: EditableArticle;
	module: MarksModule;
	/** Every live module of the article (for the second passage of a link). */
	modules: { slug: string; title: string }[];
	/** This module's marks, removed ones included, in reading order. */
	marks: StoredMark[];
	/** The links with a passage on this module, removed ones included. */
	contradictions: StoredContradiction[];
}

async function liveModules(db: Executor, articleId: string): Promise<MarksModule[]> {
	const rows = await db
		.select({
			id: sections.id,
			slug: sections.slug,
			title: sections.title,
			blocks: sections.blocks
		})
		.from(sections)
		.where(and(eq(sections.articleId, articleId), isNull(sections.archivedAt)))
		.orderBy(asc(sections.position));
	return rows.map((r) => ({ ...r, blocks: r.blocks as Block[] }));
}

/** One module's text and claims for its editor; undefined → 404. */
export async function loadMarksEditor(
	db: Database,
	viewer: Viewer | null,
	slug: string,
	sectionSlug: string
): Promise<MarksEditorPage | undefined> {
	const article = await findEditableArticle(db, viewer, slug);
	if (!article) return undefined;
	const modules = await liveModules(db, article.id);
	const module = modules.find((m) => m.slug === sectionSlug);
	if (!module) return undefined;
	const claims = await listClaims(db, article.id, { sectionId: module.id, includeRemoved: true });
	return {
		article,
		module,
		modules: modules.map(({ slug, title }) => ({ slug, title })),
		...claims
	};
}

interface Scope {
	article: EditableArticle;
	module: MarksModule;
	modules: MarksModule[];
	tx: Executor;
	stamp: { updatedById: string | null; updatedAt: Date };
}

/** Authorizes, finds the module, then runs `change` in one transaction. */
async function inModule(
	db: Database,
	viewer: Viewer | null,
	slug: string,
	sectionSlug: string,
	change: (scope: Scope) => Promise<Done>
): Promise<Done> {
	const article = await findEditableArticle(db, viewer, slug);
	if (!article) return notFound();
	return db.transaction(async (tx) => {
		const modules = await liveModules(tx, article.id);
		const module = modules.find((m) => m.slug === sectionSlug);
		if (!module) return notFound();
		const stamp = { updatedById: viewer?.id ?? null, updatedAt: new Date() };
		return change({ article, module, modules, tx, stamp });
	});
}

/**
 * After a write that may have confirmed a claim: the questions the article's confirmed claims
 * give are added as suggestions (those already stored, in any state, left as they are).
 */
async function confirmed(scope: Scope): Promise<Done> {
	await suggestFromConfirmedClaims(scope.tx, scope.article.id);
	return { ok: true };
}

const goneMark = () => refuse(404, 'That mark is not on this module any more.');
const goneLink = () => refuse(404, 'That link is not on this module any more.');

/** Runs `change` on a live mark of the module, or refuses. */
function onMark(
	db: Database,
	viewer: Viewer | null,
	slug: string,
	sectionSlug: string,
	id: string,
	change: (scope: Scope, mark: typeof sourceMarks.$inferSelect) => Promise<Done>
) {
	return inModule(db, viewer, slug, sectionSlug, async (scope) => {
		const [mark] = await scope.tx
			.select()
			.from(sourceMarks)
			.where(
				and(
					eq(sourceMarks.id, id),
					eq(sourceMarks.articleId, scope.article.id),
					eq(sourceMarks.sectionId, scope.module.id),
					isNull(sourceMarks.archivedAt)
				)
			);
		return mark ? change(scope, mark) : goneMark();
	});
}

const setMark = (scope: Scope, id: string, values: Partial<typeof sourceMarks.$inferInsert>) =>
	scope.tx
		.update(sourceMarks)
		.set({ ...values, ...scope.stamp })
		.where(eq(sourceMarks.id, id));

/** A mark corrected (kind, source, speaker, note, provenance): saving it confirms it. */
export function correctMark(
	db: Database,
	viewer: Viewer | null,
	slug: string,
	section: string,
	id: string,
	fields: MarkFields
) {
	return onMark(db, viewer, slug, section, id, async (scope, mark) => {
		if (mark.status === 'removed') return refuse(409, 'Restore this mark before correcting it.');
		await setMark(scope, mark.id, { ...fields, status: 'confirmed' });
		return confirmed(scope);
	});
}

/** A quote checked word for word against one passage of a module; the refusal names `field`. */
function quoteIn(module: ModuleText, quote: string, field: string): Refusal | undefined {
	const check = checkQuote(module, quote);
	return check.ok ? undefined : refuse(422, check.message, field);
}

/** A mark a person adds on a passage of the module: origin 'person', confirmed, last in order. */
export function addMark(
	db: Database,
	viewer: Viewer | null,
	slug: string,
	section: string,
	input: MarkFields & { quote: string }
) {
	return inModule(db, viewer, slug, section, async (scope) => {
		const bad = quoteIn(scope.module, input.quote, 'quote');
		if (bad) return bad;
		const stored = await scope.tx
			.select({ section: sections.slug, quote: sourceMarks.quote, status: sourceMarks.status })
			.from(sourceMarks)
			.innerJoin(sections, eq(sections.id, sourceMarks.sectionId))
			.where(and(eq(sourceMarks.sectionId, scope.module.id), isNull(sourceMarks.archivedAt)));
		const twin = stored.find((m) => markKey(m) === markKey({ section, quote: input.quote }));
		if (twin)
			return refuse(
				409,
				twin.status === 'removed'
					? 'This passage has a removed mark: restore it below rather than marking it again.'
					: 'This passage is already marked: correct its mark below.',
				'quote'
			);
		const [last] = await scope.tx
			.select({ position: max(sourceMarks.position) })
			.from(sourceMarks)
			.where(eq(sourceMarks.sectionId, scope.module.id));
		await scope.tx.insert(sourceMarks).values({
			id: randomUUID(),
			articleId: scope.article.id,
			sectionId: scope.module.id,
			...input,
			status: 'confirmed',
			origin: 'person',
			position: (last?.position ?? -1) + 1,
			...scope.stamp
		});
		return confirmed(scope);
	});
}

/** Runs `change` on a live contradiction with a passage on the module, or refuses. */
function onLink(
	db: Database,
	viewer: Viewer | null,
	slug: string,
	sectionSlug: string,
	id: string,
	change: (scope: Scope, link: typeof contradictions.$inferSelect) => Promise<Done>
) {
	return inModule(db, viewer, slug, sectionSlug, async (scope) => {
		const [link] = await scope.tx
			.select()
			.from(contradictions)
			.where(
				and(
					eq(contradictions.id, id),
					eq(contradictions.articleId, scope.article.id),
					or(
						eq(contradictions.aSectionId, scope.module.id),
						eq(contradictions.bSectionId, scope.module.id)
					),
					isNull(contradictions.archivedAt)
				)
			);
		return link ? change(scope, link) : goneLink();
	});
}

const setLink = (scope: Scope, id: string, values: Partial<typeof contradictions.$inferInsert>) =>
	scope.tx
		.update(contradictions)
		.set({ ...values, ...scope.stamp })
		.where(eq(contradictions.id, id));

/** A link's subject and note rewritten: saving them confirms it. */
export function editContradiction(
	db: Database,
	viewer: Viewer | null,
	slug: string,
	section: string,
	id: string,
	words: { subject: string; note: string }
) {
	return onLink(db, viewer, slug, section, id, async (scope, link) => {
		if (link.status === 'removed') return refuse(409, 'Restore this link before editing it.');
		await setLink(scope, link.id, { ...words, status: 'confirmed' });
		return confirmed(scope);
	});
}

/**
 * Two passages linked by a person as disagreeing: passage A on this module, passage B on the
 * module the form names (each quote word for word within one passage of its module).
 */
export function linkPassages(
	db: Database,
	viewer: Viewer | null,
	slug: string,
	section: string,
	input: LinkFields
) {
	return inModule(db, viewer, slug, section, async (scope) => {
		const badA = quoteIn(scope.module, input.quoteA, 'quoteA');
		if (badA) return badA;
		const moduleB = scope.modules.find((m) => m.slug === input.sectionB);
		if (!moduleB) return refuse(422, MARK_MESSAGES.sectionB, 'sectionB');
		const badB = quoteIn(moduleB, input.quoteB, 'quoteB');
		if (badB) return badB;
		const a = { section, quote: input.quoteA };
		const b = { section: moduleB.slug, quote: input.quoteB };
		if (markKey(a) === markKey(b)) return refuse(422, MARK_MESSAGES.samePassage, 'quoteB');
		const stored = await listClaims(scope.tx, scope.article.id, {
			sectionId: scope.module.id,
			includeRemoved: true
		});
		const twin = stored.contradictions.find(
			(c) => contradictionKey(c) === contradictionKey({ a, b })
		);
		if (twin)
			return refuse(
				409,
				twin.status === 'removed'
					? 'These two passages have a removed link: restore it below.'
					: 'These two passages are already linked: edit the link below.',
				'form'
			);
		const [last] = await scope.tx
			.select({ position: max(contradictions.position) })
			.from(contradictions)
			.where(eq(contradictions.articleId, scope.article.id));
		await scope.tx.insert(contradictions).values({
			id: randomUUID(),
			articleId: scope.article.id,
			aSectionId: scope.module.id,
			aQuote: input.quoteA,
			aLabel: input.labelA,
			bSectionId: moduleB.id,
			bQuote: input.quoteB,
			bLabel: input.labelB,
			subject: input.subject,
			note: input.note,
			status: 'confirmed',
			origin: 'person',
			position: (last?.position ?? -1) + 1,
			...scope.stamp
		});
		return confirmed(scope);
	});
}

/**
 * The status moves marks and links share: confirm a suggestion as it stands; remove (kept as a
 * tombstone, so that a re-import never suggests it again); restore a removed one (a draft of the
 * rules to review again, anyone else's confirmed).
 */
const MOVES = {
	confirm: {
		allowed: (status: ClaimStatus) => status === 'suggested',
		refusal: (noun: string) => `Only a suggested ${noun} can be confirmed.`,
		to: (): ClaimStatus => 'confirmed'
	},
	remove: {
		allowed: (status: ClaimStatus) => status !== 'removed',
		refusal: (noun: string) => `This ${noun} is already removed.`,
		to: (): ClaimStatus => 'removed'
	},
	restore: {
		allowed: (status: ClaimStatus) => status === 'removed',
		refusal: (noun: string) => `This ${noun} is not removed.`,
		to: (origin: ClaimOrigin): ClaimStatus => (origin === 'rules' ? 'suggested' : 'confirmed')
	}
} as const;
type Move = keyof typeof MOVES;

/** A claim as its status moves read it. */
interface Movable {
	id: string;
	status: ClaimStatus;
	origin: ClaimOrigin;
}
type OnClaim<T> = (
	db: Database,
	viewer: Viewer | null,
	slug: string,
	section: string,
	id: string,
	change: (scope: Scope, claim: T) => Promise<Done>
) => Promise<Done>;

/** One of MOVES for marks or links: `on` finds the claim, `set` writes its new status. */
function mover<T extends Movable>(
	noun: 'mark' | 'link',
	on: OnClaim<T>,
	set: (scope: Scope, id: string, values: { status: ClaimStatus }) => Promise<unknown>
) {
	return (move: Move) =>
		(db: Database, viewer: Viewer | null, slug: string, section: string, id: string) =>
			on(db, viewer, slug, section, id, async (scope, claim) => {
				const rule = MOVES[move];
				if (!rule.allowed(claim.status)) return refuse(409, rule.refusal(noun));
				const status = rule.to(claim.origin);
				await set(scope, claim.id, { status });
				return status === 'removed' ? { ok: true } : confirmed(scope);
			});
}

const moveMark = mover('mark', onMark, setMark);
const moveLink = mover('link', onLink, setLink);

export const confirmMark = moveMark('confirm');
export const removeMark = moveMark('remove');
export const restoreMark = moveMark('restore');
export const confirmContradiction = moveLink('confirm');
export const removeContradiction = moveLink('remove');
export const restoreContradiction = moveLink('restore');
