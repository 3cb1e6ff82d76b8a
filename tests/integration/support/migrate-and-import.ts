// Run by tests/integration/startup.spec.ts as a separate process (`tsx`), twice at once:
// opens the database named on the command line and runs the server's start-up preparation
// (migrations, bundled seed article with its bank and claims file, first admin). It prints `ready` once loaded and waits
// for a line on stdin, so the test can release both processes at the same moment; it then
// prints one JSON line with what start-up logged.
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { openDatabase } from '../../../src/lib/server/db/client';
import { prepareDatabase } from '../../../src/lib/server/startup';

const [url, articleFile] = process.argv.slice(2);
if (!url || !articleFile) {
	console.error('usage: migrate-and-import.ts <database url> <article file>');
	process.exit(2);
}
const bankFile = articleFile.replace(/\.txt$/, '.quiz.json');
const claimsFile = articleFile.replace(/\.txt$/, '.claims.json');
const bundled = [
	{
		file: basename(articleFile),
		text: readFileSync(articleFile, 'utf8'),
		bank: existsSync(bankFile) ? readFileSync(bankFile, 'utf8') : undefined,
		claims: existsSync(claimsFile) ? readFileSync(claimsFile, 'utf8') : undefined
	}
];

process.stdout.write('ready\n');
await new Promise<void>((resolve) => {
	process.stdin.once('data', () => resolve());
});
process.stdin.pause();

const handle = await openDatabase(url);
const logs: string[] = [];
await prepareDatabase(handle, bundled, { log: (line) => logs.push(line) });
handle.client.close();
process.stdout.write(JSON.stringify({ logs }) + '\n');
