// `npm run import -- <file>`: imports or updates one article; prints its slug.
import { readFileSync } from 'node:fs';
import { parseArticle } from '../lib/article/parse';
import { importArticle } from '../lib/server/articles';
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
	let article;
	try {
		article = parseArticle(bytes);
	} catch (error) {
		console.error(`${file}: ${(error as Error).message}`);
		return 1;
	}
	const handle = await connect();
	await applyMigrations(handle.client);
	const result = await importArticle(handle.db, article);
	for (const warning of article.warnings) console.error(`${file}: warning: ${warning}`);
	if (result.archivedSections.length) {
		console.error(`${file}: archived sections: ${result.archivedSections.join(', ')}`);
	}
	console.log(result.slug);
	handle.client.close();
	return 0;
}

process.exitCode = await main(process.argv[2]);
