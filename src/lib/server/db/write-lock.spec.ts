import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterEach, describe, expect, it } from 'vitest';
import { Mutex, isWrite, retryBusy, serializeWrites } from './write-lock';

const dirs: string[] = [];
afterEach(() => {
	for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempFile() {
	const dir = mkdtempSync(join(tmpdir(), 'lectern-lock-'));
	dirs.push(dir);
	return `file:${join(dir, 'x.db')}`;
}
function tempClient(timeout: number, url = tempFile()) {
	return createClient({ url, timeout });
}

describe('the process write lock', () => {
	it('hands the lock out in order, one holder at a time', async () => {
		const lock = new Mutex();
		const log: string[] = [];
		const job = (name: string, ms: number) =>
			lock.run(async () => {
				log.push(`${name} in`);
				await new Promise((r) => setTimeout(r, ms));
				log.push(`${name} out`);
			});
		await Promise.all([job('a', 20), job('b', 1), job('c', 1)]);
		expect(log).toEqual(['a in', 'a out', 'b in', 'b out', 'c in', 'c out']);
	});

	it('tells writes from reads', () => {
		expect(isWrite('INSERT INTO t VALUES (1)')).toBe(true);
		expect(isWrite({ sql: '  update t set a = 1', args: [] })).toBe(true);
		expect(isWrite('delete from t')).toBe(true);
		expect(isWrite('WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x')).toBe(true);
		expect(isWrite('SELECT * FROM t')).toBe(false);
		expect(isWrite('PRAGMA journal_mode')).toBe(false);
	});

	it('lets a write wait for an open transaction instead of failing with SQLITE_BUSY', async () => {
		const client = serializeWrites(() => tempClient(300));
		await client.execute('PRAGMA journal_mode=WAL');
		await client.execute('CREATE TABLE t (n INTEGER)');
		const tx = await client.transaction('write');
		await tx.execute('INSERT INTO t VALUES (1)');
		const outside = client.execute('INSERT INTO t VALUES (2)');
		// Reads are not queued: WAL lets them see the last commit while the transaction is open.
		expect((await client.execute('SELECT count(*) AS n FROM t')).rows[0]!.n).toBe(0);
		await new Promise((r) => setTimeout(r, 400)); // longer than the busy timeout
		await tx.execute('INSERT INTO t VALUES (3)');
		await tx.commit();
		await outside;
		expect((await client.execute('SELECT count(*) AS n FROM t')).rows[0]!.n).toBe(3);
		client.close();
	});

	it('releases the lock when a transaction is rolled back or closed', async () => {
		const client = serializeWrites(() => tempClient(300));
		await client.execute('CREATE TABLE t (n INTEGER)');
		const tx = await client.transaction('write');
		await tx.rollback();
		const tx2 = await client.transaction('write');
		tx2.close();
		await client.execute('INSERT INTO t VALUES (1)');
		expect((await client.execute('SELECT count(*) AS n FROM t')).rows[0]!.n).toBe(1);
		client.close();
	});

	describe('when another process holds the lock and SQLite answers SQLITE_BUSY at once', () => {
		// Busy timeout 0: SQLite answers SQLITE_BUSY at once, as it does in WAL mode in some races
		// with another process's commit. The other "process" is a second client of the same file.
		async function twoWriters() {
			const url = tempFile();
			const other = tempClient(0, url);
			await other.execute('PRAGMA journal_mode=WAL');
			await other.execute('CREATE TABLE t (n INTEGER)');
			const held = await other.transaction('write');
			await held.execute('INSERT INTO t VALUES (1)');
			const raw = tempClient(0, url);
			const ours = serializeWrites(() => tempClient(0, url));
			const releaseIn = (ms: number) =>
				new Promise<void>((resolve) =>
					setTimeout(() => void held.commit().then(() => resolve()), ms)
				);
			const count = async () =>
				Number((await ours.execute('SELECT count(*) AS n FROM t')).rows[0]!.n);
			return { raw, ours, other, releaseIn, count };
		}

		it('is what the bare client answers, and its connection is spoilt by it', async () => {
			const { raw, other, releaseIn } = await twoWriters();
			await expect(raw.transaction('write')).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
			await expect(raw.execute('INSERT INTO t VALUES (2)')).rejects.toMatchObject({
				code: 'SQLITE_BUSY'
			});
			await releaseIn(0);
			// …and the refused statements stay active on the connection: with the lock free, its
			// next transaction cannot commit. Hence a new client after SQLITE_BUSY.
			const tx = await raw.transaction('write');
			await tx.execute('INSERT INTO t VALUES (3)');
			await expect(tx.commit()).rejects.toThrow(/statements in progress/);
			raw.close();
			other.close();
		});

		it('a transaction, a batch and a single write wait and retry until the lock is free', async () => {
			const { ours, other, releaseIn, count } = await twoWriters();
			const released = releaseIn(150);
			const tx = ours.transaction('write').then(async (t) => {
				await t.execute('INSERT INTO t VALUES (2)');
				await t.commit();
			});
			const batch = ours.batch(['INSERT INTO t VALUES (3)', 'INSERT INTO t VALUES (4)'], 'write');
			const single = ours.execute('INSERT INTO t VALUES (5)');
			await Promise.all([released, tx, batch, single]);
			expect(await count()).toBe(5);
			ours.close();
			other.close();
		});

		it('gives up with SQLITE_BUSY once its budget is spent, and only on SQLITE_BUSY', async () => {
			let calls = 0;
			const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
			await expect(
				retryBusy(
					async () => {
						calls++;
						throw busy;
					},
					{ budgetMs: 50 }
				)
			).rejects.toBe(busy);
			expect(calls).toBeGreaterThan(1);
			calls = 0;
			const other = Object.assign(new Error('constraint'), { code: 'SQLITE_CONSTRAINT' });
			await expect(
				retryBusy(async () => {
					calls++;
					throw other;
				})
			).rejects.toBe(other);
			expect(calls).toBe(1);
		});
	});
});
