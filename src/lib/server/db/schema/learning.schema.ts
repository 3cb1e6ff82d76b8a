import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './auth.schema';
import { articles, sections } from './content.schema';

/** A module a learner marked read. */
export const sectionProgress = sqliteTable(
	'section_progress',
	{
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		sectionId: text('section_id')
			.notNull()
			.references(() => sections.id),
		readAt: integer('read_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.userId, t.sectionId] })]
);

/**
 * A quiz question, authored (from the bank) or generated (from a table). `id` is the bank's
 * stable id or the generator's deterministic id; `data` holds the full question including its
 * answer key, which never leaves the server before an attempt is submitted.
 */
export const questions = sqliteTable(
	'questions',
	{
		id: text('id').primaryKey(),
		articleId: text('article_id')
			.notNull()
			.references(() => articles.id),
		sectionId: text('section_id').references(() => sections.id),
		origin: text('origin', { enum: ['authored', 'generated', 'suggested', 'teacher'] }).notNull(),
		/** `suggested`: a draft no learner sees until a teacher accepts it. */
		status: text('status', { enum: ['suggested', 'published'] })
			.notNull()
			.default('published'),
		/** The current version (see question_versions): an edit adds one, never rewrites one. */
		version: integer('version').notNull().default(1),
		position: integer('position').notNull(),
		data: text('data', { mode: 'json' }).notNull(),
		archivedAt: integer('archived_at', { mode: 'timestamp_ms' })
	},
	(t) => [
		index('questions_article').on(t.articleId, t.position),
		// Every reader's view counts an article's live questions per module and stamps its bank
		// (reader-view.ts, questionsStampSql): answered from this index alone, no table rows.
		index('questions_article_counts').on(
			t.articleId,
			t.status,
			t.archivedAt,
			t.sectionId,
			t.version
		)
	]
);

/**
 * Every version a question has had. An attempt's plan names the version it asked, so an edit never
 * changes how an attempt already submitted is graded or shown.
 */
export const questionVersions = sqliteTable(
	'question_versions',
	{
		questionId: text('question_id')
			.notNull()
			.references(() => questions.id),
		version: integer('version').notNull(),
		data: text('data', { mode: 'json' }).notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' })
			.notNull()
			.default(sql`(unixepoch() * 1000)`),
		/** Who wrote it (null for an import). */
		createdById: text('created_by_id').references(() => users.id, { onDelete: 'set null' })
	},
	(t) => [primaryKey({ columns: [t.questionId, t.version] })]
);

/**
 * One try at a quiz. `scope` is 'article' or a section id. The seed fixes question and option
 * order; `plan` stores it so the page and the grader agree.
 */
export const attempts = sqliteTable(
	'attempts',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		articleId: text('article_id')
			.notNull()
			.references(() => articles.id),
		scope: text('scope').notNull(),
		seed: integer('seed').notNull(),
		plan: text('plan', { mode: 'json' }).notNull(),
		startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
		submittedAt: integer('submitted_at', { mode: 'timestamp_ms' }),
		score: integer('score'),
		maxScore: integer('max_score'),
		/** The class assignment this attempt counts for (no foreign key: adding one would rebuild the table). */
		assignmentId: text('assignment_id')
	},
	(t) => [
		index('attempts_user_scope').on(t.userId, t.articleId, t.scope),
		index('attempts_assignment_user').on(t.assignmentId, t.userId),
		index('attempts_article_submitted').on(t.articleId, t.submittedAt)
	]
);

/** A graded answer within a submitted attempt. */
export const attemptAnswers = sqliteTable(
	'attempt_answers',
	{
		attemptId: text('attempt_id')
			.notNull()
			.references(() => attempts.id, { onDelete: 'cascade' }),
		questionId: text('question_id')
			.notNull()
			.references(() => questions.id),
		response: text('response', { mode: 'json' }).notNull(),
		correct: integer('correct', { mode: 'boolean' }).notNull(),
		points: integer('points').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.attemptId, t.questionId] }),
		index('attempt_answers_question').on(t.questionId)
	]
);

/** An answer saved while the attempt is open, so a reload or a later sitting finds it. */
export const draftAnswers = sqliteTable(
	'draft_answers',
	{
		attemptId: text('attempt_id')
			.notNull()
			.references(() => attempts.id, { onDelete: 'cascade' }),
		questionId: text('question_id').notNull(),
		response: text('response', { mode: 'json' }).notNull(),
		savedAt: integer('saved_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.attemptId, t.questionId] })]
);

/** A learner's spaced-review card for a question they missed (ts-fsrs state as JSON). */
export const reviewCards = sqliteTable(
	'review_cards',
	{
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		questionId: text('question_id')
			.notNull()
			.references(() => questions.id),
		card: text('card', { mode: 'json' }).notNull(),
		dueAt: integer('due_at', { mode: 'timestamp_ms' }).notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' })
			.notNull()
			.default(sql`(unixepoch() * 1000)`)
	},
	(t) => [
		primaryKey({ columns: [t.userId, t.questionId] }),
		index('review_cards_due').on(t.userId, t.dueAt)
	]
);
