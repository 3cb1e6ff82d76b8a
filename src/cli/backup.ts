// `npm run backup -- <file>`: a consistent copy of the live file database, taken with
// VACUUM INTO while the server keeps serving (readers and writers are not blocked for long).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { connect } from '../lib/server/db';

async function main(target: string | undefined): Promise<number> {
	if (!target) {
		console.error('usage: npm run backup -- <backup-file.db>');
		return 2;
	}
	const path = resolve(target);
	if (existsSync(path)) {
		console.error(`${path} already exists; choose a new file name.`);
		return 1;
	}
	const handle = await connect();
	if (!handle.isFile) {
		console.error(
			'Backups of a libSQL server or Turso are made by the server itself; this copies file databases.'
		);
		return 1;
	}
	await handle.client.execute({ sql: 'VACUUM INTO ?', args: [path] });
	handle.client.close();
	console.log(path);
	return 0;
}

process.exitCode = await main(process.argv[2]);
