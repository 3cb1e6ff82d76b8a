import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { roles } from '../../../access';

/** A person, or a guest identity created the first time a visitor does something worth keeping. */
export const users = sqliteTable(
	'users',
	{
		id: text('id').primaryKey(),
		email: text('email').unique(),
		username: text('username').unique(),
		displayName: text('display_name').notNull(),
		passwordHash: text('password_hash'),
		role: text('role', { enum: roles }).notNull().default('learner'),
		isGuest: integer('is_guest', { mode: 'boolean' }).notNull().default(false),
		mustChangePassword: integer('must_change_password', { mode: 'boolean' })
			.notNull()
			.default(false),
		disabledAt: integer('disabled_at', { mode: 'timestamp_ms' }),
		/** Set by a moderator: the user may read but not post until then. */
		suspendedUntil: integer('suspended_until', { mode: 'timestamp_ms' }),
		suspensionReason: text('suspension_reason'),
		/** A sign-up that asked to teach, waiting for an admin (TEACHER_SIGNUP=approval). */
		teacherRequestedAt: integer('teacher_requested_at', { mode: 'timestamp_ms' }),
		/** Public posts a moderator approved; the first two wait for approval. */
		approvedPostCount: integer('approved_post_count').notNull().default(0),
		/** When the user last looked at replies to their posts (for "new replies"). */
		repliesSeenAt: integer('replies_seen_at', { mode: 'timestamp_ms' }),
		/** The teacher who created this account in bulk (students without e-mail). */
		createdById: text('created_by_id'),
		createdAt: integer('created_at', { mode: 'timestamp_ms' })
			.notNull()
			.default(sql`(unixepoch() * 1000)`),
		lastSeenAt: integer('last_seen_at', { mode: 'timestamp_ms' })
			.notNull()
			.default(sql`(unixepoch() * 1000)`)
	},
	(t) => [index('users_guest_seen').on(t.isGuest, t.lastSeenAt)]
);

/** A session: `id` is the SHA-256 (hex) of the token; the token itself is never stored. */
export const sessions = sqliteTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' })
			.notNull()
			.default(sql`(unixepoch() * 1000)`)
	},
	(t) => [index('sessions_user').on(t.userId)]
);

/** Fixed-window counters shared by every server process: sign-ins, sign-ups, posts. */
export const rateLimits = sqliteTable('rate_limits', {
	key: text('key').primaryKey(),
	count: integer('count').notNull(),
	resetAt: integer('reset_at').notNull()
});

/** Personal API tokens (sent as `Authorization: Bearer`); only the SHA-256 is stored. */
export const apiTokens = sqliteTable(
	'api_tokens',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		tokenHash: text('token_hash').notNull().unique(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' })
			.notNull()
			.default(sql`(unixepoch() * 1000)`),
		lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' })
	},
	(t) => [index('api_tokens_user').on(t.userId)]
);

/** A single-use password-reset link sent by e-mail: `id` is the SHA-256 of its token. */
export const passwordResets = sqliteTable(
	'password_resets',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		usedAt: integer('used_at', { mode: 'timestamp_ms' }),
		createdAt: integer('created_at', { mode: 'timestamp_ms' })
			.notNull()
			.default(sql`(unixepoch() * 1000)`)
	},
	(t) => [index('password_resets_user').on(t.userId)]
);

/** Who did what, when and why: moderation and administration. */
export const auditLog = sqliteTable(
	'audit_log',
	{
		id: text('id').primaryKey(),
		actorId: text('actor_id').references(() => users.id, { onDelete: 'set null' }),
		actorName: text('actor_name').notNull(),
		action: text('action').notNull(),
		targetType: text('target_type').notNull(),
		targetId: text('target_id').notNull(),
		reason: text('reason'),
		details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' })
			.notNull()
			.default(sql`(unixepoch() * 1000)`)
	},
	(t) => [index('audit_log_created').on(t.createdAt)]
);

export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
