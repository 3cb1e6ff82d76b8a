import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { GroupCommit, statementOf, type GroupCommitOptions } from './group-commit';
import { serializeWrites } from './write-lock';

const dirs: string[] = [];
const clients: Client[] = [];
afterEach(() => {
	for (const c of clients.splice(0)) c.close();
	for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A file database as the app opens one (WAL, the process write lock), with two tables. */
async function database() {
	const dir = mkdtempSync(join(tmpdir(), 'lectern-group-'));
	dirs.push(dir);
	const client = serializeWrites(() =>
		createClient({ url: `file:${join(dir, 'x.db')}`, timeout: 5000 })
	);
	clients.push(client);
	await client.execute('PRAGMA journal_mode=WAL');
	await client.execute('CREATE TABLE parents (id INTEGER PRIMARY KEY)');
	await client.execute(
		'CREATE TABLE answers (id INTEGER PRIMARY KEY, who TEXT NOT NULL, parent INTEGER REFERENCES parents(id) DEFERRABLE INITIALLY DEFERRED)'
	);
	await client.execute('INSERT INTO parents (id) VALUES (1)');
	return client;
}

const stored = async (client: Client) =>
	(await client.execute('SELECT who FROM answers ORDER BY id')).rows.map((r) => String(r.who));

/** `n` units of two statements each (unit i writes "i.a" and "i.b"), all sent at once. */
function sendUnits(group: GroupCommit, n: number, parent = 1) {
	return Array.from({ length: n }, (_, i) =>
		group.run([
			{ sql: 'INSERT INTO answers (who, parent) VALUES (?, ?)', args: [`${i}.a`, parent] },
			{ sql: 'INSERT INTO answers (who, parent) VALUES (?, ?)', args: [`${i}.b`, parent] }
		])
	);
}

function grouped(client: Client, options: GroupCommitOptions = {}) {
	const commits: number[] = [];
	const group = new GroupCommit(client, {
		...options,
		onCommit: (units) => {
			commits.push(units);
			options.onCommit?.(units);
		}
	});
	return { group, commits };
}

describe('group commit', () => {
	it('commits units that arrive together in one transaction, each acknowledged with its results', async () => {
		const client = await database();
		const { group, commits } = grouped(client);
		const results = await Promise.all(sendUnits(group, 40));
		expect(commits).toEqual([40]);
		expect(results.every((r) => r.length === 2 && r[0]!.rowsAffected === 1)).toBe(true);
		expect(await stored(client)).toHaveLength(80);
	});

	it('commits what arrives during a commit in the next group, up to the bound per group', async () => {
		const client = await database();
		const { group, commits } = grouped(client, { maxUnits: 16 });
		const first = sendUnits(group, 3);
		// Arrives while the first group is being committed (after its turn of the event loop).
		await new Promise((resolve) => setImmediate(resolve));
		const later = sendUnits(group, 40);
		await Promise.all([...first, ...later]);
		expect(commits).toEqual([3, 16, 16, 8]);
		expect(await stored(client)).toHaveLength(86);
	});

	it('fails a unit alone when one of its statements fails: its own writes undone, its neighbours stored', async () => {
		const client = await database();
		const { group } = grouped(client, {
			// A fault between the two statements of unit 2 (after its first insert ran).
			beforeStatement: (unit, statement) => {
				if (unit === 2 && statement === 1) throw new Error('injected fault');
			}
		});
		const outcomes = await Promise.allSettled(sendUnits(group, 5));
		expect(outcomes.map((o) => o.status)).toEqual([
			'fulfilled',
			'fulfilled',
			'rejected',
			'fulfilled',
			'fulfilled'
		]);
		expect((outcomes[2] as PromiseRejectedResult).reason.message).toBe('injected fault');
		expect(await stored(client)).toEqual(['0.a', '0.b', '1.a', '1.b', '3.a', '3.b', '4.a', '4.b']);
	});

	it('fails a unit alone when the database refuses one of its statements', async () => {
		const client = await database();
		const { group } = grouped(client);
		const good = sendUnits(group, 2);
		const bad = group.run([
			{ sql: 'INSERT INTO answers (who) VALUES (?)', args: ['bad.a'] },
			{ sql: 'INSERT INTO answers (who) VALUES (NULL)', args: [] }
		]);
		await expect(bad).rejects.toThrow(/NOT NULL/);
		await Promise.all(good);
		expect(await stored(client)).toEqual(['0.a', '0.b', '1.a', '1.b']);
	});

	it('acknowledges no unit before its group commits, and none of a group whose commit fails', async () => {
		const client = await database();
		const events: string[] = [];
		const { group } = grouped(client, { onCommit: (units) => events.push(`commit ${units}`) });
		const track = (units: Promise<unknown>[], label: string) =>
			units.map((u, i) =>
				u.then(
					() => events.push(`${label}${i} acknowledged`),
					() => events.push(`${label}${i} refused`)
				)
			);
		// Parent 2 does not exist: each insert runs, but the deferred foreign key fails COMMIT.
		const doomed = track(sendUnits(group, 3, 2), 'doomed ');
		await Promise.all(doomed);
		expect(events).toEqual(['doomed 0 refused', 'doomed 1 refused', 'doomed 2 refused']);
		expect(await stored(client)).toEqual([]);

		events.length = 0;
		await Promise.all(track(sendUnits(group, 3), 'unit '));
		expect(events).toEqual([
			'commit 3',
			'unit 0 acknowledged',
			'unit 1 acknowledged',
			'unit 2 acknowledged'
		]);
		expect(await stored(client)).toHaveLength(6);
	});

	it('turns drizzle queries into statements libSQL runs', async () => {
		const client = await database();
		const { group } = grouped(client);
		const [inserted, selected] = await group.run([
			statementOf(sql`INSERT INTO answers (who, parent) VALUES (${'drizzle'}, ${1}) RETURNING id`),
			statementOf(sql`SELECT who FROM answers WHERE who = ${'drizzle'}`)
		]);
		expect(inserted!.rows).toHaveLength(1);
		expect(selected!.rows.map((r) => r.who)).toEqual(['drizzle']);
	});
});
