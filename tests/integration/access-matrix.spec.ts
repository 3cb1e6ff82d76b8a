// The access matrix over HTTP: every route, endpoint and form action of src/routes × every
// subject (anonymous, a student, a student of another class, the class's teacher, another
// teacher, a moderator, an admin), against one production server. What each subject should get
// comes from the access module's own table (`can`), fed the relation the cast stands in; the
// server must agree. A route on disk without an entry in support/route-access.ts fails the
// suite, so a new route cannot be forgotten.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBJECTS, createCast, type Cast, type SubjectKey } from './support/cast';
import {
	ROUTES,
	actionNames,
	entryName,
	enumerateRoutes,
	expectationFor,
	type Expectation,
	type RouteEntry
} from './support/route-access';
import { stopAllServers } from './support/server';

describe('the route table', () => {
	it('finds the form actions of a page by the keys of `export const actions`', () => {
		const source = `
			export const load = () => ({ actions: { notThis: 1 } });
			export const actions: Actions = {
				// a comment: with a colon
				plain: async (event) => { const x = { inner: 1 }; return x; },
				'quoted': adminAction('user.manage', schema, (db, a, d) => set(db, { nested: d })),
				shorthand(event) { return \`\${event}: {\`; },
				async method() {},
				last: (event) => write(event, false)
			};`;
		expect(actionNames(source)).toEqual(['plain', 'quoted', 'shorthand', 'method', 'last']);
	});

	it('finds the form actions a shared factory builds by the keys of the object it returns', () => {
		const route = `
			import { threadActions, threadLoad } from '$lib/server/thread';
			export const actions = threadActions(publicThread) satisfies Actions;`;
		const module = `
			export function threadLoad() {
				return { notThis: 1 };
			}
			export function threadActions(scope) {
				async function write(event) {
					return { notThisEither: 1 };
				}
				return {
					post: (event) => write(event),
					'quoted': (event) => moderate(event, { nested: 1 })
				};
			}
			export function later() {
				return { norThis: 1 };
			}`;
		const read = (specifier: string) => (specifier === '$lib/server/thread' ? module : undefined);
		expect(actionNames(route, read)).toEqual(['post', 'quoted']);
		expect(actionNames(route)).toEqual([]);
	});

	it('has an entry for every page, endpoint and form action in src/routes, and none for one that is gone', () => {
		const found = enumerateRoutes();
		const keys = new Set(found.map((f) => f.key));
		const listed = new Set(ROUTES.map((e) => e.key));
		const missing = found.filter((f) => !listed.has(f.key)).map((f) => `${f.key} (${f.file})`);
		const stale = [...listed].filter((key) => !keys.has(key));
		expect(
			{ missing, stale },
			'add an entry to ROUTES in tests/integration/support/route-access.ts for each missing route'
		).toEqual({ missing: [], stale: [] });
		// The enumeration itself sees what is there: pages, endpoints and actions.
		expect(found.filter((f) => f.kind === 'action').length).toBeGreaterThan(30);
		expect(keys).toContain('GET /api/v1/classes/[id]/gradebook');
		expect(keys).toContain('POST /login');
	});
});

interface Cell {
	subject: SubjectKey;
	expected: Expectation;
	status: number;
	location: string | null;
	problem: string | null;
}

const ERROR_PAGE = /<section class="error\b/;
const TO_LOGIN = /^(?:https?:\/\/[^/]+)?\/login(?:[?#]|$)/;

/** Whether one answer matches what the access table says; a reason when it does not. */
function judge(
	entry: RouteEntry,
	method: string,
	expected: Expectation,
	subject: SubjectKey,
	response: { status: number; location: string | null; type: string; body: string }
): string | null {
	const { status, location, type, body } = response;
	const html = type.includes('text/html');
	const toLogin = status >= 300 && status < 400 && TO_LOGIN.test(location ?? '');
	// A form action refused the input: the page came back with its form and a message.
	const formBack =
		method === 'POST' && html && status >= 400 && status < 500 && !ERROR_PAGE.test(body);
	if (status >= 500) return `server error ${status}`;
	if (expected.allowed) {
		if (status < 300) return null;
		if (status < 400) return toLogin ? 'sent to sign in' : null;
		if (formBack && [400, 404, 409, 422, 429].includes(status)) return null;
		return `refused with ${status}`;
	}
	if (formBack)
		return `denied, but got the form back (${status}): validation ran before authorization`;
	if (subject === 'anonymous') {
		// A class's page asks to sign in and come back there; its JSON API answers 404.
		if (expected.signIn && !entry.key.includes(' /api/')) {
			return toLogin ? null : `expected to be sent to sign in, got ${status}`;
		}
		if (toLogin || [401, 403, 404].includes(status)) return null;
		return `let in (${status}${location ? ` → ${location}` : ''})`;
	}
	if (expected.status === 404) return status === 404 ? null : `expected 404, got ${status}`;
	return status === 403 || status === 404 ? null : `expected 403/404, got ${status}`;
}

describe('access matrix over HTTP', () => {
	let cast: Cast | undefined;

	beforeAll(async () => {
		const began = Date.now();
		// Against npm start's pool of two workers (issue 14: the access suite holds with it on).
		const created = await createCast({ workers: 2 });
		cast = created;
		console.log(
			`access matrix: build ${created.build.built ? 'rebuilt' : 'up to date'} in ${created.buildMs} ms, cast ready in ${Date.now() - began} ms`
		);
	}, 400_000);

	afterAll(async () => {
		await cast?.close();
		await stopAllServers();
	});

	it('answers every route × subject exactly as the access table says', async () => {
		const { server, resources } = cast!;
		const began = Date.now();
		const rows: { entry: RouteEntry; cells: Cell[] }[] = [];

		for (const entry of ROUTES) {
			const method = entry.key.split(' ')[0]!;
			const url = entry.url(resources);
			const expectations = SUBJECTS.map((subject) => ({
				subject,
				expected: expectationFor(entry, subject, cast!.actor(subject), resources)
			}));
			// Those who must be refused go first: an allowed request may change what follows
			// (a post deleted, a thread locked), a refused one never does.
			const order = [
				...expectations.filter((e) => !e.expected.allowed),
				...expectations.filter((e) => e.expected.allowed)
			];
			const cells: Cell[] = [];
			for (const { subject, expected } of order) {
				const token = entry.endsSession
					? await cast!.freshToken(subject)
					: cast!.people[subject].token;
				const headers: Record<string, string> = {
					accept: url.startsWith('/api/') ? 'application/json' : 'text/html',
					// The answer is what is checked here, not its encoding (compression.spec's).
					'accept-encoding': 'identity'
				};
				if (token) headers.cookie = `lectern_session=${token}`;
				let body: string | undefined;
				if (method === 'POST') {
					headers.origin = server.url;
					headers['content-type'] = 'application/x-www-form-urlencoded';
					body = new URLSearchParams(entry.body?.(resources) ?? []).toString();
				}
				const response = await fetch(server.url + url, {
					method,
					headers,
					body,
					redirect: 'manual',
					signal: AbortSignal.timeout(30_000)
				});
				const answer = {
					status: response.status,
					location: response.headers.get('location'),
					type: response.headers.get('content-type') ?? '',
					body: await response.text()
				};
				cells.push({
					subject,
					expected,
					status: answer.status,
					location: answer.location,
					problem: judge(entry, method, expected, subject, answer)
				});
			}
			cells.sort((a, b) => SUBJECTS.indexOf(a.subject) - SUBJECTS.indexOf(b.subject));
			rows.push({ entry, cells });
		}

		const failures = rows.flatMap(({ entry, cells }) =>
			cells
				.filter((c) => c.problem)
				.map(
					(c) =>
						`${entryName(entry)} as ${c.subject}: ${c.expected.allowed ? 'allow' : `deny (${c.expected.check})`} — ${c.problem}`
				)
		);
		const total = rows.length * SUBJECTS.length;
		console.log(
			`access matrix: ${rows.length} entries × ${SUBJECTS.length} subjects = ${total} requests in ${Date.now() - began} ms`
		);
		if (failures.length > 0 || process.env.SHOW_MATRIX) console.log(renderMatrix(rows));
		expect(failures, `${failures.length} of ${total} answers differ from the access table`).toEqual(
			[]
		);
	}, 120_000);
});

/** One line per entry: each subject's status, `+` allowed / `-` denied by the table, `!` wrong. */
function renderMatrix(rows: { entry: RouteEntry; cells: Cell[] }[]): string {
	const short: Record<SubjectKey, string> = {
		anonymous: 'anon',
		student: 'stud',
		otherStudent: 'stud2',
		teacher: 'teach',
		otherTeacher: 'teach2',
		moderator: 'mod',
		admin: 'admin'
	};
	const width = Math.max(...rows.map((r) => entryName(r.entry).length));
	const header = `${''.padEnd(width)}  ${SUBJECTS.map((s) => short[s].padEnd(7)).join('')}`;
	const lines = rows.map(({ entry, cells }) => {
		const text = cells
			.map((c) => `${c.expected.allowed ? '+' : '-'}${c.status}${c.problem ? '!' : ''}`.padEnd(7))
			.join('');
		return `${entryName(entry).padEnd(width)}  ${text}`;
	});
	return [
		'access matrix (+ allowed, - denied by the table; ! = the server disagrees):',
		header,
		...lines
	].join('\n');
}
