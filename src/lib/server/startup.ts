import cluster from 'node:cluster';
import { randomBytes, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { parseArticle } from '../article/parse';
import type { Article } from '../article/types';
import type { ImportedClaims } from '../marks/claims';
import { courseClaims, parseClaimsFile } from '../marks/course';
import { articleQuestions } from '../quiz/select';
import { suggestQuestions, type Suggestion } from '../suggest';
import { importArticle, importUnchanged } from './articles';
import { hashPassword } from './auth/password';
import type { DatabaseHandle } from './db/client';
import { applyMigrations } from './db/migrate';
import { users } from './db/schema';

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

/** Reads a bundled claims file; a bad one fails start-up with a message naming the file. */
function readClaimsFile(file: string, article: Article, text: string | undefined) {
	if (text === undefined) return null;
	const name = file.replace(/\.txt$/, '') + '.claims.json';
	try {
		return parseClaimsFile(article, JSON.parse(text));
	} catch (error) {
		throw new Error(`${name}: ${(error as Error).message}`, { cause: error });
	}
}

/**
 * Brings a database up to date: migrations, then every bundled article, then the first
 * admin on a new database. Safe to run from two processes at once: each step is a write
 * transaction that re-checks what the other may have done.
 */
export async function prepareDatabase(
	handle: DatabaseHandle,
	bundled: readonly BundledArticle[],
	log: (line: string) => void = console.log,
	suggest: (article: Article) => Suggestion[] = suggestQuestions,
	drawClaims: (article: Article, file?: unknown) => ImportedClaims = courseClaims
) {
	await applyMigrations(handle.client);
	for (const { file, text, bank, claims: claimsText } of bundled) {
		try {
			const article = parseArticle(text);
			const questions = articleQuestions(
				article,
				bank === undefined ? undefined : JSON.parse(bank)
			);
			const claimsFile = readClaimsFile(file, article, claimsText);
			// Every process checks at every start: the prose suggestions and the marks' drafts
			// (seconds of NLP) are drawn only when the article, its bank, its claims file or the
			// rules changed.
			if (await importUnchanged(handle.db, article, questions, claimsFile)) continue;
			const claims = drawClaims(article, claimsFile ?? undefined);
			const suggestions = suggest(article).map((s) => s.question);
			const result = await importArticle(handle.db, article, [...questions, ...suggestions], {
				claims
			});
			if (result.outcome !== 'unchanged') log(`Lectern: ${result.outcome} article ${result.slug}`);
		} catch (error) {
			throw new Error(`bundled article ${file}: ${(error as Error).message}`, { cause: error });
		}
	}
	const admin = await ensureFirstAdmin(handle);
	if (admin) announceFirstAdmin(admin, log);
}

export interface FirstAdmin {
	email: string;
	password: string;
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
