// The cast of the HTTP-level access and hostile-input suites: one production server on a fresh
// database, seven subjects (from anonymous to admin) with sessions minted straight into the
// database, and the resources they stand in relation to — two classes with a student and a
// teacher each, an assignment, public and class threads with posts by the student, and a quiz
// attempt of the student's.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Actor, Role } from '../../../src/lib/access';
import { JOIN_CODE_ALPHABET } from '../../../src/lib/classroom';
import { openDatabase, type DatabaseHandle } from '../../../src/lib/server/db/client';
import {
	articles,
	assignments,
	classMembers,
	classes,
	prompts,
	sections,
	sessions,
	users
} from '../../../src/lib/server/db/schema';
import {
	PUBLIC_SCOPE,
	classScope,
	createPost,
	getOrCreateThread
} from '../../../src/lib/server/discussion';
import { SEED_SLUG } from './database';
import {
	answerQuizForm,
	prepareBuild,
	request,
	seededDatabaseUrl,
	startAttempt,
	startPool,
	startServer,
	type LecternServer,
	type PrivateBuild
} from './server';

export const SUBJECTS = [
	'anonymous',
	'student',
	'otherStudent',
	'teacher',
	'otherTeacher',
	'moderator',
	'admin'
] as const;
export type SubjectKey = (typeof SUBJECTS)[number];

export interface Person {
	key: SubjectKey;
	/** Null for the anonymous visitor. */
	id: string | null;
	role: Role | null;
	/** The session token (cookie value); the database holds only its SHA-256. */
	token: string | null;
}

/** Ids and slugs of what the cast owns, for the concrete URLs and bodies of the route table. */
export interface Resources {
	article: { id: string; slug: string };
	/** A lesson module of the article. */
	section: string;
	/** The prompt number of the threads below. */
	prompt: number;
	classA: string;
	classB: string;
	joinCodeA: string;
	assignmentA: string;
	publicThread: string;
	classThreadA: string;
	/** Posts by the student: one to edit/reply/report, one to delete, one to moderate. */
	publicPost: string;
	publicPostToDelete: string;
	publicPostToModerate: string;
	classPost: string;
	classPostToDelete: string;
	classPostToModerate: string;
	/** The student's quiz attempt (whole article), not submitted. */
	attempt: string;
	/** A complete answer to that attempt's form, as a person would fill it in. */
	quizAnswer: [string, string][];
	/** A student of class A outside the cast: the target of suspensions and admin actions. */
	bystander: string;
	/** The person of each subject: who owns a post, who stands where in a class. */
	people: Record<SubjectKey, Person>;
}

export interface Cast {
	server: LecternServer;
	handle: DatabaseHandle;
	people: Record<SubjectKey, Person>;
	resources: Resources;
	/** What the access module sees of a subject. */
	actor(key: SubjectKey): Actor | null;
	/** How a subject stands to class A or B (`classRelation` of the access module). */
	classRelation(key: SubjectKey, cls: 'A' | 'B'): 'teacher' | 'member' | null;
	/** A new session for the subject, for a request that ends it (sign-out). */
	freshToken(key: SubjectKey): Promise<string | null>;
	close(): Promise<void>;
}

const ROLES: Record<Exclude<SubjectKey, 'anonymous'>, Role> = {
	student: 'learner',
	otherStudent: 'learner',
	teacher: 'teacher',
	otherTeacher: 'teacher',
	moderator: 'moderator',
	admin: 'admin'
};

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');
const joinCode = () =>
	Array.from(randomBytes(8), (b) => JOIN_CODE_ALPHABET[b % JOIN_CODE_ALPHABET.length]).join('');

async function mintSession(handle: DatabaseHandle, userId: string): Promise<string> {
	const token = randomBytes(20).toString('hex');
	await handle.db.insert(sessions).values({
		id: sha256(token),
		userId,
		expiresAt: new Date(Date.now() + 30 * 24 * 60 * 60_000)
	});
	return token;
}

/** Builds (if needed), starts the server on a fresh database and creates the cast. */
export async function createCast({ workers = 1 }: { workers?: number } = {}): Promise<
	Cast & { build: PrivateBuild; buildMs: number }
> {
	const build = prepareBuild();
	const database = await seededDatabaseUrl(build);
	let server: LecternServer | undefined;
	let handle: DatabaseHandle | undefined;
	try {
		// With `workers`, npm start's pool: the suites that must hold with the pool on ask for it.
		server =
			workers > 1
				? await startPool({ build, databaseUrl: database.url }, workers)
				: await startServer({ build, databaseUrl: database.url });
		handle = await openDatabase(database.url);
		const { db } = handle;

		// People: accounts approved for posting (no first-post hold), each with a session.
		const people = { anonymous: { key: 'anonymous', id: null, role: null, token: null } } as Record<
			SubjectKey,
			Person
		>;
		const bystander = randomUUID();
		await db.insert(users).values([
			...Object.entries(ROLES).map(([key, role]) => {
				const id = randomUUID();
				people[key as SubjectKey] = { key: key as SubjectKey, id, role, token: null };
				return {
					id,
					email: `${key.toLowerCase()}-${id.slice(0, 8)}@lectern.test`,
					displayName: `Cast ${key}`,
					role,
					approvedPostCount: 2
				};
			}),
			{
				id: bystander,
				displayName: 'Cast bystander',
				username: `bystander-${bystander.slice(0, 8)}`
			}
		]);
		for (const person of Object.values(people)) {
			if (person.id) person.token = await mintSession(handle, person.id);
		}
		const id = (key: SubjectKey) => people[key].id!;

		// The bundled article (imported by the server's start-up), a module and a prompt.
		const article = await db.query.articles.findFirst({ where: eq(articles.slug, SEED_SLUG) });
		if (!article) throw new Error(`the server did not import ${SEED_SLUG}`);
		const [section] = await db
			.select({ slug: sections.slug })
			.from(sections)
			.where(
				and(
					eq(sections.articleId, article.id),
					eq(sections.kind, 'lesson'),
					isNull(sections.archivedAt)
				)
			)
			.orderBy(asc(sections.position))
			.limit(1);
		const [prompt] = await db
			.select({ id: prompts.id, number: prompts.number })
			.from(prompts)
			.where(and(eq(prompts.articleId, article.id), isNull(prompts.archivedAt)))
			.orderBy(asc(prompts.number))
			.limit(1);
		if (!section || !prompt) throw new Error('the seed article has no module or no prompt');

		// Two classes, each with its teacher and a student, and the article assigned to both.
		const classA = randomUUID();
		const classB = randomUUID();
		const joinCodeA = joinCode();
		await db.insert(classes).values([
			{ id: classA, teacherId: id('teacher'), name: 'Class A', joinCode: joinCodeA },
			{ id: classB, teacherId: id('otherTeacher'), name: 'Class B', joinCode: joinCode() }
		]);
		const joinedAt = new Date();
		await db.insert(classMembers).values([
			{ classId: classA, userId: id('student'), joinedAt },
			{ classId: classA, userId: bystander, joinedAt },
			{ classId: classB, userId: id('otherStudent'), joinedAt }
		]);
		const assignmentA = randomUUID();
		await db.insert(assignments).values([
			{ id: assignmentA, classId: classA, articleId: article.id, sectionIds: null },
			{ id: randomUUID(), classId: classB, articleId: article.id, sectionIds: null }
		]);

		// Threads of the first prompt, public and class A's, with the student's posts.
		const publicThread = await getOrCreateThread(db, {
			articleId: article.id,
			promptId: prompt.id,
			scope: PUBLIC_SCOPE
		});
		const classThread = await getOrCreateThread(db, {
			articleId: article.id,
			promptId: prompt.id,
			scope: classScope(classA),
			respondFirst: true
		});
		// An hour apart, in the past, so the posting rate limit never counts them together.
		let hoursAgo = 12;
		const post = async (threadId: string, body: string) => {
			const at = new Date(Date.now() - hoursAgo-- * 3_600_000);
			const result = await createPost(
				db,
				{ threadId, authorId: id('student'), isModerator: false, body },
				at
			);
			if (!result.ok) throw new Error(`could not post: ${result.message}`);
			return result.postId;
		};
		const posts = {
			publicPost: await post(publicThread.id, 'A post to edit, answer and report.'),
			publicPostToDelete: await post(publicThread.id, 'A post to delete.'),
			publicPostToModerate: await post(publicThread.id, 'A post to moderate.'),
			classPost: await post(classThread.id, 'A class post to edit, answer and report.'),
			classPostToDelete: await post(classThread.id, 'A class post to delete.'),
			classPostToModerate: await post(classThread.id, 'A class post to moderate.')
		};

		// The student's quiz attempt, started the way the quiz page's form starts it.
		const attempt = await startAttempt(
			server,
			{ token: people.student.token! },
			SEED_SLUG,
			'article'
		);
		const page = await request(server, `/lessons/${SEED_SLUG}/quiz/${attempt}`, {
			token: people.student.token!
		});
		const quizAnswer = [...answerQuizForm(page.body).form] as [string, string][];

		const resources: Resources = {
			article: { id: article.id, slug: article.slug },
			section: section.slug,
			prompt: prompt.number,
			classA,
			classB,
			joinCodeA,
			assignmentA,
			publicThread: publicThread.id,
			classThreadA: classThread.id,
			...posts,
			attempt,
			quizAnswer,
			bystander,
			people
		};

		const relation = (key: SubjectKey, cls: 'A' | 'B') => {
			const [teacher, member] =
				cls === 'A' ? ['teacher', 'student'] : ['otherTeacher', 'otherStudent'];
			return key === teacher ? 'teacher' : key === member ? 'member' : null;
		};
		const live = server;
		const liveHandle = handle;
		return {
			build,
			buildMs: build.ms,
			server: live,
			handle: liveHandle,
			people,
			resources,
			actor: (key) => {
				const person = people[key];
				return person.id ? { id: person.id, role: person.role!, isGuest: false } : null;
			},
			classRelation: relation,
			freshToken: async (key) => (people[key].id ? mintSession(liveHandle, people[key].id) : null),
			async close() {
				liveHandle.client.close();
				await live.stop(3000);
				build.remove();
				rmSync(database.dir, { recursive: true, force: true });
			}
		};
	} catch (error) {
		handle?.client.close();
		await server?.stop(0);
		build.remove();
		rmSync(database.dir, { recursive: true, force: true });
		throw error;
	}
}
