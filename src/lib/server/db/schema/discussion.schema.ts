import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './auth.schema';
import { classes } from './classroom.schema';
import { articles, prompts } from './content.schema';

/**
 * A discussion of one prompt in one scope: `scope` is 'public' or 'class:<classId>', so class
 * threads are the same thing with a different audience.
 */
export const threads = sqliteTable(
	'threads',
	{
		id: text('id').primaryKey(),
		articleId: text('article_id')
			.notNull()
			.references(() => articles.id),
		promptId: text('prompt_id')
			.notNull()
			.references(() => prompts.id),
		scope: text('scope').notNull(),
		classId: text('class_id').references(() => classes.id, { onDelete: 'cascade' }),
		respondFirst: integer('respond_first', { mode: 'boolean' }).notNull().default(false),
		lockedAt: integer('locked_at', { mode: 'timestamp_ms' }),
		createdAt: integer('created_at', { mode: 'timestamp_ms' })
			.notNull()
			.default(sql`(unixepoch() * 1000)`),
		/**
		 * Bumped by triggers (migration 0008) whenever a post of the thread is inserted, updated or
		 * deleted, and when one of its authors is renamed: every process's cache of the thread's
		 * pages is keyed by it, whoever wrote.
		 */
		version: integer('version').notNull().default(0)
	},
	(t) => [
		uniqueIndex('threads_prompt_scope').on(t.promptId, t.scope),
		// A class's threads, found by their scope (its gradebook's responses, its insights).
		index('threads_scope').on(t.scope)
	]
);

export const postStatuses = ['visible', 'held', 'hidden', 'deleted'] as const;

export const posts = sqliteTable(
	'posts',
	{
		id: text('id').primaryKey(),
		threadId: text('thread_id')
			.notNull()
			.references(() => threads.id, { onDelete: 'cascade' }),
		/** Null once the author deleted their account: the post shows "deleted user". */
		authorId: text('author_id').references(() => users.id, { onDelete: 'set null' }),
		parentId: text('parent_id'),
		/** The top-level post this one hangs under (itself for a top-level post). */
		rootId: text('root_id').notNull(),
		depth: integer('depth').notNull(),
		replyToPostId: text('reply_to_post_id'),
		body: text('body').notNull(),
		html: text('html').notNull(),
		status: text('status', { enum: postStatuses }).notNull().default('visible'),
		/** Who hid it: a moderator, or enough reports (pending review). */
		hiddenBy: text('hidden_by', { enum: ['moderator', 'reports'] }),
		hiddenReason: text('hidden_reason'),
		reportCount: integer('report_count').notNull().default(0),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		editedAt: integer('edited_at', { mode: 'timestamp_ms' }),
		deletedAt: integer('deleted_at', { mode: 'timestamp_ms' })
	},
	(t) => [
		// A page of top-level posts reads only this index: `id` makes it covering and breaks
		// ties in `created_at` the way `compareOldestFirst` does.
		index('posts_thread_top').on(t.threadId, t.depth, t.createdAt, t.id),
		index('posts_root').on(t.rootId, t.createdAt),
		// Post counts per prompt, from the index alone.
		index('posts_thread_status').on(t.threadId, t.status),
		// "New replies to your posts", including replies attached beside a depth-4 post.
		index('posts_reply_to').on(t.replyToPostId, t.createdAt),
		index('posts_author').on(t.authorId, t.createdAt),
		index('posts_parent').on(t.parentId),
		index('posts_status').on(t.status)
	]
);

export const reportReasons = ['spam', 'harassment', 'off-topic', 'other'] as const;

export const reports = sqliteTable(
	'reports',
	{
		id: text('id').primaryKey(),
		postId: text('post_id')
			.notNull()
			.references(() => posts.id, { onDelete: 'cascade' }),
		reporterId: text('reporter_id').references(() => users.id, { onDelete: 'set null' }),
		reason: text('reason', { enum: reportReasons }).notNull(),
		note: text('note'),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		resolvedAt: integer('resolved_at', { mode: 'timestamp_ms' }),
		resolution: text('resolution')
	},
	(t) => [
		uniqueIndex('reports_post_reporter').on(t.postId, t.reporterId),
		index('reports_open').on(t.resolvedAt, t.createdAt)
	]
);
