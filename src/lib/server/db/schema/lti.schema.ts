import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, unique } from 'drizzle-orm/sqlite-core';
import { users } from './auth.schema';
import { assignments, classes } from './classroom.schema';

const created = () =>
	integer('created_at', { mode: 'timestamp_ms' })
		.notNull()
		.default(sql`(unixepoch() * 1000)`);

/** An LMS (an LTI 1.3 platform) registered with Lectern, by hand in /admin or dynamically. */
export const ltiPlatforms = sqliteTable(
	'lti_platforms',
	{
		id: text('id').primaryKey(),
		name: text('name').notNull(),
		issuer: text('issuer').notNull(),
		clientId: text('client_id').notNull(),
		/** The platform's OIDC authorization endpoint (where a login is sent on). */
		authUrl: text('auth_url').notNull(),
		/** The OAuth 2 token endpoint (services: roster, grades). */
		tokenUrl: text('token_url').notNull(),
		jwksUrl: text('jwks_url').notNull(),
		registeredVia: text('registered_via', { enum: ['manual', 'dynamic'] }).notNull(),
		createdAt: created()
	},
	(t) => [unique('lti_platforms_issuer_client').on(t.issuer, t.clientId)]
);

/** The deployments of Lectern a platform may launch from; any other is refused. */
export const ltiDeployments = sqliteTable(
	'lti_deployments',
	{
		platformId: text('platform_id')
			.notNull()
			.references(() => ltiPlatforms.id, { onDelete: 'cascade' }),
		deploymentId: text('deployment_id').notNull(),
		createdAt: created()
	},
	(t) => [primaryKey({ columns: [t.platformId, t.deploymentId] })]
);

/**
 * The tool's own signing keys (RS256). The newest unretired key signs; a retired key stays in
 * the JWKS until `retiredAt` + a grace period, so platforms that cached it still verify.
 */
export const ltiKeys = sqliteTable('lti_keys', {
	kid: text('kid').primaryKey(),
	privateJwk: text('private_jwk', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
	publicJwk: text('public_jwk', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
	retiredAt: integer('retired_at', { mode: 'timestamp_ms' }),
	createdAt: created()
});

/**
 * A login initiation waiting for its launch: the `state` (its SHA-256) and the `nonce` sent to
 * the platform, consumed once. The launch needs no cookie: the state and nonce are checked here.
 */
export const ltiLogins = sqliteTable(
	'lti_logins',
	{
		stateHash: text('state_hash').primaryKey(),
		nonce: text('nonce').notNull(),
		platformId: text('platform_id')
			.notNull()
			.references(() => ltiPlatforms.id, { onDelete: 'cascade' }),
		targetLinkUri: text('target_link_uri').notNull(),
		/**
		 * The LMS's frame that keeps the state for Lectern (1EdTech platform storage, by
		 * postMessage), when the LMS offered one: the launch page checks the state there.
		 */
		storageTarget: text('storage_target'),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		usedAt: integer('used_at', { mode: 'timestamp_ms' })
	},
	(t) => [index('lti_logins_expires').on(t.expiresAt)]
);

/** A platform's user (its `sub`), bound to a Lectern account: never matched by e-mail. */
export const ltiAccounts = sqliteTable(
	'lti_accounts',
	{
		platformId: text('platform_id')
			.notNull()
			.references(() => ltiPlatforms.id, { onDelete: 'cascade' }),
		subject: text('subject').notNull(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: created()
	},
	(t) => [
		primaryKey({ columns: [t.platformId, t.subject] }),
		index('lti_accounts_user').on(t.userId)
	]
);

/** An LMS course (context), bound to the Lectern class made for it on its first launch. */
export const ltiContexts = sqliteTable(
	'lti_contexts',
	{
		platformId: text('platform_id')
			.notNull()
			.references(() => ltiPlatforms.id, { onDelete: 'cascade' }),
		contextId: text('context_id').notNull(),
		deploymentId: text('deployment_id').notNull(),
		classId: text('class_id')
			.notNull()
			.unique()
			.references(() => classes.id, { onDelete: 'cascade' }),
		/** Names and Roles: where the roster is read (null when the platform offers none). */
		membershipsUrl: text('memberships_url'),
		/** Assignment and Grade Services: the course's line items (null when not offered). */
		lineItemsUrl: text('line_items_url'),
		rosterSyncedAt: integer('roster_synced_at', { mode: 'timestamp_ms' }),
		rosterError: text('roster_error'),
		createdAt: created()
	},
	(t) => [primaryKey({ columns: [t.platformId, t.contextId] })]
);

/** An LMS link (resource link) bound to a Lectern assignment, and its line item for grades. */
export const ltiLinks = sqliteTable(
	'lti_links',
	{
		platformId: text('platform_id')
			.notNull()
			.references(() => ltiPlatforms.id, { onDelete: 'cascade' }),
		resourceLinkId: text('resource_link_id').notNull(),
		assignmentId: text('assignment_id')
			.notNull()
			.references(() => assignments.id, { onDelete: 'cascade' }),
		lineItemUrl: text('line_item_url'),
		createdAt: created()
	},
	(t) => [
		primaryKey({ columns: [t.platformId, t.resourceLinkId] }),
		index('lti_links_assignment').on(t.assignmentId)
	]
);

/**
 * The grade outbox: the score each learner should have in each LMS grade column (line item) of
 * each linked assignment (an assignment linked twice, say from a copied LMS link, has two).
 * Written in the same place as the progress it reflects; sent by a worker with backoff; a
 * newer score replaces a pending one (`revision`), and a send only settles the revision it sent.
 */
export const ltiGrades = sqliteTable(
	'lti_grades',
	{
		assignmentId: text('assignment_id')
			.notNull()
			.references(() => assignments.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		platformId: text('platform_id')
			.notNull()
			.references(() => ltiPlatforms.id, { onDelete: 'cascade' }),
		lineItemUrl: text('line_item_url').notNull(),
		/** The AGS score as it will be sent (userId is the platform's `sub`). */
		score: text('score', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
		/** What the score says, compared to tell a change: `done:87.5`, `started`… */
		summary: text('summary').notNull(),
		state: text('state', { enum: ['pending', 'sent', 'refused'] }).notNull(),
		revision: integer('revision').notNull().default(1),
		tries: integer('tries').notNull().default(0),
		nextAt: integer('next_at', { mode: 'timestamp_ms' }).notNull(),
		/** A worker holds the row until then while it sends (several processes share the outbox). */
		leaseUntil: integer('lease_until', { mode: 'timestamp_ms' }),
		/** The platform's reason for a refusal, or the last failure while retrying. */
		lastError: text('last_error'),
		sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [
		primaryKey({ columns: [t.assignmentId, t.userId, t.lineItemUrl] }),
		index('lti_grades_due').on(t.state, t.nextAt)
	]
);

/**
 * One-time tokens (only their SHA-256 stored): `enter` opens Lectern in a window of its own
 * signed in (a launch inside an LMS frame cannot rely on cookies); `deep-link` carries a deep
 * linking request to the picker; `register` lets an LMS register itself dynamically.
 */
export const ltiTokens = sqliteTable(
	'lti_tokens',
	{
		id: text('id').primaryKey(),
		purpose: text('purpose', { enum: ['enter', 'deep-link', 'register'] }).notNull(),
		userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
		/** What the token opens: a path (enter), the deep linking request (deep-link). */
		data: text('data', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		usedAt: integer('used_at', { mode: 'timestamp_ms' }),
		createdAt: created()
	},
	(t) => [index('lti_tokens_expires').on(t.expiresAt)]
);
