import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import {
	DEFAULT_PASS_MARK,
	generateJoinCode,
	makeUsername,
	planStudentAccounts,
	type AssignmentInput,
	type ClassInput,
	type PlannedStudent
} from '../classroom';
import { hashPassword } from './auth/password';
import type { Database } from './db/client';
import { articles, assignments, classMembers, classes, sections, users } from './db/schema';

/** A database handle or an open transaction: both build queries the same way. */
type Executor = Database | Parameters<Parameters<Database['transaction']>[0]>[0];

export type ClassRow = typeof classes.$inferSelect;
export type ClassRelation = 'teacher' | 'member' | null;

// ---- Who is who in a class ----------------------------------------------------------------

/**
 * How `userId` stands to a class: its teacher, one of its students, or nothing (also when the
 * class does not exist). What `authorize` needs for the class grants of the access table.
 */
export async function classRelation(
	db: Executor,
	classId: string,
	userId: string | null | undefined
): Promise<ClassRelation> {
	if (!userId) return null;
	const [row] = await db
		.select({ teacherId: classes.teacherId, memberId: classMembers.userId })
		.from(classes)
		.leftJoin(
			classMembers,
			and(eq(classMembers.classId, classes.id), eq(classMembers.userId, userId))
		)
		.where(eq(classes.id, classId));
	if (!row) return null;
	if (row.teacherId === userId) return 'teacher';
	return row.memberId ? 'member' : null;
}

export async function findClass(db: Executor, classId: string): Promise<ClassRow | undefined> {
	const [row] = await db.select().from(classes).where(eq(classes.id, classId));
	return row;
}

export interface ClassSummary {
	id: string;
	name: string;
	description: string;
	timeZone: string;
	joinCode: string | null;
	students: number;
	assignments: number;
	teacherName: string;
}

const studentCount = sql<number>`(SELECT count(*) FROM ${classMembers} WHERE ${classMembers.classId} = ${classes.id})`;
const assignmentCount = sql<number>`(SELECT count(*) FROM ${assignments} WHERE ${assignments.classId} = ${classes.id})`;

/** The classes a teacher teaches, newest first. */
export async function listTaughtClasses(db: Executor, teacherId: string): Promise<ClassSummary[]> {
	const rows = await db
		.select({
			id: classes.id,
			name: classes.name,
			description: classes.description,
			timeZone: classes.timeZone,
			joinCode: classes.joinCode,
			students: studentCount,
			assignments: assignmentCount,
			teacherName: users.displayName
		})
		.from(classes)
		.innerJoin(users, eq(users.id, classes.teacherId))
		.where(eq(classes.teacherId, teacherId))
		.orderBy(sql`${classes.createdAt} DESC`);
	return rows.map((r) => ({
		...r,
		students: Number(r.students),
		assignments: Number(r.assignments)
	}));
}

/** The classes a student is in, in the order they joined; a student never sees join codes. */
export async function listJoinedClasses(db: Executor, userId: string): Promise<ClassSummary[]> {
	const rows = await db
		.select({
			id: classes.id,
			name: classes.name,
			description: classes.description,
			timeZone: classes.timeZone,
			students: studentCount,
			assignments: assignmentCount,
			teacherName: users.displayName
		})
		.from(classMembers)
		.innerJoin(classes, eq(classes.id, classMembers.classId))
		.innerJoin(users, eq(users.id, classes.teacherId))
		.where(eq(classMembers.userId, userId))
		.orderBy(asc(classMembers.joinedAt));
	return rows.map((r) => ({
		...r,
		joinCode: null,
		students: Number(r.students),
		assignments: Number(r.assignments)
	}));
}

// ---- Classes and their join codes ---------------------------------------------------------

// 21⁸ codes make a collision rare; a handful of tries makes a failure to find one absurd.
const JOIN_CODE_TRIES = 8;

/** Whether a database error is a UNIQUE constraint failing (drizzle wraps libSQL's error). */
export function isUniqueViolation(error: unknown): boolean {
	for (let e: unknown = error; e instanceof Error; e = e.cause) {
		const code = (e as { code?: unknown }).code;
		if (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT_UNIQUE')) return true;
		if (/UNIQUE constraint failed/.test(e.message)) return true;
	}
	return false;
}

/** Creates a class with a fresh join code (drawn again if it is somehow taken). */
export async function createClass(
	db: Executor,
	teacherId: string,
	input: ClassInput
): Promise<string> {
	for (let i = 0; i < JOIN_CODE_TRIES; i++) {
		const id = randomUUID();
		const inserted = await db
			.insert(classes)
			.values({ id, teacherId, ...input, joinCode: generateJoinCode() })
			.onConflictDoNothing()
			.returning({ id: classes.id });
		if (inserted.length > 0) return id;
	}
	throw new Error('could not find an unused join code');
}

export async function updateClass(db: Executor, classId: string, input: ClassInput) {
	await db.update(classes).set(input).where(eq(classes.id, classId));
}

/** Deletes a class: its members, assignments and class threads go with it (foreign keys). */
export async function deleteClass(db: Executor, classId: string) {
	await db.delete(classes).where(eq(classes.id, classId));
}

/** A new join code (the old one stops working); also how joining is switched back on. */
export async function regenerateJoinCode(db: Executor, classId: string): Promise<string> {
	for (let i = 0; i < JOIN_CODE_TRIES; i++) {
		const joinCode = generateJoinCode();
		try {
			await db.update(classes).set({ joinCode }).where(eq(classes.id, classId));
			return joinCode;
		} catch (error) {
			if (!isUniqueViolation(error)) throw error;
		}
	}
	throw new Error('could not find an unused join code');
}

/** Switches joining off: the code stops working and no new code is issued. */
export async function disableJoining(db: Executor, classId: string) {
	await db.update(classes).set({ joinCode: null }).where(eq(classes.id, classId));
}

/** The class a (normalised) join code opens, if joining is on. */
export async function findClassByJoinCode(db: Executor, code: string) {
	const [row] = await db
		.select({
			id: classes.id,
			name: classes.name,
			teacherId: classes.teacherId,
			teacherName: users.displayName
		})
		.from(classes)
		.innerJoin(users, eq(users.id, classes.teacherId))
		.where(eq(classes.joinCode, code));
	return row;
}

/** Adds a student to a class; joining twice changes nothing. */
export async function joinClass(
	db: Executor,
	classId: string,
	userId: string,
	now = new Date()
): Promise<'joined' | 'already-member'> {
	const inserted = await db
		.insert(classMembers)
		.values({ classId, userId, joinedAt: now })
		.onConflictDoNothing()
		.returning({ userId: classMembers.userId });
	return inserted.length > 0 ? 'joined' : 'already-member';
}

// ---- The roster ---------------------------------------------------------------------------

export interface RosterEntry {
	id: string;
	displayName: string;
	/** How the student signs in: their e-mail, or the username the teacher's bulk add gave them. */
	login: string | null;
	joinedAt: Date;
	/** Added by this class's teacher without an e-mail, and has not chosen a password yet. */
	awaitingPassword: boolean;
}

/** The class's students, by name. */
export async function listRoster(db: Executor, classId: string): Promise<RosterEntry[]> {
	const rows = await db
		.select({
			id: users.id,
			displayName: users.displayName,
			email: users.email,
			username: users.username,
			mustChangePassword: users.mustChangePassword,
			joinedAt: classMembers.joinedAt
		})
		.from(classMembers)
		.innerJoin(users, eq(users.id, classMembers.userId))
		.where(eq(classMembers.classId, classId))
		.orderBy(sql`${users.displayName} COLLATE NOCASE`, asc(users.id));
	return rows.map((r) => ({
		id: r.id,
		displayName: r.displayName,
		login: r.email ?? r.username,
		joinedAt: r.joinedAt,
		awaitingPassword: r.mustChangePassword
	}));
}

/** Takes a student out of the class; their own work (progress, attempts, posts) stays theirs. */
export async function removeStudent(db: Executor, classId: string, userId: string) {
	const removed = await db
		.delete(classMembers)
		.where(and(eq(classMembers.classId, classId), eq(classMembers.userId, userId)))
		.returning({ userId: classMembers.userId });
	return removed.length > 0;
}

/** The usernames already in use that a name could collide with (`zoe.oneil`, `zoe.oneil2`…). */
async function usernamesLike(db: Executor, names: readonly string[]): Promise<Set<string>> {
	const bases = [...new Set(names.map((name) => makeUsername(name, new Set())))];
	const taken = new Set<string>();
	for (const base of bases) {
		// A base holds only a-z, 0-9 and dots, so it needs no LIKE escaping.
		const rows = await db
			.select({ username: users.username })
			.from(users)
			.where(sql`${users.username} LIKE ${base + '%'}`);
		for (const r of rows) if (r.username) taken.add(r.username);
	}
	return taken;
}

const BULK_ADD_TRIES = 3;

/**
 * Creates an account for each name, with a unique username and a one-time password the
 * student must replace at first sign-in, and puts them all in the class: all of them or none.
 * The passwords are returned once, for the teacher's printed sheet; only their hashes are kept.
 */
export async function addStudentsInBulk(
	db: Database,
	{ classId, teacherId, names }: { classId: string; teacherId: string; names: readonly string[] },
	now = new Date()
): Promise<PlannedStudent[]> {
	for (let attempt = 1; ; attempt++) {
		const planned = planStudentAccounts(names, await usernamesLike(db, names));
		// Hashing is the slow part (argon2id): do it before taking the write lock.
		const hashes = await Promise.all(planned.map((p) => hashPassword(p.oneTimePassword)));
		const accounts = planned.map((p, i) => ({
			id: randomUUID(),
			username: p.username,
			displayName: p.displayName,
			passwordHash: hashes[i]!,
			role: 'learner' as const,
			mustChangePassword: true,
			createdById: teacherId
		}));
		try {
			// One batch is one transaction that never waits on this process between statements.
			// 200 students × 7 columns stay far below SQLite's 32,766 bound values.
			await db.batch([
				db.insert(users).values(accounts),
				db
					.insert(classMembers)
					.values(accounts.map((a) => ({ classId, userId: a.id, joinedAt: now })))
			]);
			return planned;
		} catch (error) {
			// Someone took one of the usernames meanwhile: plan again against the new state.
			if (!isUniqueViolation(error) || attempt === BULK_ADD_TRIES) throw error;
		}
	}
}

// ---- Assignments --------------------------------------------------------------------------

export interface AssignmentRecord {
	id: string;
	classId: string;
	articleId: string;
	articleSlug: string;
	articleTitle: string;
	/** The chosen module ids, or null for the whole article. */
	chosenSectionIds: string[] | null;
	dueAt: Date | null;
	requireQuiz: boolean;
	passMark: number;
	requireResponse: boolean;
	createdAt: Date;
}

/** A class's assignments, oldest first: the order of the gradebook's columns. */
export async function listAssignments(db: Executor, classId: string): Promise<AssignmentRecord[]> {
	const rows = await db
		.select({
			id: assignments.id,
			classId: assignments.classId,
			articleId: assignments.articleId,
			articleSlug: articles.slug,
			articleTitle: articles.title,
			chosenSectionIds: assignments.sectionIds,
			dueAt: assignments.dueAt,
			requireQuiz: assignments.requireQuiz,
			passMark: assignments.passMark,
			requireResponse: assignments.requireResponse,
			createdAt: assignments.createdAt
		})
		.from(assignments)
		.innerJoin(articles, eq(articles.id, assignments.articleId))
		.where(eq(assignments.classId, classId))
		.orderBy(asc(assignments.createdAt), asc(assignments.id));
	return rows.map((r) => ({
		...r,
		chosenSectionIds: r.chosenSectionIds ?? null,
		passMark: r.passMark ?? DEFAULT_PASS_MARK
	}));
}

/**
 * Stores an assignment. `sectionIds` are the modules the teacher chose (already resolved
 * against the article), or null when they chose none: the whole article, whatever modules
 * it has when a student reads it.
 */
export async function createAssignment(
	db: Executor,
	{
		classId,
		articleId,
		sectionIds,
		input,
		now = new Date()
	}: {
		classId: string;
		articleId: string;
		sectionIds: string[] | null;
		input: Pick<AssignmentInput, 'dueAt' | 'requireQuiz' | 'passMark' | 'requireResponse'>;
		now?: Date;
	}
): Promise<string> {
	const id = randomUUID();
	await db.insert(assignments).values({
		id,
		classId,
		articleId,
		sectionIds,
		dueAt: input.dueAt === null ? null : new Date(input.dueAt),
		requireQuiz: input.requireQuiz,
		passMark: input.passMark,
		requireResponse: input.requireResponse,
		createdAt: now
	});
	return id;
}

export async function deleteAssignment(db: Executor, classId: string, assignmentId: string) {
	const removed = await db
		.delete(assignments)
		.where(and(eq(assignments.id, assignmentId), eq(assignments.classId, classId)))
		.returning({ id: assignments.id });
	return removed.length > 0;
}

export interface ModuleRef {
	id: string;
	slug: string;
	title: string;
}

/** The live lesson modules of some articles, in article order, by article id. */
export async function lessonModules(
	db: Executor,
	articleIds: readonly string[]
): Promise<Map<string, ModuleRef[]>> {
	const byArticle = new Map<string, ModuleRef[]>(articleIds.map((id) => [id, []]));
	if (articleIds.length === 0) return byArticle;
	const rows = await db
		.select({
			id: sections.id,
			articleId: sections.articleId,
			slug: sections.slug,
			title: sections.title,
			kind: sections.kind
		})
		.from(sections)
		.where(and(inArray(sections.articleId, [...articleIds]), isNull(sections.archivedAt)))
		.orderBy(asc(sections.articleId), asc(sections.position));
	for (const { articleId, kind, ...module } of rows) {
		if (kind === 'lesson') byArticle.get(articleId)?.push(module);
	}
	return byArticle;
}

/**
 * The modules an assignment asks a student to read, in article order: the chosen ones that
 * are still in the article, or every lesson module when none were chosen.
 */
export function assignedModules(
	assignment: Pick<AssignmentRecord, 'chosenSectionIds'>,
	modules: readonly ModuleRef[]
): ModuleRef[] {
	const chosen = assignment.chosenSectionIds;
	if (chosen === null) return [...modules];
	return modules.filter((m) => chosen.includes(m.id));
}

/** How an assignment is named in lists and gradebook columns. */
export function assignmentTitle(
	assignment: Pick<AssignmentRecord, 'articleTitle' | 'chosenSectionIds'>,
	modules: readonly ModuleRef[]
): string {
	if (assignment.chosenSectionIds === null) return assignment.articleTitle;
	if (modules.length === 1) return `${assignment.articleTitle}: ${modules[0]!.title}`;
	return `${assignment.articleTitle}: ${modules.length} modules`;
}

/** How many students a class has. */
export async function countStudents(db: Executor, classId: string): Promise<number> {
	const [row] = await db
		.select({ n: count() })
		.from(classMembers)
		.where(eq(classMembers.classId, classId));
	return row?.n ?? 0;
}

let zones: string[] | undefined;

/** The time zones a teacher can choose from, as the runtime names them, UTC first. */
export function timeZoneOptions(): string[] {
	zones ??= ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')];
	return zones;
}
