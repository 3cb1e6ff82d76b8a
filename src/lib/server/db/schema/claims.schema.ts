import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { claimOrigins, claimStatuses, markKinds } from '../../../marks/claims';
import { users } from './auth.schema';
import { articles, sections } from './content.schema';

/**
 * A source mark (issue 13): what the text gives as the source of one sentence or list item of
 * a module, anchored by a verbatim quote of it (like quiz evidence). Archived, never deleted,
 * when a re-import drops its text; `removed` ones stay as tombstones so the rules never draw
 * them again (see src/lib/marks/claims.ts).
 */
export const sourceMarks = sqliteTable(
	'source_marks',
	{
		id: text('id').primaryKey(),
		articleId: text('article_id')
			.notNull()
			.references(() => articles.id),
		sectionId: text('section_id')
			.notNull()
			.references(() => sections.id),
		quote: text('quote').notNull(),
		kind: text('kind', { enum: markKinds }).notNull(),
		source: text('source'),
		speaker: text('speaker'),
		note: text('note').notNull().default(''),
		/** Whether the passage tells what the article's material is or where it came from. */
		provenance: integer('provenance', { mode: 'boolean' }).notNull().default(false),
		status: text('status', { enum: claimStatuses }).notNull(),
		origin: text('origin', { enum: claimOrigins }).notNull(),
		/** Reading order within the module (the import's order; a person's mark goes last). */
		position: integer('position').notNull().default(0),
		updatedById: text('updated_by_id').references(() => users.id, { onDelete: 'set null' }),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' })
			.notNull()
			.default(sql`(unixepoch() * 1000)`),
		archivedAt: integer('archived_at', { mode: 'timestamp_ms' })
	},
	(t) => [
		index('source_marks_article').on(t.articleId, t.sectionId, t.position),
		// The claims stamp every reader's view reads (claimsStampSql), from the index alone.
		index('source_marks_stamp').on(t.articleId, t.updatedAt, t.archivedAt),
		index('source_marks_section').on(t.sectionId)
	]
);

/**
 * Two passages of one article that disagree ("these disagree"), with a note for readers and
 * the subject both speak of. Suggested by the rules at import, or linked by an editor.
 */
export const contradictions = sqliteTable(
	'contradictions',
	{
		id: text('id').primaryKey(),
		articleId: text('article_id')
			.notNull()
			.references(() => articles.id),
		aSectionId: text('a_section_id')
			.notNull()
			.references(() => sections.id),
		aQuote: text('a_quote').notNull(),
		aLabel: text('a_label'),
		bSectionId: text('b_section_id')
			.notNull()
			.references(() => sections.id),
		bQuote: text('b_quote').notNull(),
		bLabel: text('b_label'),
		subject: text('subject').notNull(),
		note: text('note').notNull(),
		status: text('status', { enum: claimStatuses }).notNull(),
		origin: text('origin', { enum: claimOrigins }).notNull(),
		position: integer('position').notNull().default(0),
		updatedById: text('updated_by_id').references(() => users.id, { onDelete: 'set null' }),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' })
			.notNull()
			.default(sql`(unixepoch() * 1000)`),
		archivedAt: integer('archived_at', { mode: 'timestamp_ms' })
	},
	(t) => [
		index('contradictions_article').on(t.articleId, t.position),
		index('contradictions_stamp').on(t.articleId, t.updatedAt, t.archivedAt),
		index('contradictions_a_section').on(t.aSectionId),
		index('contradictions_b_section').on(t.bSectionId)
	]
);

export type SourceMarkRow = typeof sourceMarks.$inferSelect;
export type ContradictionRow = typeof contradictions.$inferSelect;
