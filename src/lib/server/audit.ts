import { randomUUID } from 'node:crypto';
import { desc } from 'drizzle-orm';
import type { Database } from './db/client';
import { auditLog } from './db/schema';

export interface AuditEntry {
	action: string;
	targetType: string;
	targetId: string;
	reason?: string | null;
	details?: Record<string, unknown>;
}

/** Records who did what, to what, and why. */
export async function recordAudit(
	db: Pick<Database, 'insert'>,
	actor: { id: string; displayName: string },
	entry: AuditEntry
) {
	await db.insert(auditLog).values({
		id: randomUUID(),
		actorId: actor.id,
		actorName: actor.displayName,
		action: entry.action,
		targetType: entry.targetType,
		targetId: entry.targetId,
		reason: entry.reason ?? null,
		details: entry.details ?? null,
		createdAt: new Date()
	});
}

export async function recentAudit(db: Database, limit = 100) {
	return db.select().from(auditLog).orderBy(desc(auditLog.createdAt)).limit(limit);
}
