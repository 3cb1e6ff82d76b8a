import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, gte, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { can } from '../access';
import { isLessonModule } from '../article/modules';
import {
	DEFAULT_PASS_MARK,
	generateJoinCode,
	generateOneTimePassword,
	makeUsername,
	planStudentAccounts,
	type AssignmentInput,
	type ClassInput,
	type ModuleRef,
	type PlannedStudent,
	type RosterStudent
} from '../classroom';
import { refuse, type Refusal } from '../refusal';
import { recordAudit } from './audit';
import { hashPasswordsInBulk } from './auth/bulk-hash';
import { RateLimiter, type Limit } from './auth/rate-limit';
import type { Database, Executor } from './db/client';
import {
	articles,
	assignments,
	classMembers,
	classTeachers,
	classes,
	sections,
	users
} from './db/schema';

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
		.select({
			teacherId: classes.teacherId,
			memberId: classMembers.userId,
			coTeacherId: classTeachers.userId
		})
		.from(classes)
		.leftJoin(
			classMembers,
			and(eq(classMembers.classId, classes.id), eq(classMembers.userId, userId))
		)
		.leftJoin(
			classTeachers,
			and(eq(classTeachers.classId, classes.id), eq(classTeachers.userId, userId))
		)
		.where(eq(classes.id, classId));
	if (!row) return null;
	if (row.teacherId === userId || row.coTeacherId) return 'teacher';
	return row.memberId ? 'member' : null;
}

/** The classes `userId` teaches: their own, and those they teach beside its teacher. */
export function teaches(userId: string) {
	return or(
		eq(classes.teacherId, userId),
		inArray(
			classes.id,
			sql`(select ${classTeachers.classId} from ${classTeachers} where ${classTeachers.userId} = ${userId})`
		)
	);
}

/** Makes `userId` teach the class beside its teacher; once is enough. */
export async function addCoTeacher(
	db: Executor,
	classId: string,
	userId: string,
	now = new Date()
) {
	const added = await db
		.insert(classTeachers)
		.values({ classId, userId, addedAt: now })
		.onConflictDoNothing()
		.returning({ userId: classTeachers.userId });
	return added.length > 0;
}

export async function removeCoTeacher(db: Executor, classId: string, userId: string) {
	await db
		.delete(classTeachers)
		.where(and(eq(classTeachers.classId, classId), eq(classTeachers.userId, userId)));
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
	/** When the class was archived (read-only), or null while it is in use. */
	archivedAt: Date | null;
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
			teacherName: users.displayName,
			archivedAt: classes.archivedAt
		})
		.from(classes)
		.innerJoin(users, eq(users.id, classes.teacherId))
		.where(teaches(teacherId))
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
			teacherName: users.displayName,
			archivedAt: classes.archivedAt
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

// ---- Archiving and handing over ------------------------------------------------------------

/** What every refused change to an archived class says. */
export const CLASS_ARCHIVED =
	'This class is archived, so it is read-only. Its teacher can restore it to make changes.';

/**
 * Archives a class: it becomes read-only (no joins, assignments, posts or roster changes), its
 * join code stops working, and it survives its teacher's account deletion.
 */
export async function archiveClass(db: Executor, classId: string, now = new Date()) {
	const archived = await db
		.update(classes)
		.set({ archivedAt: now, joinCode: null })
		.where(and(eq(classes.id, classId), isNull(classes.archivedAt)))
		.returning({ id: classes.id });
	return archived.length > 0;
}

/** Brings an archived class back into use; joining stays off until the teacher makes a code. */
export async function restoreClass(db: Executor, classId: string) {
	const restored = await db
		.update(classes)
		.set({ archivedAt: null })
		.where(and(eq(classes.id, classId), sql`${classes.archivedAt} IS NOT NULL`))
		.returning({ id: classes.id });
	return restored.length > 0;
}

/** Who a class can be handed to: an account that may create classes (a teacher or an admin). */
async function findReceiver(db: Executor, login: string) {
	const key = login.trim().toLowerCase();
	const [row] = await db
		.select({
			id: users.id,
			displayName: users.displayName,
			role: users.role,
			isGuest: users.isGuest,
			disabledAt: users.disabledAt
		})
		.from(users)
		.where(sql`${users.email} = ${key} OR ${users.username} = ${key}`)
		.limit(1);
	if (!row || row.isGuest || row.disabledAt) return undefined;
	return can({ id: row.id, role: row.role, isGuest: false }, 'class.create') ? row : undefined;
}

export const NO_SUCH_TEACHER =
	'No teacher has that e-mail address or username. The person must have a teacher account.';

export type HandOverResult =
	| { ok: true; teacher: { id: string; displayName: string } }
	| (Refusal & { field: 'receiver' | 'form' });

const receiverRefused = (status: 400 | 404 | 409, message: string) =>
	({ ...refuse(status, message), field: 'receiver' }) as const;

/**
 * Hands a class to another teacher, named by e-mail or username: they become its teacher
 * (roster, gradebook, discussion and all), the giver loses access, and the audit log keeps it.
 * Everything happens in one transaction, so a class is never handed over twice at once.
 */
export async function handOverClass(
	db: Database,
	{
		classId,
		from,
		receiver
	}: { classId: string; from: { id: string; displayName: string }; receiver: string }
): Promise<HandOverResult> {
	return db.transaction(async (tx) => {
		const to = await findReceiver(tx, receiver);
		if (!to) return receiverRefused(404, NO_SUCH_TEACHER);
		if (to.id === from.id) {
			return receiverRefused(400, 'You already teach this class: name another teacher.');
		}
		if ((await classRelation(tx, classId, to.id)) === 'member') {
			return receiverRefused(
				409,
				`${to.displayName} is a student in this class: remove them from it first, or name another teacher.`
			);
		}
		const moved = await tx
			.update(classes)
			.set({ teacherId: to.id })
			.where(and(eq(classes.id, classId), eq(classes.teacherId, from.id)))
			.returning({ name: classes.name });
		if (moved.length === 0) {
			return {
				...refuse(409, 'You no longer teach this class: it may have been handed over already.'),
				field: 'form'
			};
		}
		await recordAudit(tx, from, {
			action: 'class.handOver',
			targetType: 'class',
			targetId: classId,
			details: { className: moved[0]!.name, fromId: from.id, toId: to.id, toName: to.displayName }
		});
		return { ok: true, teacher: { id: to.id, displayName: to.displayName } };
	});
}

export type ClassesOnDeletion =
	| { ok: true; handedTo: { id: string; displayName: string } | null }
	| { ok: false; reason: 'classes-in-use'; classes: { id: string; name: string }[] }
	| { ok: false; reason: 'no-administrator' };

/**
 * What becomes of a teacher's classes when their account is deleted, run inside the deletion's
 * transaction, before the account goes (deleting it would delete its classes, and with them
 * the students' class posts and grades). A class still in use blocks the deletion: the teacher
 * hands it over or archives it first. Archived classes go to the site's longest-serving active
 * administrator (not the person leaving), each hand-over audited; with no such administrator
 * the deletion is refused. Students' posts, attempts and grades therefore stay.
 */
export async function releaseClassesOf(
	tx: Executor,
	user: { id: string; displayName: string }
): Promise<ClassesOnDeletion> {
	const taught = await tx
		.select({ id: classes.id, name: classes.name, archivedAt: classes.archivedAt })
		.from(classes)
		.where(eq(classes.teacherId, user.id))
		.orderBy(asc(classes.name));
	const inUse = taught.filter((c) => c.archivedAt === null);
	if (inUse.length > 0) {
		return {
			ok: false,
			reason: 'classes-in-use',
			classes: inUse.map(({ id, name }) => ({ id, name }))
		};
	}
	if (taught.length === 0) return { ok: true, handedTo: null };
	const [admin] = await tx
		.select({ id: users.id, displayName: users.displayName })
		.from(users)
		.where(
			and(
				eq(users.role, 'admin'),
				eq(users.isGuest, false),
				isNull(users.disabledAt),
				sql`${users.id} <> ${user.id}`
			)
		)
		.orderBy(asc(users.createdAt), asc(users.id))
		.limit(1);
	if (!admin) return { ok: false, reason: 'no-administrator' };
	for (const cls of taught) {
		await tx.update(classes).set({ teacherId: admin.id }).where(eq(classes.id, cls.id));
		await recordAudit(tx, user, {
			action: 'class.handOver',
			targetType: 'class',
			targetId: cls.id,
			reason: 'The teacher deleted their account; the class was archived.',
			details: { className: cls.name, fromId: user.id, toId: admin.id, toName: admin.displayName }
		});
	}
	return { ok: true, handedTo: admin };
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

/** The class a (normalised) join code opens, if joining is on and the class is not archived. */
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
		.where(and(eq(classes.joinCode, code), isNull(classes.archivedAt)));
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

// ---- Adding students in bulk ------------------------------------------------------------

const HOUR = 60 * 60_000;

/** Bulk adds one teacher may send per hour, whatever the size of each list. */
export const BULK_ADD_PER_ACCOUNT: Limit = { name: 'bulk-add-account', max: 20, windowMs: HOUR };
/** Bulk adds per hour from one address, whichever accounts send them. */
export const BULK_ADD_PER_ADDRESS: Limit = { name: 'bulk-add-address', max: 50, windowMs: HOUR };
/** Student accounts one teacher may create in any hour (two full classes of 200). */
export const MAX_STUDENTS_ADDED_PER_HOUR = 400;

/**
 * Takes a place under the per-account and per-address bulk-add limits before any work is
 * done; parallel requests never get more places than the limits between them.
 */
export function reserveBulkAdd(db: Database, teacherId: string, address: string) {
	return new RateLimiter(db).reserveAll([
		[BULK_ADD_PER_ACCOUNT, teacherId],
		[BULK_ADD_PER_ADDRESS, address]
	]);
}

/** How many student accounts a teacher created since `since`. */
async function studentsAddedSince(db: Executor, teacherId: string, since: Date): Promise<number> {
	const [row] = await db
		.select({ n: count() })
		.from(users)
		.where(and(eq(users.createdById, teacherId), gte(users.createdAt, since)));
	return row?.n ?? 0;
}

/** The usernames in use that the names could collide with (`zoe.oneil`, `zoe.oneil2`…). */
async function usernamesLike(db: Executor, names: readonly string[]): Promise<Set<string>> {
	const bases = [...new Set(names.map((name) => makeUsername(name, new Set())))];
	const taken = new Set<string>();
	for (const base of bases) {
		// A base holds only a-z, 0-9 and dots, and ':' sorts just after the digits: this range
		// holds the base and every base followed by digits, and is read from the unique index.
		const rows = await db
			.select({ username: users.username })
			.from(users)
			.where(and(gte(users.username, base), lt(users.username, base + ':')));
		for (const r of rows) if (r.username) taken.add(r.username);
	}
	return taken;
}

export type BulkAddResult = { ok: true; students: PlannedStudent[] } | Refusal;

/**
 * The usernames in `students` that accounts already hold (lower case, as stored): a roster never
 * takes over an account. (E-mails in a roster file are not stored, so never asked about here:
 * the answer would tell a teacher who has an account.)
 */
export async function rosterConflicts(
	db: Executor,
	students: readonly RosterStudent[]
): Promise<string[]> {
	const asked = [
		...new Set(students.flatMap((s) => (s.username ? [s.username.toLowerCase()] : [])))
	];
	if (!asked.length) return [];
	const rows = await db
		.select({ username: users.username })
		.from(users)
		.where(inArray(users.username, asked));
	return rows.flatMap((r) => (r.username ? [r.username] : []));
}

function conflictMessage(usernames: readonly string[]): string {
	return `Nothing was added. Usernames already taken: ${usernames.map((u) => `“${u}”`).join(', ')}.`;
}

function tooManyStudents(added: number): BulkAddResult {
	const left = Math.max(0, MAX_STUDENTS_ADDED_PER_HOUR - added);
	const most = `You can add at most ${MAX_STUDENTS_ADDED_PER_HOUR} students an hour`;
	return refuse(
		429,
		left > 0
			? `${most}, so ${left} more for now: add fewer names, and the rest later.`
			: `${most}. Try again later.`
	);
}

const BULK_ADD_TRIES = 3;

/**
 * Creates an account for each name, with a unique username and a one-time password the
 * student must replace at first sign-in, and puts them all in the class: all of them or none.
 * The passwords are returned once, for the teacher's printed sheet; only their hashes are kept.
 *
 * The slow part (argon2) runs first, through the process-wide bulk queue; the usernames are
 * then chosen inside the write transaction, which holds the database's write lock, so two
 * parallel lists with the same names can never pick the same username.
 */
export async function addStudentsInBulk(
	db: Database,
	{
		classId,
		teacherId,
		names
	}: { classId: string; teacherId: string; names: readonly (string | RosterStudent)[] },
	now = new Date()
): Promise<BulkAddResult> {
	const since = new Date(now.getTime() - HOUR);
	// Checked before hashing, to spare the work; checked again, exactly, in the transaction.
	const before = await studentsAddedSince(db, teacherId, since);
	if (before + names.length > MAX_STUDENTS_ADDED_PER_HOUR) return tooManyStudents(before);
	const passwords = names.map(() => generateOneTimePassword());
	const hashes = await hashPasswordsInBulk(passwords);
	for (let attempt = 1; ; attempt++) {
		try {
			return await db.transaction(async (tx): Promise<BulkAddResult> => {
				const [cls] = await tx
					.select({ teacherId: classes.teacherId, archivedAt: classes.archivedAt })
					.from(classes)
					.where(eq(classes.id, classId));
				if (!cls || (await classRelation(tx, classId, teacherId)) !== 'teacher') {
					return refuse(404, 'You no longer teach this class.');
				}
				if (cls.archivedAt) return refuse(409, CLASS_ARCHIVED);
				const added = await studentsAddedSince(tx, teacherId, since);
				if (added + names.length > MAX_STUDENTS_ADDED_PER_HOUR) return tooManyStudents(added);
				const students = names.map((n) => (typeof n === 'string' ? { name: n } : n));
				const conflicts = await rosterConflicts(tx, students);
				if (conflicts.length) return refuse(409, conflictMessage(conflicts));
				const planned = planStudentAccounts(
					students,
					await usernamesLike(
						tx,
						students.map((s) => s.name)
					),
					passwords
				);
				const accounts = planned.map((p, i) => ({
					id: randomUUID(),
					username: p.username,
					displayName: p.displayName,
					passwordHash: hashes[i]!,
					role: 'learner' as const,
					mustChangePassword: true,
					createdById: teacherId,
					createdAt: now
				}));
				// 200 students × 8 columns stay far below SQLite's 32,766 bound values.
				await tx.insert(users).values(accounts);
				await tx
					.insert(classMembers)
					.values(accounts.map((a) => ({ classId, userId: a.id, joinedAt: now })));
				return { ok: true, students: planned };
			});
		} catch (error) {
			// Only a writer outside these transactions could take a username meanwhile: plan again.
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
	/** The modules the quiz draws from; null: the modules assigned (see `assignedQuizSections`). */
	quizSectionIds: string[] | null;
	/** Questions per attempt; null: all of them. */
	quizQuestionCount: number | null;
	/** Attempts allowed; null: no limit. */
	maxAttempts: number | null;
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
			quizSectionIds: assignments.quizSectionIds,
			quizQuestionCount: assignments.quizQuestionCount,
			maxAttempts: assignments.maxAttempts,
			createdAt: assignments.createdAt
		})
		.from(assignments)
		.innerJoin(articles, eq(articles.id, assignments.articleId))
		.where(eq(assignments.classId, classId))
		.orderBy(asc(assignments.createdAt), asc(assignments.id));
	return rows.map((r) => ({
		...r,
		chosenSectionIds: r.chosenSectionIds ?? null,
		quizSectionIds: r.quizSectionIds ?? null,
		passMark: r.passMark ?? DEFAULT_PASS_MARK
	}));
}

/** One assignment, as its class lists it. */
export async function findAssignment(
	db: Executor,
	assignmentId: string
): Promise<AssignmentRecord | undefined> {
	const [row] = await db
		.select({ classId: assignments.classId })
		.from(assignments)
		.where(eq(assignments.id, assignmentId));
	if (!row) return undefined;
	return (await listAssignments(db, row.classId)).find((a) => a.id === assignmentId);
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
		quiz = { sectionIds: null, questionCount: null, maxAttempts: null },
		input,
		now = new Date()
	}: {
		classId: string;
		articleId: string;
		sectionIds: string[] | null;
		/** The assignment's own quiz; all null: the assigned modules' questions, all, no limit. */
		quiz?: {
			sectionIds: string[] | null;
			questionCount: number | null;
			maxAttempts: number | null;
		};
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
		quizSectionIds: quiz.sectionIds,
		quizQuestionCount: quiz.questionCount,
		maxAttempts: quiz.maxAttempts,
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

/**
 * Changes an assignment of a class (its article stays): the same choices as `createAssignment`.
 * False when the class has no such assignment.
 */
export async function updateAssignment(
	db: Executor,
	{
		classId,
		assignmentId,
		sectionIds,
		quiz,
		input
	}: {
		classId: string;
		assignmentId: string;
		sectionIds: string[] | null;
		quiz: { sectionIds: string[] | null; questionCount: number | null; maxAttempts: number | null };
		input: Pick<AssignmentInput, 'dueAt' | 'requireQuiz' | 'passMark' | 'requireResponse'>;
	}
): Promise<boolean> {
	const changed = await db
		.update(assignments)
		.set({
			sectionIds,
			quizSectionIds: quiz.sectionIds,
			quizQuestionCount: quiz.questionCount,
			maxAttempts: quiz.maxAttempts,
			dueAt: input.dueAt === null ? null : new Date(input.dueAt),
			requireQuiz: input.requireQuiz,
			passMark: input.passMark,
			requireResponse: input.requireResponse
		})
		.where(and(eq(assignments.id, assignmentId), eq(assignments.classId, classId)))
		.returning({ id: assignments.id });
	return changed.length > 0;
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
		if (isLessonModule({ kind })) byArticle.get(articleId)?.push(module);
	}
	return byArticle;
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
