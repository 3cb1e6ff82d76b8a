/**
 * The NLP half of start-up's import of a bundled article (see `prepareDatabase`): the table
 * questions, the prose suggestions and the marks' drafts. Imported only when a bundled article,
 * its bank, its claims file or the build changed: compromise alone is ~45 MB of a process.
 */
import { and, eq } from 'drizzle-orm';
import type { Article } from '../article/types';
import type { ImportedClaims } from '../marks/claims';
import { courseClaims, parseClaimsFile } from '../marks/course';
import { articleQuestions } from '../quiz/select';
import { suggestQuestions, type Suggestion } from '../suggest';
import { importArticle, importHash, importUnchanged } from './articles';
import type { Database } from './db/client';
import { articles } from './db/schema';
import type { BundledArticle } from './startup';

export interface Drawing {
	suggest?: (article: Article) => Suggestion[];
	drawClaims?: (article: Article, file?: unknown) => ImportedClaims;
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
 * Imports a bundled article unless the database already holds exactly this import (the prose
 * suggestions and the marks' drafts, seconds of NLP, are drawn only then), and records `key`
 * beside it. Returns the import's outcome, or 'unchanged'.
 */
export async function importBundled(
	db: Database,
	article: Article,
	{ file, bank, claims: claimsText }: BundledArticle,
	key: string,
	{ suggest = suggestQuestions, drawClaims = courseClaims }: Drawing = {}
): Promise<string> {
	const questions = articleQuestions(article, bank === undefined ? undefined : JSON.parse(bank));
	const claimsFile = readClaimsFile(file, article, claimsText);
	let outcome = 'unchanged';
	if (!(await importUnchanged(db, article, questions, claimsFile))) {
		const claims = drawClaims(article, claimsFile ?? undefined);
		const suggestions = suggest(article).map((s) => s.question);
		const result = await importArticle(db, article, [...questions, ...suggestions], { claims });
		outcome = result.outcome;
	}
	// Only onto the import these files make: another process's newer one keeps no key.
	await db
		.update(articles)
		.set({ sourceKey: key })
		.where(
			and(
				eq(articles.slug, article.slug),
				eq(articles.contentHash, importHash(article, questions, claimsFile))
			)
		);
	return outcome;
}
