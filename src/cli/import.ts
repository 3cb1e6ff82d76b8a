// `npm run import -- <file>`: imports or updates one article; prints its slug.
import { existsSync, readFileSync } from 'node:fs';
import { parseArticle } from '../lib/article/parse';
import { courseClaims } from '../lib/marks/course';
import { courseQuestions } from '../lib/suggest/course';
import { COMMAND_LINE_ACTOR, importArticleAudited } from '../lib/server/admin';
import { connect } from '../lib/server/db';
import { applyMigrations } from '../lib/server/db/migrate';

async function main(file: string | undefined): Promise<number> {
	if (!file) {
		console.error('usage: npm run import -- <article.txt>');
		return 2;
	}
	let bytes: Buffer;
	try {
		bytes = readFileSync(file);
	} catch (error) {
		console.error(`${file}: ${(error as Error).message}`);
		return 1;
	}
	// An authored question bank, when one stands beside the article as <name>.quiz.json.
	const bankFile = file.replace(/(\.txt)?$/, '.quiz.json');
	let article, questions;
	try {
		article = parseArticle(bytes);
	} catch (error) {
		console.error(`${file}: ${(error as Error).message}`);
		return 1;
	}
	try {
		const bank = existsSync(bankFile) ? JSON.parse(readFileSync(bankFile, 'utf8')) : undefined;
		questions = courseQuestions(article, bank);
	} catch (error) {
		console.error(`${bankFile}: ${(error as Error).message}`);
		return 1;
	}
	// Hand-made claims, when they stand beside it as <name>.claims.json (else the rules' drafts).
	const claimsFile = file.replace(/(\.txt)?$/, '.claims.json');
	let claims;
	try {
		const hand = existsSync(claimsFile) ? JSON.parse(readFileSync(claimsFile, 'utf8')) : undefined;
		claims = courseClaims(article, hand);
	} catch (error) {
		console.error(`${claimsFile}: ${(error as Error).message}`);
		return 1;
	}
	const handle = await connect();
	await applyMigrations(handle.client);
	const result = await importArticleAudited(
		handle.db,
		COMMAND_LINE_ACTOR,
		'cli',
		article,
		questions,
		{ claims }
	);
	for (const warning of article.warnings) console.error(`${file}: warning: ${warning}`);
	if (result.archivedSections.length) {
		console.error(`${file}: archived sections: ${result.archivedSections.join(', ')}`);
	}
	console.log(result.slug);
	handle.client.close();
	return 0;
}

process.exitCode = await main(process.argv[2]);
