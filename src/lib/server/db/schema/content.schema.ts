import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './auth.schema';

/**
 * One imported article. `contentHash` lets a re-import of unchanged text be a no-op. `ownerId`:
 * who imported it (null for the bundled articles and those of a deleted account); a `draft` is
 * private to its owner and their classes until an admin publishes it.
 */
export const articles = sqliteTable('articles', {
	id: text('id').primaryKey(),
	ownerId: text('owner_id').references(() => users.id, { onDelete: 'set null' }),
	slug: text('slug').notNull().unique(),
	title: text('title').notNull(),
	status: text('status', { enum: ['published', 'draft'] })
		.notNull()
		.default('published'),
	sources: text('sources', { mode: 'json' }).$type<string[]>().notNull(),
	contentHash: text('content_hash').notNull(),
	/**
	 * For a bundled article: the key of the files and build it was last checked against at
	 * start-up (src/lib/server/startup.ts), so a start with nothing new skips the NLP; any other
	 * import clears it.
	 */
	sourceKey: text('source_key'),
	version: integer('version').notNull().default(1),
	warnings: text('warnings', { mode: 'json' }).$type<string[]>().notNull(),
	createdAt: integer('created_at', { mode: 'timestamp_ms' })
		.notNull()
		.default(sql`(unixepoch() * 1000)`),
	updatedAt: integer('updated_at', { mode: 'timestamp_ms' })
		.notNull()
		.default(sql`(unixepoch() * 1000)`)
});

/** A section of an article: one lesson module. Archived, never deleted, when it vanishes. */
export const sections = sqliteTable(
	'sections',
	{
		id: text('id').primaryKey(),
		articleId: text('article_id')
			.notNull()
			.references(() => articles.id),
		slug: text('slug').notNull(),
		title: text('title').notNull(),
		kind: text('kind', { enum: ['lesson', 'prompts', 'sources'] }).notNull(),
		position: integer('position').notNull(),
		blocks: text('blocks', { mode: 'json' }).notNull(),
		wordCount: integer('word_count').notNull(),
		archivedAt: integer('archived_at', { mode: 'timestamp_ms' })
	},
	(t) => [index('sections_article_position').on(t.articleId, t.position)]
);

/** A discussion prompt ("reader question"), numbered from 1 in article order. */
export const prompts = sqliteTable(
	'prompts',
	{
		id: text('id').primaryKey(),
		articleId: text('article_id')
			.notNull()
			.references(() => articles.id),
		sectionId: text('section_id').references(() => sections.id),
		number: integer('number').notNull(),
		text: text('text').notNull(),
		archivedAt: integer('archived_at', { mode: 'timestamp_ms' })
	},
	(t) => [
		uniqueIndex('prompts_article_number_live')
			.on(t.articleId, t.number)
			.where(sql`archived_at is null`)
	]
);

export type ArticleRow = typeof articles.$inferSelect;
export type SectionRow = typeof sections.$inferSelect;
export type PromptRow = typeof prompts.$inferSelect;
