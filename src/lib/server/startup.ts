import cluster from 'node:cluster';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { parseArticle } from '../article/parse';
import { MARK_RULES_VERSION } from '../marks/version';
import { SUGGESTION_RULES_VERSION } from '../suggest/version';
import { hashPassword } from './auth/password';
import type { Drawing } from './bundled-import';
import type { DatabaseHandle } from './db/client';
import { applyMigrations } from './db/migrate';
import { articles, users } from './db/schema';

export const FIRST_ADMIN_EMAIL = 'admin@lectern.local';

/**
 * An article to import at start: its text and, optionally, its question bank and its hand-made
 * claims (`<name>.claims.json`), both JSON text.
 */
export interface BundledArticle {
	file: string;
	text: string;
	bank?: string;
	claims?: string;
}

export interface PrepareOptions extends Drawing {
	log?: (line: string) => void;
	/** The running build (SvelteKit's version name): a new build checks every article again. */
	build?: string;
}

/** What a start-up import of a bundled article depends on: its files, the rules, the build. */
function sourceKey({ file, text, bank, claims }: BundledArticle, build: string): string {
	const parts = [file, text, bank, claims, SUGGESTION_RULES_VERSION, MARK_RULES_VERSION, build];
	return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/**
 * Brings a database up to date: migrations, then every bundled article, then the first
 * admin on a new database. Safe to run from two processes at once: each step is a write
 * transaction that re-checks what the other may have done.
 *
 * Every process checks every bundled article at every start. An article whose files and build
 * are those of the last check (its `sourceKey`) costs one query; only a changed one loads the
 * NLP (`bundled-import.ts`), draws the questions and marks again and imports what changed.
 */
export async function prepareDatabase(
	handle: DatabaseHandle,
	bundled: readonly BundledArticle[],
	{ log = console.log, build = '', ...drawing }: PrepareOptions = {}
): Promise<{ loadedNlp: boolean }> {
	await applyMigrations(handle.client);
	let loadedNlp = false;
	for (const entry of bundled) {
		try {
			const article = parseArticle(entry.text);
			const key = sourceKey(entry, build);
			const stored = await handle.db.query.articles.findFirst({
				columns: { sourceKey: true },
				where: eq(articles.slug, article.slug)
			});
			if (stored?.sourceKey === key) continue;
			loadedNlp = true;
			const { importBundled } = await import('./bundled-import');
			const outcome = await importBundled(handle.db, article, entry, key, drawing);
			if (outcome !== 'unchanged') log(`Lectern: ${outcome} article ${article.slug}`);
		} catch (error) {
			throw new Error(`bundled article ${entry.file}: ${(error as Error).message}`, {
				cause: error
			});
		}
	}
	const admin = await ensureFirstAdmin(handle);
	if (admin) announceFirstAdmin(admin, log);
	return { loadedNlp };
}

export interface FirstAdmin {
	email: string;
	password: string;
}

/**
 * What a worker sends its supervisor (src/cli/start.js) when it prepared the database with the
 * NLP loaded (~45 MB it would keep for life): it exits instead of serving, and the supervisor
 * starts a fresh one, which finds every article checked.
 */
export const PREPARED_MESSAGE = { lectern: 'prepared' } as const;

/**
 * Under `npm start`, a worker that loaded the NLP to prepare the database says so and exits
 * before it listens; on its own (`node build`, dev) a server keeps going.
 */
export async function handOverIfPrepared({ loadedNlp }: { loadedNlp: boolean }): Promise<void> {
	if (!loadedNlp || !cluster.isWorker || !process.send) return;
	// A worker started in the place of one that handed over serves whatever it loaded: never a loop.
	if (process.env.LECTERN_HANDED_OVER === '1') return;
	await new Promise<void>((resolve) =>
		process.send!(PREPARED_MESSAGE, undefined, {}, () => resolve())
	);
	process.exit(0);
}

/** What a worker sends its supervisor (src/cli/start.js) when it created the first admin. */
export interface FirstAdminMessage extends FirstAdmin {
	lectern: 'first-admin';
}

/**
 * The first admin's one-time credentials go to whoever started the server, once. Under
 * `npm start` the worker hands them to its supervisor, which prints them last, with the
 * address, once the site answers (lines printed here would scroll away above the rest of
 * start-up); a server run on its own prints them itself.
 */
export function announceFirstAdmin(admin: FirstAdmin, log: (line: string) => void) {
	if (cluster.isWorker && process.send) {
		const message: FirstAdminMessage = { lectern: 'first-admin', ...admin };
		process.send(message);
		return;
	}
	log(
		`Lectern: created the first admin account.\n  e-mail:   ${admin.email}\n  password: ${admin.password}\n` +
			'  This one-time password is shown only now; you will choose a new one at first sign-in.'
	);
}

/** Creates the first admin when there is none; returns its one-time credentials once. */
export async function ensureFirstAdmin(handle: DatabaseHandle): Promise<FirstAdmin | undefined> {
	const hasAdmin = async (db: Pick<DatabaseHandle['db'], 'query'>) =>
		Boolean(
			await db.query.users.findFirst({ columns: { id: true }, where: eq(users.role, 'admin') })
		);
	if (await hasAdmin(handle.db)) return undefined;
	const password = randomBytes(12).toString('base64url');
	const passwordHash = await hashPassword(password);
	return handle.db.transaction(async (tx) => {
		if (await hasAdmin(tx)) return undefined;
		await tx.insert(users).values({
			id: randomUUID(),
			email: FIRST_ADMIN_EMAIL,
			displayName: 'Administrator',
			passwordHash,
			role: 'admin',
			mustChangePassword: true
		});
		return { email: FIRST_ADMIN_EMAIL, password };
	});
}
