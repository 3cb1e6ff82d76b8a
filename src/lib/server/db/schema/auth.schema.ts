import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const roles = ['learner', 'teacher', 'moderator', 'admin'] as const;
export type Role = (typeof roles)[number];

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

export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
