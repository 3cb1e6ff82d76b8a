import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './auth.schema';
import { articles } from './content.schema';

export const classes = sqliteTable(
	'classes',
	{
		id: text('id').primaryKey(),
		teacherId: text('teacher_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		description: text('description').notNull().default(''),
		timeZone: text('time_zone').notNull().default('UTC'),
		/** Null when the teacher switched joining off. */
		joinCode: text('join_code').unique(),
		/** An archived class is read-only and survives its teacher's account deletion. */
		archivedAt: integer('archived_at', { mode: 'timestamp_ms' }),
		createdAt: integer('created_at', { mode: 'timestamp_ms' })
			.notNull()
			.default(sql`(unixepoch() * 1000)`)
	},
	(t) => [index('classes_teacher').on(t.teacherId)]
);

export const classMembers = sqliteTable(
	'class_members',
	{
		classId: text('class_id')
			.notNull()
			.references(() => classes.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		joinedAt: integer('joined_at', { mode: 'timestamp_ms' }).notNull(),
		/** Set by the class's teacher: the student may read but not post in this class until then. */
		suspendedUntil: integer('suspended_until', { mode: 'timestamp_ms' }),
		suspensionReason: text('suspension_reason')
	},
	(t) => [primaryKey({ columns: [t.classId, t.userId] }), index('class_members_user').on(t.userId)]
);

/** An article (all of it, or the listed section ids) assigned to a class. Due dates are UTC. */
export const assignments = sqliteTable(
	'assignments',
	{
		id: text('id').primaryKey(),
		classId: text('class_id')
			.notNull()
			.references(() => classes.id, { onDelete: 'cascade' }),
		articleId: text('article_id')
			.notNull()
			.references(() => articles.id),
		sectionIds: text('section_ids', { mode: 'json' }).$type<string[] | null>(),
		dueAt: integer('due_at', { mode: 'timestamp_ms' }),
		requireQuiz: integer('require_quiz', { mode: 'boolean' }).notNull().default(false),
		passMark: integer('pass_mark'),
		requireResponse: integer('require_response', { mode: 'boolean' }).notNull().default(false),
		/** The quiz the assignment sets: these modules' questions (null: the whole article's). */
		quizSectionIds: text('quiz_section_ids', { mode: 'json' }).$type<string[] | null>(),
		/** How many questions each attempt draws (null: all of them). */
		quizQuestionCount: integer('quiz_question_count'),
		/** How many attempts a student has (null: as many as they like). */
		maxAttempts: integer('max_attempts'),
		createdAt: integer('created_at', { mode: 'timestamp_ms' })
			.notNull()
			.default(sql`(unixepoch() * 1000)`)
	},
	(t) => [index('assignments_class').on(t.classId)]
);

/**
 * The class's other teachers: they teach it as its teacher does (roster, assignments, gradebook,
 * class discussion) — an LMS course's further instructors, synced by Names and Roles. The class's
 * own `teacherId` stays the one who owns it (hand-over, deletion).
 */
export const classTeachers = sqliteTable(
	'class_teachers',
	{
		classId: text('class_id')
			.notNull()
			.references(() => classes.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		addedAt: integer('added_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.classId, t.userId] }), index('class_teachers_user').on(t.userId)]
);
