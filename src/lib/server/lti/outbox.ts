// The grade outbox (AGS): every learner's score for every linked assignment is written to
// `lti_grades` when their progress changes, then sent by a worker in each server process. A
// row is leased while it is sent, so processes never send it twice at once; a failure the LMS
// may get over (down, 5xx, 429) is retried with backoff; a refusal (4xx) is kept with the
// LMS's reason for the teacher to see. A crash loses nothing: rows are durable, and every
// process reconciles the outbox with the gradebook when it starts.
import { and, asc, eq, isNotNull, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { retryDelayMs, scoreFor } from '../../lti/claims';
import type { LmsGrade } from '../../lti/grades';
import type { Database } from '../db/client';
import { assignments, classMembers, ltiAccounts, ltiGrades, ltiLinks, users } from '../db/schema';
import { buildGradebook, type GradebookCell } from '../../classroom';
import { loadGradebookData } from '../gradebook';
import { findPlatformById } from './platforms';
import { sendScore } from './services';

/** How long a process holds a row it is sending. */
export const LEASE_MS = 30_000;
const BATCH = 20;

/** The LTI-linked assignments of a learner's classes (those with a grade column). */
async function linkedAssignments(db: Database, where: SQL | undefined) {
	return db
		.selectDistinct({
			assignmentId: ltiLinks.assignmentId,
			classId: assignments.classId,
			platformId: ltiLinks.platformId,
			lineItemUrl: ltiLinks.lineItemUrl,
			userId: classMembers.userId,
			subject: ltiAccounts.subject
		})
		.from(ltiLinks)
		.innerJoin(assignments, eq(assignments.id, ltiLinks.assignmentId))
		.innerJoin(classMembers, eq(classMembers.classId, assignments.classId))
		.innerJoin(
			ltiAccounts,
			and(
				eq(ltiAccounts.userId, classMembers.userId),
				eq(ltiAccounts.platformId, ltiLinks.platformId)
			)
		)
		.where(and(isNotNull(ltiLinks.lineItemUrl), where));
}

/**
 * Each linked learner's gradebook cell for each linked assignment, by `assignment user`: one
 * gradebook read per class (only the learner's row when one learner is asked about).
 */
async function linkedCells(
	db: Database,
	linked: Array<{ classId: string; userId: string }>,
	now: Date
): Promise<Map<string, { cell: GradebookCell; requireQuiz: boolean }>> {
	const learners = new Map<string, Set<string>>();
	for (const { classId, userId } of linked) {
		const inClass = learners.get(classId) ?? new Set<string>();
		learners.set(classId, inClass.add(userId));
	}
	const cells = new Map<string, { cell: GradebookCell; requireQuiz: boolean }>();
	for (const [classId, userIds] of learners) {
		const only = userIds.size === 1 ? [...userIds][0] : undefined;
		const data = await loadGradebookData(db, classId, { onlyStudentId: only, now });
		for (const row of buildGradebook(data.input).rows) {
			if (!userIds.has(row.student.id)) continue;
			row.cells.forEach((cell, i) => {
				const assignment = data.assignments[i]!;
				cells.set(`${assignment.id} ${row.student.id}`, {
					cell,
					requireQuiz: assignment.requireQuiz
				});
			});
		}
	}
	return cells;
}

/**
 * Writes the outbox rows of a learner (or of every linked learner) whose score changed: one
 * gradebook read per class. Returns how many rows now wait to be sent.
 */
export async function queueGrades(
	db: Database,
	{
		userId,
		articleId,
		assignmentId,
		now = new Date()
	}: { userId?: string; articleId?: string; assignmentId?: string; now?: Date } = {}
): Promise<number> {
	const linked = await linkedAssignments(
		db,
		and(
			userId ? eq(classMembers.userId, userId) : undefined,
			articleId ? eq(assignments.articleId, articleId) : undefined,
			assignmentId ? eq(assignments.id, assignmentId) : undefined
		)
	);
	if (linked.length === 0) return 0;
	let queued = 0;
	const cells = await linkedCells(db, linked, now);
	for (const link of linked) {
		const mine = cells.get(`${link.assignmentId} ${link.userId}`);
		if (!mine) continue;
		const { cell, requireQuiz } = mine;
		const started = cell.attempts > 0 || cell.sectionsRead > 0 || cell.responded;
		const wanted = scoreFor(
			{
				status: cell.status === 'done' ? 'done' : started ? 'in-progress' : 'not-started',
				bestScorePercent: cell.bestScorePercent,
				requireQuiz
			},
			link.subject,
			now
		);
		if (!wanted) continue;
		const changed = await db
			.insert(ltiGrades)
			.values({
				assignmentId: link.assignmentId,
				userId: link.userId,
				platformId: link.platformId,
				lineItemUrl: link.lineItemUrl!,
				score: wanted.score,
				summary: wanted.summary,
				state: 'pending',
				nextAt: now,
				updatedAt: now
			})
			.onConflictDoUpdate({
				target: [ltiGrades.assignmentId, ltiGrades.userId, ltiGrades.lineItemUrl],
				set: {
					score: wanted.score,
					summary: wanted.summary,
					state: 'pending',
					revision: sql`${ltiGrades.revision} + 1`,
					tries: 0,
					nextAt: now,
					leaseUntil: null,
					lastError: null,
					updatedAt: now
				},
				// Only a change: the same score waiting or sent is left as it is.
				setWhere: sql`${ltiGrades.summary} IS NOT excluded.summary`
			})
			.returning({ state: ltiGrades.state });
		queued += changed.length;
	}
	if (queued > 0) wake();
	return queued;
}

/** Takes due rows for this process to send: leased so no other process sends them meanwhile. */
async function claim(db: Database, now: Date) {
	const due = db
		.select({ rowid: sql`rowid` })
		.from(ltiGrades)
		.where(
			and(
				eq(ltiGrades.state, 'pending'),
				lte(ltiGrades.nextAt, now),
				or(isNull(ltiGrades.leaseUntil), lte(ltiGrades.leaseUntil, now))
			)
		)
		.orderBy(asc(ltiGrades.nextAt))
		.limit(BATCH);
	return db
		.update(ltiGrades)
		.set({ leaseUntil: new Date(now.getTime() + LEASE_MS) })
		.where(sql`rowid IN ${due}`)
		.returning();
}

/** Sends what is due; returns how many rows it tried. */
export async function sendDueGrades(db: Database, now = new Date()): Promise<number> {
	const rows = await claim(db, now);
	for (const row of rows) {
		const sameRevision = and(
			eq(ltiGrades.assignmentId, row.assignmentId),
			eq(ltiGrades.userId, row.userId),
			eq(ltiGrades.lineItemUrl, row.lineItemUrl),
			eq(ltiGrades.revision, row.revision)
		);
		const platform = await findPlatformById(db, row.platformId);
		const sent = platform
			? await sendScore(db, platform, row.lineItemUrl, row.score)
			: ({ ok: false, retry: false, reason: 'The LMS is no longer registered.' } as const);
		const at = new Date();
		if (sent.ok) {
			await db
				.update(ltiGrades)
				.set({ state: 'sent', sentAt: at, leaseUntil: null, lastError: null, tries: row.tries + 1 })
				.where(sameRevision);
		} else if (sent.retry) {
			await db
				.update(ltiGrades)
				.set({
					tries: row.tries + 1,
					nextAt: new Date(at.getTime() + retryDelayMs(row.tries + 1)),
					leaseUntil: null,
					lastError: sent.reason
				})
				.where(sameRevision);
		} else {
			await db
				.update(ltiGrades)
				.set({ state: 'refused', tries: row.tries + 1, leaseUntil: null, lastError: sent.reason })
				.where(sameRevision);
		}
	}
	return rows.length;
}

// ---- The worker ----------------------------------------------------------------------------

let running: {
	db: Database;
	timer: NodeJS.Timeout;
	busy: Promise<void> | null;
	again: boolean;
} | null = null;
const TICK_MS = 2_000;

/** Sends due grades now (soon after a score changed), without waiting for the next tick. */
export function wake() {
	if (!running) return;
	if (running.busy) {
		running.again = true;
		return;
	}
	const worker = running;
	worker.busy = (async () => {
		try {
			do {
				worker.again = false;
				while ((await sendDueGrades(worker.db)) === BATCH);
			} while (worker.again);
		} catch (cause) {
			console.error('Lectern: sending grades to the LMS failed', cause);
		} finally {
			worker.busy = null;
		}
	})();
}

/** Starts this process's sender: reconciles the outbox with the gradebook, then ticks. */
export function startGradeOutbox(db: Database) {
	if (running) return;
	running = { db, timer: setInterval(wake, TICK_MS).unref(), busy: null, again: false };
	void queueGrades(db)
		.catch((cause) => console.error('Lectern: reconciling LMS grades failed', cause))
		.finally(wake);
}

// ---- What the teacher sees -----------------------------------------------------------------

/** The outbox rows of a class's assignments, by student name. */
export async function classGradeSync(db: Database, classId: string): Promise<LmsGrade[]> {
	const rows = await db
		.select({
			assignmentId: ltiGrades.assignmentId,
			userId: ltiGrades.userId,
			lineItemUrl: ltiGrades.lineItemUrl,
			studentName: users.displayName,
			score: ltiGrades.score,
			state: ltiGrades.state,
			tries: ltiGrades.tries,
			lastError: ltiGrades.lastError,
			nextAt: ltiGrades.nextAt,
			sentAt: ltiGrades.sentAt
		})
		.from(ltiGrades)
		.innerJoin(assignments, eq(assignments.id, ltiGrades.assignmentId))
		.innerJoin(users, eq(users.id, ltiGrades.userId))
		.where(eq(assignments.classId, classId))
		.orderBy(asc(users.displayName), asc(ltiGrades.assignmentId));
	return rows.map((r) => ({
		...r,
		score: typeof r.score.scoreGiven === 'number' ? r.score.scoreGiven : null
	}));
}

/**
 * After a learner's progress changed (a quiz submitted, a module read): their LMS scores, if
 * any of their classes is linked. Never in the way of what the learner did: a failure is
 * logged, and the next reconciliation writes the score.
 */
export async function noteProgress(db: Database, userId: string, articleId: string) {
	try {
		await queueGrades(db, { userId, articleId });
	} catch (cause) {
		console.error('Lectern: queueing an LMS grade failed', cause);
	}
}
