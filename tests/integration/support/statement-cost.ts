// What a piece of work cost the database, from SQLite's own counters (the sqlite_stmt table:
// VM steps, full-scan steps, automatic-index rows) and EXPLAIN QUERY PLAN: the scale specs
// assert work, never wall-clock time, so they hold on a busy machine.
import { createClient, type Client } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import type { Database } from '../../../src/lib/server/db/client';
import * as schema from '../../../src/lib/server/db/schema';

/**
 * A second handle on a test database with a single connection: sqlite_stmt counts per
 * connection, and the app's client spreads parallel reads over a pool, so counters read
 * through it could come from another connection than the one that did the work.
 */
export function measuredHandle(url: string): { client: Client; db: Database } {
	const client = createClient({ url, concurrency: 1 });
	return { client, db: drizzle(client, { schema }) };
}

export interface StatementCost {
	sql: string;
	steps: number;
	fullScanSteps: number;
	autoIndexRows: number;
}

/** The counters of every cached statement, summed by SQL text. */
async function statementCounters(client: Client) {
	const rows = await client.execute('SELECT sql, nstep, nscan, naidx FROM sqlite_stmt');
	const bySql = new Map<string, { steps: number; scan: number; aidx: number }>();
	for (const r of rows.rows) {
		const sql = String(r.sql);
		const prev = bySql.get(sql) ?? { steps: 0, scan: 0, aidx: 0 };
		bySql.set(sql, {
			steps: prev.steps + Number(r.nstep),
			scan: prev.scan + Number(r.nscan),
			aidx: prev.aidx + Number(r.naidx)
		});
	}
	return bySql;
}

/** Runs `work` and returns what it returned, with the cost of each statement it ran. */
export async function measure<T>(client: Client, work: () => Promise<T>) {
	const before = await statementCounters(client);
	const result = await work();
	const after = await statementCounters(client);
	const costs: StatementCost[] = [];
	for (const [sql, counters] of after) {
		if (sql.includes('sqlite_stmt')) continue;
		const was = before.get(sql) ?? { steps: 0, scan: 0, aidx: 0 };
		const steps = counters.steps - was.steps;
		if (steps <= 0) continue;
		costs.push({
			sql,
			steps,
			fullScanSteps: counters.scan - was.scan,
			autoIndexRows: counters.aidx - was.aidx
		});
	}
	return { result, costs, steps: costs.reduce((sum, c) => sum + c.steps, 0) };
}

/** EXPLAIN QUERY PLAN of a statement, its parameters left unbound (NULL). */
export async function queryPlan(client: Client, sql: string): Promise<string[]> {
	const rs = await client.execute(`EXPLAIN QUERY PLAN ${sql}`);
	return rs.rows.map((r) => String(r.detail));
}
