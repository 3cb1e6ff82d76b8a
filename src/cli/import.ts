// `npm run import -- <file>`: imports or updates one article; prints its slug.
import { existsSync, readFileSync } from 'node:fs';
import { parseArticle } from '../lib/article/parse';

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
	let article;
	try {
		article = parseArticle(bytes);
	} catch (error) {
		console.error(`${file}: ${(error as Error).message}`);
		return 1;
	}
	// What drafts questions and claims (NLP) and the database come in only for an article that
	// parsed: a usage slip or a malformed file is answered at once.
	const [{ courseClaims }, { courseQuestions }, admin, { connect }, { applyMigrations }] =
		await Promise.all([
			import('../lib/marks/course'),
			import('../lib/suggest/course'),
			import('../lib/server/admin'),
			import('../lib/server/db'),
			import('../lib/server/db/migrate')
		]);
	// An authored question bank, when one stands beside the article as <name>.quiz.json.
	const bankFile = file.replace(/(\.txt)?$/, '.quiz.json');
	let questions;
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
	const result = await admin.importArticleAudited(
		handle.db,
		admin.COMMAND_LINE_ACTOR,
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
