// LTI 1.3 Advantage against a test LMS on loopback (support/lti-platform.ts: its own keys, JWKS,
// OIDC auth, token, Names and Roles and grade endpoints, built with jose), driving the built app
// as a browser without cookies would: dynamic registration, a deep link, launches as instructor
// and learner, a roster sync, grades passed back (and refused, and surviving a kill -9), and
// every launch the spec says to refuse, refused with a page and nothing stored.
import type { Client } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_SLUG } from './support/database';
import { ROLES, TestPlatform, type LaunchSpec, type PlatformUser } from './support/lti-platform';
import {
	PREPARE_TIMEOUT_MS,
	answerQuizForm,
	mintSession,
	openClient,
	prepareBuild,
	request,
	seededDatabaseUrl,
	attemptIdFrom,
	startServer,
	stopAllServers,
	type LecternServer,
	type PrivateBuild
} from './support/server';
import { randomUUID } from 'node:crypto';

let build: PrivateBuild;
let databaseUrl: string;
let server: LecternServer;
let client: Client;
let lms: TestPlatform;

const teacher: PlatformUser = {
	sub: 'lms-teacher-1',
	name: 'Ms Rivera',
	email: 'rivera@school.example',
	roles: [ROLES.instructor]
};
const learner: PlatformUser = {
	sub: 'lms-learner-1',
	name: 'Sam Okafor',
	email: 'sam@school.example',
	roles: [ROLES.learner]
};
const COURSE = { id: 'course-1', label: 'HIST 101', title: 'History 101' };

const decode = (s: string) =>
	s
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&amp;/g, '&');
const attr = (html: string, pattern: RegExp) => {
	const m = pattern.exec(html);
	return m ? decode(m[1]!) : undefined;
};

async function count(table: string, where = '1 = 1', args: (string | number)[] = []) {
	const { rows } = await client.execute({
		sql: `SELECT count(*) AS n FROM ${table} WHERE ${where}`,
		args
	});
	return Number(rows[0]!.n);
}

/** Everything a refused launch must not have made. */
async function footprint() {
	return {
		users: await count('users'),
		sessions: await count('sessions'),
		classes: await count('classes'),
		members: await count('class_members'),
		accounts: await count('lti_accounts'),
		tokens: await count('lti_tokens')
	};
}

interface Launched {
	status: number;
	location: string | null;
	body: string;
	setCookie: string[];
	form: { id_token: string; state: string };
}

/**
 * A launch as the LMS and a browser that keeps no cookies make it: the login initiation (GET),
 * the LMS's auth answer (an auto-posting form), then that form posted to Lectern, cross-site.
 */
async function launch(
	spec: Omit<LaunchSpec, 'targetLinkUri'>,
	{ viaPost = false, dropLoginParams = [] }: { viaPost?: boolean; dropLoginParams?: string[] } = {}
): Promise<Launched> {
	const params = lms.beginLaunch({ targetLinkUri: `${server.url}/lti/launch`, ...spec });
	for (const name of dropLoginParams) delete params[name];
	const login = viaPost
		? await fetch(`${server.url}/lti/login`, {
				method: 'POST',
				headers: {
					origin: lms.issuer,
					'content-type': 'application/x-www-form-urlencoded',
					accept: 'text/html'
				},
				body: new URLSearchParams(params),
				redirect: 'manual'
			})
		: await fetch(`${server.url}/lti/login?${new URLSearchParams(params)}`, { redirect: 'manual' });
	if (![302, 303].includes(login.status)) {
		// Refused at the login: the page says why.
		return {
			status: login.status,
			location: null,
			setCookie: login.headers.getSetCookie(),
			body: await login.text(),
			form: { id_token: '', state: '' }
		};
	}
	const auth = login.headers.get('location')!;
	expect(auth.startsWith(lms.authUrl)).toBe(true);
	const authPage = await (await fetch(auth)).text();
	const form = {
		id_token: attr(authPage, /name="id_token" value="([^"]*)"/)!,
		state: attr(authPage, /name="state" value="([^"]*)"/)!
	};
	expect(attr(authPage, /<form method="post" action="([^"]*)"/)).toBe(`${server.url}/lti/launch`);
	return { ...(await postLaunch(form)), form };
}

async function postLaunch(form: { id_token: string; state: string }, path = '/lti/launch') {
	const response = await fetch(`${server.url}${path}`, {
		method: 'POST',
		headers: {
			origin: lms.issuer,
			'content-type': 'application/x-www-form-urlencoded',
			accept: 'text/html'
		},
		body: new URLSearchParams(form),
		redirect: 'manual'
	});
	return {
		status: response.status,
		location: response.headers.get('location'),
		setCookie: response.headers.getSetCookie(),
		body: await response.text()
	};
}

/** Follows a launch page's "Open in Lectern" link: the session it starts. */
async function enter(launched: { body: string }) {
	const link = attr(launched.body, /href="(\/lti\/enter\?ticket=[^"]+)"/);
	expect(link, launched.body.slice(0, 300)).toBeDefined();
	const entered = await request(server, link!);
	expect(entered.status).toBe(303);
	const token = /lectern_session=([^;]+)/.exec(entered.setCookie.join('\n'))?.[1];
	expect(token).toBeDefined();
	return { token: token!, location: entered.location!, link: link! };
}

async function waitFor<T>(
	what: string,
	probe: () => Promise<T | undefined> | T | undefined,
	ms = 20_000
) {
	for (const deadline = Date.now() + ms; Date.now() < deadline;) {
		const value = await probe();
		if (value !== undefined && value !== false) return value;
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`never: ${what}`);
}

let classId: string;
let assignmentId: string;
let lineItem: string;
let teacherToken: string;
/** The assignment's second grade column (a copied link). */
let secondColumn: string;
/** The tool's signing key after the rotation: what the deep linking answer must be signed with. */
let newestKid: string;

beforeAll(async () => {
	build = prepareBuild();
	databaseUrl = (await seededDatabaseUrl(build)).url;
	server = await startServer({ build, databaseUrl });
	client = openClient(databaseUrl);
	lms = await TestPlatform.start();
}, PREPARE_TIMEOUT_MS);

afterAll(async () => {
	await lms?.stop();
	client?.close();
	await stopAllServers();
});

describe('LTI 1.3 with a test LMS', () => {
	it('registers dynamically from a one-time link an administrator made', async () => {
		const adminId = randomUUID();
		await client.execute({
			sql: `INSERT INTO users (id, email, display_name, role) VALUES (?, ?, 'Admin', 'admin')`,
			args: [adminId, `admin-${adminId.slice(0, 8)}@lectern.test`]
		});
		const admin = await mintSession(client, adminId);
		const made = await request(server, '/admin/lti?/makeLink', {
			token: admin,
			form: new URLSearchParams()
		});
		expect(made.status).toBe(200);
		const link = attr(made.body, /(http:\/\/127\.0\.0\.1:\d+\/lti\/register\?key=[a-z0-9]+)/)!;
		expect(link).toBeDefined();

		// The LMS opens the link with its configuration; no Lectern cookie goes with it.
		const opened = lms.registrationLaunchUrl(link);
		const page = await request(server, opened.replace(server.url, ''));
		expect(page.status).toBe(200);
		expect(page.body).toContain('Register Lectern with lectern-test-lms');
		const fields = new URLSearchParams(new URL(opened).search);
		const confirmed = await request(server, '/lti/register', { form: fields });
		expect(confirmed.status, confirmed.body.slice(0, 500)).toBe(200);
		expect(confirmed.body).toContain('Lectern is registered');

		const sent = lms.registrations[0]!;
		expect(sent).toMatchObject({
			initiate_login_uri: `${server.url}/lti/login`,
			jwks_uri: `${server.url}/lti/jwks`,
			token_endpoint_auth_method: 'private_key_jwt'
		});
		expect(sent.redirect_uris).toContain(`${server.url}/lti/launch`);
		const { rows } = await client.execute({
			sql: `SELECT p.client_id, p.registered_via, d.deployment_id FROM lti_platforms p
				JOIN lti_deployments d ON d.platform_id = p.id WHERE p.issuer = ?`,
			args: [lms.issuer]
		});
		expect(rows.map((r) => ({ ...r }))).toEqual([
			{ client_id: lms.clientId, registered_via: 'dynamic', deployment_id: lms.deploymentId }
		]);

		// The link is used up.
		const again = await request(server, '/lti/register', { form: fields });
		expect(again.status).toBe(403);
		expect(await count('lti_platforms')).toBe(1);

		// The tool's key rotates: the new key signs from now on, the old one stays published.
		const before = (await (await fetch(`${server.url}/lti/jwks`)).json()) as {
			keys: { kid: string }[];
		};
		const rotated = await request(server, '/admin/lti?/rotateKey', {
			token: admin,
			form: new URLSearchParams()
		});
		expect(rotated.status).toBe(200);
		const after = (await (await fetch(`${server.url}/lti/jwks`)).json()) as {
			keys: { kid: string }[];
		};
		expect(after.keys).toHaveLength(before.keys.length + 1);
		expect(after.keys.map((k) => k.kid)).toEqual(
			expect.arrayContaining(before.keys.map((k) => k.kid))
		);
		newestKid = after.keys.find((k) => !before.keys.some((b) => b.kid === k.kid))!.kid;
	});

	it('refuses each bad launch with a page, and stores nothing', async () => {
		const before = await footprint();
		const cases: Array<[string, Omit<LaunchSpec, 'targetLinkUri'>, RegExp, string[]?]> = [
			[
				'bad signature',
				{ user: learner, tamper: { signWith: 'wrong-key' } },
				/signature is not valid/
			],
			[
				'wrong aud',
				{ user: learner, tamper: { aud: 'another-tool' } },
				/another tool|not registered/
			],
			['expired', { user: learner, tamper: { expSecondsFromNow: -600 } }, /expired/],
			[
				'another target than the login’s',
				{ user: learner, tamper: { targetLinkUri: `${server.url}/lti/deep-link` } },
				/another address than its login did/
			],
			[
				'several audiences, no azp',
				{ user: learner, tamper: { aud: [lms.clientId, 'another-tool'], dropClaims: ['azp'] } },
				/several audiences but no authorized party/
			],
			[
				'azp of another tool',
				{ user: learner, tamper: { aud: [lms.clientId, 'another-tool'], azp: 'another-tool' } },
				/another tool \(azp/
			],
			[
				'unknown deployment at login',
				{ user: learner, deploymentId: 'not-deployed' },
				/deployment/
			],
			[
				'unknown deployment at launch',
				{ user: learner, deploymentId: 'not-deployed' },
				/deployment “not-deployed” is not registered/,
				['lti_deployment_id']
			],
			[
				'wrong version',
				{ user: learner, tamper: { version: '1.1.0' } },
				/version claim must be 1\.3\.0/
			]
		];
		for (const [name, spec, message, dropLoginParams] of cases) {
			const refused = await launch(
				{ resourceLink: { id: 'link-x' }, context: COURSE, ...spec },
				{ dropLoginParams }
			);
			expect([400, 401, 403], name).toContain(refused.status);
			expect(refused.body, name).toMatch(message);
			expect(refused.setCookie.join(), name).not.toContain('lectern_session');
		}

		// A key the LMS does not publish: the JWKS is fetched again, once, then the launch refused.
		const fetches = lms.jwksFetches;
		const unknown = await launch({
			user: learner,
			context: COURSE,
			resourceLink: { id: 'link-x' },
			tamper: { signWith: 'unknown-kid' }
		});
		expect(unknown.status).toBe(401);
		expect(unknown.body).toContain('a key the LMS does not publish');
		expect(lms.jwksFetches - fetches).toBe(1);

		expect(await footprint()).toEqual(before);
	});

	it('makes the class on the instructor’s first launch and an assignment from a deep link', async () => {
		const deep = await launch({
			user: teacher,
			context: COURSE,
			messageType: 'LtiDeepLinkingRequest'
		});
		expect(deep.status).toBe(303);
		const picker = await request(server, deep.location!);
		expect(picker.status).toBe(200);
		expect(picker.body).toContain('Add Lectern content');
		const t = new URL(deep.location!, server.url).searchParams.get('t')!;

		const { rows: classes } = await client.execute({
			sql: `SELECT c.id, c.name, u.display_name FROM lti_contexts x JOIN classes c ON c.id = x.class_id
				JOIN users u ON u.id = c.teacher_id WHERE x.context_id = ?`,
			args: [COURSE.id]
		});
		expect(classes).toHaveLength(1);
		expect(classes[0]).toMatchObject({ name: 'History 101', display_name: 'Ms Rivera' });
		classId = String(classes[0]!.id);

		const { rows: modules } = await client.execute({
			sql: `SELECT s.slug FROM sections s JOIN articles a ON a.id = s.article_id
				WHERE a.slug = ? AND s.kind = 'lesson' ORDER BY s.position LIMIT 1`,
			args: [SEED_SLUG]
		});
		const module = String(modules[0]!.slug);
		const chosen = await request(server, '/lti/deep-link', {
			form: new URLSearchParams({
				t,
				articleSlug: SEED_SLUG,
				part: module,
				requireQuiz: 'on',
				dueAt: '2030-01-31T17:00'
			})
		});
		expect(chosen.status, chosen.body.slice(0, 400)).toBe(200);
		const returnUrl = attr(chosen.body, /<form method="POST" action="([^"]+)"/)!;
		const jwt = attr(chosen.body, /name="JWT" value="([^"]+)"/)!;
		expect(returnUrl).toContain(lms.issuer);
		// The page's policy lets its form go back to the LMS.
		const back = await fetch(returnUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ JWT: jwt })
		});
		expect(back.status, await back.text()).toBe(200);
		const item = lms.deepLinkResponses[0]!.contentItems[0] as {
			custom: { assignment: string };
		};
		expect(item).toMatchObject({
			type: 'ltiResourceLink',
			url: `${server.url}/lti/launch`,
			lineItem: { scoreMaximum: 100 },
			submission: { endDateTime: '2030-01-31T17:00:00.000Z' }
		});
		assignmentId = item.custom.assignment;
		const header = JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString()) as {
			kid: string;
		};
		expect(header.kid).toBe(newestKid);
		const { rows: made } = await client.execute({
			sql: 'SELECT class_id, due_at, require_quiz FROM assignments WHERE id = ?',
			args: [assignmentId]
		});
		expect(made[0]).toMatchObject({
			class_id: classId,
			due_at: Date.parse('2030-01-31T17:00:00Z'),
			require_quiz: 1
		});
		// The picker's token is used up.
		expect((await request(server, `/lti/deep-link?t=${t}`)).status).toBe(400);

		// An LMS that posts its deep linking launch to the deep linking URL gets the picker too.
		const params = lms.beginLaunch({
			user: teacher,
			context: COURSE,
			messageType: 'LtiDeepLinkingRequest',
			targetLinkUri: `${server.url}/lti/deep-link`
		});
		const login = await fetch(`${server.url}/lti/login?${new URLSearchParams(params)}`, {
			redirect: 'manual'
		});
		const authPage = await (await fetch(login.headers.get('location')!)).text();
		const posted = await postLaunch(
			{
				id_token: attr(authPage, /name="id_token" value="([^"]*)"/)!,
				state: attr(authPage, /name="state" value="([^"]*)"/)!
			},
			'/lti/deep-link'
		);
		expect(posted.status).toBe(303);
		expect(posted.location).toMatch(/^\/lti\/deep-link\?t=/);
	});

	it('launches the teacher into the class and the learner into the assignment, cookie-less', async () => {
		lineItem = lms.createLineItem(COURSE.id, {
			label: 'Week 1 reading',
			scoreMaximum: 100,
			resourceLinkId: 'link-1'
		});
		const asTeacher = await launch({
			user: teacher,
			context: COURSE,
			resourceLink: { id: 'link-1', title: 'Week 1 reading' },
			custom: { assignment: assignmentId },
			lineitem: lineItem
		});
		expect(asTeacher.status).toBe(200);
		expect(asTeacher.body).toContain('Open the class in Lectern');
		// No session is set inside the frame: the one-time link does it in a window of its own.
		expect(asTeacher.setCookie.join()).not.toContain('lectern_session');
		const teacherIn = await enter(asTeacher);
		teacherToken = teacherIn.token;
		expect(teacherIn.location).toBe(`/classes/${classId}/gradebook`);
		expect((await request(server, teacherIn.link)).status).toBe(400);

		const asLearner = await launch(
			{
				user: learner,
				context: COURSE,
				resourceLink: { id: 'link-1' },
				lineitem: lineItem,
				dueAt: '2030-02-01T09:00:00.000Z'
			},
			{ viaPost: true }
		);
		expect(asLearner.status).toBe(200);
		expect(asLearner.body).toContain('Open in Lectern');
		const learnerIn = await enter(asLearner);
		expect(learnerIn.location).toBe(`/classes/${classId}`);
		const { rows } = await client.execute({
			sql: `SELECT u.display_name, u.email FROM lti_accounts a JOIN users u ON u.id = a.user_id
				JOIN class_members m ON m.user_id = u.id AND m.class_id = ? WHERE a.subject = ?`,
			args: [classId, learner.sub]
		});
		// Bound by the LMS's user id; the e-mail is neither stored nor used.
		expect(rows.map((r) => ({ ...r }))).toEqual([{ display_name: 'Sam Okafor', email: null }]);
		// The LMS's due date (its custom due_at) is the assignment's.
		const { rows: due } = await client.execute({
			sql: 'SELECT due_at FROM assignments WHERE id = ?',
			args: [assignmentId]
		});
		expect(due[0]!.due_at).toBe(Date.parse('2030-02-01T09:00:00Z'));

		// Another instructor of the course teaches the class beside the first.
		const second = await launch({
			user: { sub: 'lms-teacher-2', name: 'Mr Chen', roles: [ROLES.instructor] },
			context: COURSE,
			resourceLink: { id: 'link-1' },
			lineitem: lineItem
		});
		expect(second.status).toBe(200);
		const secondIn = await enter(second);
		expect(secondIn.location).toBe(`/classes/${classId}/gradebook`);
		const theirGradebook = await request(server, secondIn.location, { token: secondIn.token });
		expect(theirGradebook.status).toBe(200);
		expect(theirGradebook.body).toContain('Sam Okafor');
		// …and adds content to it too.
		const theirPick = await launch({
			user: { sub: 'lms-teacher-2', name: 'Mr Chen', roles: [ROLES.instructor] },
			context: COURSE,
			messageType: 'LtiDeepLinkingRequest'
		});
		expect(theirPick.status).toBe(303);
		expect((await request(server, theirPick.location!)).status).toBe(200);
		const theirToken = new URL(theirPick.location!, server.url).searchParams.get('t')!;
		const theirChoice = await request(server, '/lti/deep-link', {
			form: new URLSearchParams({ t: theirToken, articleSlug: SEED_SLUG, part: 'all' })
		});
		expect(theirChoice.status).toBe(200);
		const returned = await fetch(attr(theirChoice.body, /<form method="POST" action="([^"]+)"/)!, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ JWT: attr(theirChoice.body, /name="JWT" value="([^"]+)"/)! })
		});
		expect(returned.status).toBe(200);
		const secondAssignment = (
			lms.deepLinkResponses.at(-1)!.contentItems[0] as { custom: { assignment: string } }
		).custom.assignment;
		expect(secondAssignment).not.toBe(assignmentId);

		// A link the LMS gave no grade column: Lectern finds or makes one, by the assignment's id.
		const unscored = await launch({
			user: teacher,
			context: COURSE,
			resourceLink: { id: 'link-2', title: 'The whole article' },
			custom: { assignment: secondAssignment }
		});
		expect(unscored.status).toBe(200);
		const made = lms.lineItems(COURSE.id).find((i) => i.resourceId === secondAssignment);
		expect(made).toMatchObject({ scoreMaximum: 100, resourceLinkId: 'link-2', tag: 'lectern' });
		const { rows: links } = await client.execute({
			sql: `SELECT line_item_url FROM lti_links WHERE resource_link_id = 'link-2'`,
			args: []
		});
		expect(links[0]!.line_item_url).toBe(made!.id);

		// An LMS that opens tools in a window of their own: straight through the one-time link.
		const inWindow = await launch({
			user: learner,
			context: COURSE,
			resourceLink: { id: 'link-1' },
			lineitem: lineItem,
			documentTarget: 'window'
		});
		expect(inWindow.status).toBe(303);
		expect(inWindow.location).toMatch(/^\/lti\/enter\?ticket=/);
		expect((await request(server, inWindow.location!)).status).toBe(303);

		// Replaying the same launch (same id_token and state) is refused.
		const before = await footprint();
		const replay = await postLaunch(asLearner.form);
		expect(replay.status).toBe(401);
		expect(replay.body).toContain('already used');
		expect(await footprint()).toEqual(before);
	});

	it('syncs the roster from Names and Roles, by the LMS’s user ids', async () => {
		// More than a page of members (the LMS answers 50 at a time, with a `next` link).
		const many = Array.from({ length: 55 }, (_, i) => ({
			sub: `lms-many-${i}`,
			name: `Zz Learner ${String(i).padStart(2, '0')}`,
			roles: [ROLES.learner]
		}));
		lms.setMembers(COURSE.id, [
			teacher,
			// Instructors teach beside the class's teacher; one the LMS marks inactive no longer does.
			{ sub: 'lms-teacher-2', name: 'Mr Chen', roles: [ROLES.instructor], status: 'Inactive' },
			{ sub: 'lms-teacher-3', name: 'Dr Osei', roles: [ROLES.instructor] },
			learner,
			{ sub: 'lms-learner-2', name: 'Ana Ruiz', roles: [ROLES.learner] },
			{ sub: 'lms-learner-3', name: 'Li Wei', roles: [ROLES.learner], status: 'Inactive' },
			...many
		]);
		const synced = await request(server, `/classes/${classId}/students?/syncRoster`, {
			token: teacherToken,
			form: new URLSearchParams()
		});
		expect(synced.status, synced.body.slice(0, 300)).toBe(303);
		const { rows } = await client.execute({
			sql: `SELECT u.display_name FROM class_members m JOIN users u ON u.id = m.user_id
				WHERE m.class_id = ? ORDER BY u.display_name`,
			args: [classId]
		});
		expect(rows.map((r) => r.display_name)).toEqual([
			'Ana Ruiz',
			'Sam Okafor',
			...many.map((m) => m.name)
		]);
		expect(lms.requests.filter((r) => r.path.endsWith('/memberships')).length).toBeGreaterThan(1);
		// No instructor is made a student; the inactive learner is not in the class.
		const { rows: teachers } = await client.execute({
			sql: `SELECT u.display_name FROM class_teachers t JOIN users u ON u.id = t.user_id
				WHERE t.class_id = ? ORDER BY u.display_name`,
			args: [classId]
		});
		expect(teachers.map((r) => r.display_name)).toEqual(['Dr Osei']);
		const page = await request(server, `/classes/${classId}/students`, { token: teacherToken });
		expect(page.body).toContain('Last synced');
	});

	it('sends the gradebook percent to the LMS once the learner is done, and shows refusals', async () => {
		const save = await request(server, `/classes/${classId}/assignments/${assignmentId}?/save`, {
			token: teacherToken,
			form: new URLSearchParams({
				sectionSlugs: await moduleSlug(),
				passMark: '0',
				requireQuiz: 'on',
				dueAt: '2030-02-01T09:00'
			})
		});
		expect(save.status, save.body.slice(0, 300)).toBe(303);
		const learnerToken = await learnerSession(learner.sub);
		await finishAssignment(learnerToken);
		const score = await waitFor('a completed score', () =>
			lms.scores(lineItem).find((s) => s.activityProgress === 'Completed')
		);
		const percent = await bestPercent(learner.sub);
		expect(score).toMatchObject({
			userId: learner.sub,
			scoreGiven: Math.round(percent * 100) / 100,
			scoreMaximum: 100,
			gradingProgress: 'FullyGraded'
		});

		// A learner the LMS refuses grades for: kept as refused, with the LMS's reason, for the teacher.
		lms.refuseScoresFor('lms-learner-2', 422, 'Grades are not accepted for this user');
		const other = await learnerSession('lms-learner-2');
		await finishAssignment(other);
		await waitFor(
			'a refused grade',
			async () => (await count('lti_grades', `state = 'refused'`)) === 1
		);
		const gradebook = await request(server, `/classes/${classId}/gradebook`, {
			token: teacherToken
		});
		expect(gradebook.body).toContain('Refused by the LMS');
		expect(gradebook.body).toContain('Grades are not accepted for this user');

		// The same assignment linked again (a copied LMS link) with a grade column of its own: the
		// class's scores so far go to it too, with no new work from anyone.
		secondColumn = lms.createLineItem(COURSE.id, { label: 'Week 1 (copy)', scoreMaximum: 100 });
		const copied = await launch({
			user: teacher,
			context: COURSE,
			resourceLink: { id: 'link-3' },
			custom: { assignment: assignmentId },
			lineitem: secondColumn
		});
		expect(copied.status).toBe(200);
		const copiedScore = await waitFor('the score in the copied column', () =>
			lms.scores(secondColumn).find((s) => s.userId === learner.sub)
		);
		expect(copiedScore).toMatchObject({
			scoreGiven: score.scoreGiven,
			activityProgress: 'Completed'
		});

		// Every call Lectern made to the LMS named itself.
		const fromLectern = lms.requests.filter(
			(r) => !['/auth', '/deep-link-return'].includes(r.path)
		);
		expect(fromLectern.length).toBeGreaterThan(5);
		for (const r of fromLectern) expect(r.userAgent, r.path).toMatch(/^Lectern\//);
	});

	it('keeps a grade through a kill -9 between scoring and sending, and sends it after restart', async () => {
		const third = { sub: 'lms-learner-4', name: 'Kim Tran', roles: [ROLES.learner] };
		lms.setMembers(COURSE.id, [teacher, learner, third]);
		expect(
			(
				await request(server, `/classes/${classId}/students?/syncRoster`, {
					token: teacherToken,
					form: new URLSearchParams()
				})
			).status
		).toBe(303);
		lms.setDown(true);
		const token = await learnerSession(third.sub);
		await finishAssignment(token);
		// Scored and acknowledged; the LMS is down, so the grade waits in the outbox.
		await waitFor(
			'a failed send',
			async () =>
				(await count(
					'lti_grades g JOIN lti_accounts a ON a.user_id = g.user_id',
					`a.subject = ? AND g.tries > 0`,
					[third.sub]
				)) > 0
		);
		server.kill();
		await server.exited;
		lms.setDown(false);
		// A score whose outbox row was never written (a crash right after the submission's commit)
		// is found again: each process reconciles the outbox with the gradebook when it starts.
		const sentBefore = lms.scores(lineItem).filter((s) => s.userId === learner.sub).length;
		await client.execute({
			sql: `DELETE FROM lti_grades WHERE user_id = (SELECT user_id FROM lti_accounts WHERE subject = ?)`,
			args: [learner.sub]
		});
		// The same address: the LMS knows Lectern (its keys) there.
		server = await startServer({ build, databaseUrl, port: server.port });
		await waitFor('the lost row sent again', () =>
			lms.scores(lineItem).filter((s) => s.userId === learner.sub).length > sentBefore
				? true
				: undefined
		);
		const score = await waitFor(
			'the grade after restart',
			() =>
				lms
					.scores(lineItem)
					.find((s) => s.userId === third.sub && s.activityProgress === 'Completed'),
			40_000
		);
		expect(score.scoreMaximum).toBe(100);
		// Both of the assignment's grade columns got it.
		const states = await waitFor('both columns sent', async () => {
			const { rows } = await client.execute({
				sql: `SELECT g.state FROM lti_grades g JOIN lti_accounts a ON a.user_id = g.user_id
					WHERE a.subject = ? AND g.assignment_id = ? ORDER BY g.line_item_url`,
				args: [third.sub, assignmentId]
			});
			return rows.every((r) => r.state === 'sent') ? rows.map((r) => r.state) : undefined;
		});
		expect(states).toEqual(['sent', 'sent']);
		expect(lms.scores(secondColumn).some((s) => s.userId === third.sub)).toBe(true);
	}, 90_000);
});

async function learnerSession(subject: string) {
	const { rows } = await client.execute({
		sql: 'SELECT user_id FROM lti_accounts WHERE subject = ?',
		args: [subject]
	});
	return mintSession(client, String(rows[0]!.user_id));
}

async function moduleSlug() {
	const { rows } = await client.execute({
		sql: `SELECT s.slug FROM assignments a JOIN sections s ON s.id = json_extract(a.section_ids, '$[0]')
			WHERE a.id = ?`,
		args: [assignmentId]
	});
	return String(rows[0]!.slug);
}

/** Reads the assignment's module and submits its quiz (any answers: the pass mark is 0). */
async function finishAssignment(token: string) {
	const read = await request(server, `/lessons/${SEED_SLUG}/${await moduleSlug()}?/read`, {
		token,
		form: new URLSearchParams()
	});
	expect(read.status).toBe(303);
	const started = await request(server, `/lessons/${SEED_SLUG}/quiz?/start`, {
		token,
		form: new URLSearchParams({ assignment: assignmentId })
	});
	const attempt = attemptIdFrom(started);
	expect(attempt, started.body.slice(0, 300)).toBeDefined();
	const page = await request(server, `/lessons/${SEED_SLUG}/quiz/${attempt}`, { token });
	const { form } = answerQuizForm(page.body);
	const submitted = await request(server, `/lessons/${SEED_SLUG}/quiz/${attempt}?/submit`, {
		token,
		form
	});
	expect(submitted.status, submitted.body.slice(0, 300)).toBe(303);
}

async function bestPercent(subject: string) {
	const { rows } = await client.execute({
		sql: `SELECT max(100.0 * q.score / q.max_score) AS p FROM attempts q
			JOIN lti_accounts a ON a.user_id = q.user_id WHERE a.subject = ? AND q.submitted_at IS NOT NULL`,
		args: [subject]
	});
	return Number(rows[0]!.p);
}
