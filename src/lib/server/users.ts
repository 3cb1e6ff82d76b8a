import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, lt, notExists, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Role } from '../access';
import type { Database } from './db/client';
import {
	apiTokens,
	attemptAnswers,
	attempts,
	classMembers,
	classes,
	posts,
	reports,
	reviewCards,
	sectionProgress,
	sessions,
	users
} from './db/schema';
import { hashPassword } from './auth/password';
import { releaseClassesOf, type ClassesOnDeletion } from './classroom';
import { studentResults } from './gradebook';

export function normalizeEmail(email: string): string {
	return email.trim().toLowerCase();
}

export type CreateAccountResult =
	{ ok: true; userId: string } | { ok: false; reason: 'email-taken' };

export async function createAccount(
	db: Database,
	input: {
		email: string;
		displayName: string;
		password: string;
		role: Role;
		/** Set when the person asked to teach and an administrator must grant it. */
		teacherRequestedAt?: Date | null;
	}
): Promise<CreateAccountResult> {
	const passwordHash = await hashPassword(input.password);
	const id = randomUUID();
	const inserted = await db
		.insert(users)
		.values({
			id,
			email: normalizeEmail(input.email),
			displayName: input.displayName,
			passwordHash,
			role: input.role,
			teacherRequestedAt: input.teacherRequestedAt ?? null
		})
		.onConflictDoNothing()
		.returning({ id: users.id });
	return inserted.length ? { ok: true, userId: id } : { ok: false, reason: 'email-taken' };
}

/** An account found by e-mail or, for students added without one, by username. */
export async function findAccountByLogin(db: Database, identifier: string) {
	const key = identifier.trim().toLowerCase();
	return db.query.users.findFirst({
		where: and(or(eq(users.email, key), eq(users.username, key)), eq(users.isGuest, false))
	});
}

export async function createGuest(db: Database): Promise<string> {
	const id = randomUUID();
	await db.insert(users).values({ id, displayName: 'Guest', isGuest: true });
	return id;
}

/**
 * Carries everything a guest owns into an account, then removes the guest. Where both hold
 * the same thing (a module read twice, a review card for the same question) the account's
 * copy wins.
 */
export async function mergeGuestInto(db: Database, guestId: string, userId: string) {
	await db.transaction(async (tx) => {
		const guest = await tx.query.users.findFirst({
			where: and(eq(users.id, guestId), eq(users.isGuest, true))
		});
		if (!guest || guestId === userId) return;
		await tx.run(sql`INSERT OR IGNORE INTO section_progress (user_id, section_id, read_at)
			SELECT ${userId}, section_id, read_at FROM section_progress WHERE user_id = ${guestId}`);
		await tx.run(sql`INSERT OR IGNORE INTO review_cards (user_id, question_id, card, due_at, created_at)
			SELECT ${userId}, question_id, card, due_at, created_at FROM review_cards WHERE user_id = ${guestId}`);
		await tx.update(attempts).set({ userId }).where(eq(attempts.userId, guestId));
		await tx.delete(users).where(eq(users.id, guestId));
	});
}

/** Guests idle for 30 days go, with everything they owned (foreign keys cascade). */
export async function purgeIdleGuests(db: Database, now = Date.now()) {
	const cutoff = new Date(now - 30 * 24 * 60 * 60 * 1000);
	const gone = await db
		.delete(users)
		.where(and(eq(users.isGuest, true), lt(users.lastSeenAt, cutoff)))
		.returning({ id: users.id });
	return gone.length;
}

/**
 * Deletes an account: personal data and progress go; posts others replied to stay, shown as
 * "deleted user"; the rest of the person's posts go with them. A teacher's classes are settled
 * first (`releaseClassesOf`): one still in use refuses the deletion, archived ones go to an
 * administrator, so no student's posts, attempts or grades go with the teacher.
 */
export async function deleteAccount(
	db: Database,
	userId: string
): Promise<Exclude<ClassesOnDeletion, { ok: true }> | { ok: true }> {
	return db.transaction(async (tx) => {
		const [user] = await tx
			.select({ id: users.id, displayName: users.displayName })
			.from(users)
			.where(eq(users.id, userId));
		if (!user) return { ok: true };
		const classesSettled = await releaseClassesOf(tx, user);
		if (!classesSettled.ok) return classesSettled;
		// Remove the person's posts that nobody answered, leaves first, until none is left.
		for (;;) {
			const child = alias(posts, 'child');
			const leaves = await tx
				.select({ id: posts.id })
				.from(posts)
				.where(
					and(
						eq(posts.authorId, userId),
						notExists(tx.select({ id: child.id }).from(child).where(eq(child.parentId, posts.id)))
					)
				);
			if (leaves.length === 0) break;
			await tx.delete(posts).where(
				inArray(
					posts.id,
					leaves.map((l) => l.id)
				)
			);
		}
		await tx.update(posts).set({ authorId: null }).where(eq(posts.authorId, userId));
		await tx.delete(users).where(eq(users.id, userId));
		return { ok: true };
	});
}

/** Everything stored about a person, as one JSON-ready object. */
export async function exportUserData(db: Database, userId: string) {
	const user = await db.query.users.findFirst({ where: eq(users.id, userId) });
	if (!user) return undefined;
	const { passwordHash: _hash, ...profile } = user;
	const [
		mySessions,
		progress,
		myAttempts,
		answers,
		cards,
		myPosts,
		myReports,
		memberships,
		taught,
		tokens,
		results
	] = await Promise.all([
		db
			.select({ createdAt: sessions.createdAt, expiresAt: sessions.expiresAt })
			.from(sessions)
			.where(eq(sessions.userId, userId)),
		db.select().from(sectionProgress).where(eq(sectionProgress.userId, userId)),
		db.select().from(attempts).where(eq(attempts.userId, userId)).orderBy(asc(attempts.startedAt)),
		db
			.select({
				attemptId: attemptAnswers.attemptId,
				questionId: attemptAnswers.questionId,
				response: attemptAnswers.response,
				correct: attemptAnswers.correct
			})
			.from(attemptAnswers)
			.innerJoin(attempts, eq(attempts.id, attemptAnswers.attemptId))
			.where(eq(attempts.userId, userId)),
		db.select().from(reviewCards).where(eq(reviewCards.userId, userId)),
		db.select().from(posts).where(eq(posts.authorId, userId)).orderBy(asc(posts.createdAt)),
		db.select().from(reports).where(eq(reports.reporterId, userId)),
		db
			.select({
				classId: classMembers.classId,
				className: classes.name,
				joinedAt: classMembers.joinedAt
			})
			.from(classMembers)
			.innerJoin(classes, eq(classes.id, classMembers.classId))
			.where(eq(classMembers.userId, userId)),
		db
			.select({ id: classes.id, name: classes.name, createdAt: classes.createdAt })
			.from(classes)
			.where(eq(classes.teacherId, userId)),
		db
			.select({
				name: apiTokens.name,
				createdAt: apiTokens.createdAt,
				lastUsedAt: apiTokens.lastUsedAt
			})
			.from(apiTokens)
			.where(eq(apiTokens.userId, userId)),
		studentResults(db, userId)
	]);
	return {
		exportedAt: new Date().toISOString(),
		profile,
		sessions: mySessions,
		progress,
		attempts: myAttempts.map((a) => ({
			...a,
			answers: answers.filter((x) => x.attemptId === a.id)
		})),
		reviewCards: cards,
		posts: myPosts,
		reports: myReports,
		classMemberships: memberships,
		/** The person's standing on each assignment of each class they are in. */
		classResults: results,
		classesTaught: taught,
		apiTokens: tokens
	};
}

export interface UserListEntry {
	id: string;
	email: string | null;
	username: string | null;
	displayName: string;
	role: Role;
	disabledAt: Date | null;
	createdAt: Date;
}

/** Accounts (not guests) for the admin page, optionally matching a search, 50 at a time. */
export async function searchUsers(
	db: Database,
	query: string,
	offset = 0
): Promise<UserListEntry[]> {
	const q = query
		.trim()
		.toLowerCase()
		.replace(/[\\%_]/g, (c) => '\\' + c);
	const pattern = `%${q}%`;
	return db
		.select({
			id: users.id,
			email: users.email,
			username: users.username,
			displayName: users.displayName,
			role: users.role,
			disabledAt: users.disabledAt,
			createdAt: users.createdAt
		})
		.from(users)
		.where(
			and(
				eq(users.isGuest, false),
				q
					? or(
							sql`${users.email} LIKE ${pattern} ESCAPE '\\'`,
							sql`lower(${users.displayName}) LIKE ${pattern} ESCAPE '\\'`,
							sql`${users.username} LIKE ${pattern} ESCAPE '\\'`
						)
					: undefined
			)
		)
		.orderBy(asc(users.createdAt))
		.limit(50)
		.offset(offset);
}
