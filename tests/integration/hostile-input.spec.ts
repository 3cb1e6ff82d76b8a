// Hostile input over HTTP: every form action and endpoint of src/routes (the same table the
// access matrix checks, so a new one cannot be forgotten) receives missing, repeated, oversized,
// malformed and naughty input and unknown or SQL-looking ids, sent by someone the access table
// lets use it. Every answer must be a 4xx, or a 2xx/3xx (the input was fine, or the form came
// back with a message) — never a 5xx, never a stack trace — and the server must log no
// unhandled error. A cross-origin post to each action is refused with 403.
//
// Most cases go the way a browser without JavaScript sends them (the page comes back, rendered
// with what was sent). The bulk of the naughty strings go the way `use:enhance` sends them
// (`accept: application/json`): the same action and validation, without rendering the page, so
// ~60 strings in every field of every action stay affordable; a few still go as HTML.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCast, type Cast, type SubjectKey } from './support/cast';
import { REPO_ROOT } from './support/database';
import {
	HOSTILE_ORDER,
	ROUTES,
	entryName,
	enumerateRoutes,
	expectationFor,
	type RouteEntry
} from './support/route-access';
import { hashPassword } from '../../src/lib/server/auth/password';
import { decodeComponent } from '../../src/lib/url';
import { tempDatabaseUrl } from './support/database';
import {
	answersHealthy,
	eachLimit,
	mintUsers,
	openClient,
	prepareBuild,
	seededDatabaseUrl,
	startServer,
	stopAllServers,
	PREPARE_TIMEOUT_MS,
	type LecternServer
} from './support/server';

const CONCURRENCY = 4;
const KB100 = 'a'.repeat(100 * 1024);
const MB2 = 2 * 1024 * 1024;
/** Per-field cases for at most this many fields of a form (the quiz has dozens). */
const MAX_FIELDS_ONE_BY_ONE = 4;

/** ~60 naughty strings spread across the Big List of Naughty Strings. */
const BLNS: string[] = JSON.parse(
	readFileSync(`${REPO_ROOT}/tests/fixtures/data/blns.json`, 'utf8')
);
const NAUGHTY = Array.from({ length: 60 }, (_, i) => BLNS[Math.floor((i * BLNS.length) / 60)]!);
/** Sent as HTML too, so the page that echoes them back is rendered with them. */
const NAUGHTY_HTML = [
	"<script>alert(123)</script>' OR 1=1 -- 1 {{7*7}} ${7*7} %s%n",
	'﻿‮𝕿𝖍𝖊 ٠١٢ パーティー 👐🏿 \u0000\u0007\u001b[31m'
];

/** Ids nobody has, and ids that try to be something else. */
const HOSTILE_IDS = [
	randomUUID(),
	"1' OR '1'='1",
	'1; DROP TABLE users; --',
	'../../../etc/passwd',
	'__proto__',
	'x'.repeat(5000)
];
/** Path segments as a browser would send them (already encoded), some invalid on purpose. */
const HOSTILE_SEGMENTS = [
	randomUUID(),
	encodeURIComponent("1' OR '1'='1"),
	'%E0%A4%A',
	'%00',
	'..%2F..%2Fadmin',
	'x'.repeat(3000),
	encodeURIComponent('<script>alert(1)</script> 𝕿𝖍𝖊 ﻿‮')
];
/** Field names that are also names on every object's prototype chain. */
const PROTOTYPE_KEYS: [string, string][] = [
	['__proto__', 'a'],
	['__proto__', 'b'],
	['constructor', 'c'],
	['prototype', 'd'],
	['__proto__[polluted]', '1'],
	['constructor[prototype][polluted]', '1']
];
/** Invalid (or NUL-bearing) percent-encodings, for every segment of every path. */
const MALFORMED_ESCAPES = ['%', '%ZZ', '%C0', '%E0%A4%A', '%00', '%ED%A0%80'];
/** `next` values that cannot go into a header as they are, or that leave the site. */
const HOSTILE_NEXT = [
	...['%0A', '%0D', '%00', '%0B'].flatMap((c) => [c, `/a${c}b`]),
	'/%0D%0ASet-Cookie:%20x=1',
	'/%E2%9C%93',
	'/%09/evil.example'
];

/** Query strings every GET gets (pages read page, sort, q, post, notice, next, evidence, …). */
const HOSTILE_QUERIES = [
	'?page=-1&sort=%ZZ&dir=sideways&q=%E0%A4%A&post=x&notice=__proto__&next=//evil.example&evidence=%00&module=..',
	`?page=1e309&page=2&sort=new&sort=old&q=a&q=b&notice=constructor&post=${randomUUID()}`,
	`?q=${'q'.repeat(8000)}&post=${encodeURIComponent("1' OR '1'='1")}&sort=student&dir=desc&${encodeURIComponent('<script>')}=${encodeURIComponent('\'"><img src=x>')}`
];

type Fields = [string, string][];
interface Case {
	name: string;
	method?: string;
	path?: string;
	/** A raw body (urlencoded unless `contentType` says otherwise), or FormData (multipart). */
	body?: string | Uint8Array<ArrayBuffer> | FormData;
	contentType?: string;
	origin?: string | null;
	headers?: Record<string, string>;
	/** `json`: as `use:enhance` posts (the action's result as JSON, no page rendered). */
	mode?: 'html' | 'json';
	/** What the answer must be, beyond "no 5xx, no stack trace". */
	expect?: (status: number) => boolean;
}

const urlencoded = (fields: Fields) =>
	fields.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');

function multipart(fields: Fields, files: readonly string[] = []): FormData {
	const form = new FormData();
	for (const [k, v] of fields) {
		if (files.includes(k)) form.append(k, new Blob([v], { type: 'text/plain' }), 'article.txt');
		else form.append(k, v);
	}
	return form;
}

const looksLikeId = (name: string, value: string) =>
	/id$/i.test(name) || /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(value);

/** Everything to throw at one form action, given a plausible valid form. */
function actionCases(entry: RouteEntry, fields: Fields): Case[] {
	const files = entry.files ?? [];
	const names = [...new Set(fields.map(([k]) => k))];
	const set = (name: string, value: string): Fields =>
		fields.map(([k, v]) => [k, k === name ? value : v]);
	const all = (value: string): Fields => names.map((k) => [k, value]);
	const form = (name: string, f: Fields, mode?: 'json'): Case => ({
		name,
		body: urlencoded(f),
		mode
	});
	const first = names[0] ?? 'x';
	const cases: Case[] = [
		form('missing: every field', []),
		form('wrong type: every field repeated', [...fields, ...all('x')]),
		form('oversized: 100 kB in every field', all(KB100)),
		// 413 where the action reads its body; an action that reads none just answers.
		{ name: 'oversized: a 2 MB body (limit 1M)', body: `${first}=${'b'.repeat(MB2)}` },
		{
			name: 'malformed: invalid percent-encoding',
			body: names.length ? names.map((k) => `${k}=%E0%A4%A%ZZ%`).join('&') : '%E0%A4%A=%ZZ&%=%'
		},
		{
			name: 'malformed: invalid UTF-8 bytes',
			body: Uint8Array.from(
				Buffer.concat([
					Buffer.from(`${first}=`),
					Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1]),
					Buffer.from(`&=&&==&${urlencoded(fields)}`)
				])
			)
		},
		{
			name: 'malformed: a JSON body',
			body: JSON.stringify(Object.fromEntries(fields.length ? fields : [['x', ['y']]])),
			contentType: 'application/json',
			expect: (s) => s === 415
		},
		{
			name: 'malformed: multipart with garbage',
			body: `--XyZ\r\nContent-Disposition: form-data; name="${first}"\r\n\r\ngarbage without an end`,
			contentType: 'multipart/form-data; boundary=XyZ'
		},
		{
			name: 'malformed: multipart without a boundary',
			body: urlencoded(fields),
			contentType: 'multipart/form-data'
		},
		{
			name: 'malformed: binary garbage as multipart',
			body: Uint8Array.from(randomBytes(4096)),
			contentType: 'multipart/form-data; boundary=----lectern'
		},
		{ name: 'malformed: text/plain', body: urlencoded(fields), contentType: 'text/plain' },
		{
			name: 'wrong type: a file where text is expected',
			body: (() => {
				const f = new FormData();
				for (const k of names) f.append(k, new Blob([randomBytes(64)]), '../../evil.bin');
				return f;
			})()
		},
		{ name: 'naughty: every field, as multipart', body: multipart(all(NAUGHTY[20]!), files) },
		...NAUGHTY_HTML.map((s, i): Case => form(`naughty html #${i}: every field`, all(s))),
		...NAUGHTY.map((s, i): Case => form(`naughty #${i}: every field`, all(s), 'json')),
		form('prototype keys: alone', PROTOTYPE_KEYS),
		form('prototype keys: beside a plausible form', [
			...fields,
			...PROTOTYPE_KEYS,
			[`${first}.__proto__`, 'x']
		]),
		form(
			'prototype keys: beside a plausible form, enhanced',
			[...fields, ...PROTOTYPE_KEYS],
			'json'
		),
		{
			name: 'prototype keys: beside a plausible form, as multipart',
			body: multipart([...fields, ...PROTOTYPE_KEYS], files)
		}
	];
	names.forEach((name, index) => {
		const value = fields.find(([k]) => k === name)![1];
		if (index < MAX_FIELDS_ONE_BY_ONE) {
			cases.push(
				form(
					`missing: ${name}`,
					fields.filter(([k]) => k !== name)
				),
				form(`wrong type: ${name} repeated, others valid`, [
					...fields,
					...fields.filter(([k]) => k === name).map(([k]) => [k, 'x'] as [string, string])
				]),
				form(`oversized: 100 kB ${name}`, set(name, KB100)),
				form(`naughty: ${name}`, set(name, NAUGHTY_HTML[0]!))
			);
		}
		if (looksLikeId(name, value)) {
			cases.push(...HOSTILE_IDS.map((id, i) => form(`unknown id #${i}: ${name}`, set(name, id))));
		}
	});
	for (const name of files) {
		const file = (content: BlobPart, fileName = 'article.txt') => {
			const f = multipart(fields.filter(([k]) => k !== name));
			f.append(name, new Blob([content]), fileName);
			return f;
		};
		cases.push(
			{ name: `file: empty ${name}`, body: file('') },
			{ name: `file: binary ${name}`, body: file(randomBytes(8192)) },
			{ name: `file: 600 kB ${name}`, body: file('x'.repeat(600 * 1024)) },
			{ name: `file: naughty ${name}`, body: file(NAUGHTY.join('\n'), '<script>.txt') },
			{
				name: `file: latin-1 ${name}`,
				body: file(Buffer.from([0x54, 0x69, 0x74, 0x6c, 0xe9, 0x0a]))
			}
		);
	}
	return cases;
}

/** Hostile values for each [param] of the route, in the entry's concrete URL. */
function pathCases(path: string, routeId: string, body?: string): Case[] {
	const [pathname, query] = path.split('?') as [string, string | undefined];
	const segments = pathname.split('/');
	const cases: Case[] = [];
	routeId.split('/').forEach((segment, i) => {
		if (!/^\[.+\]$/.test(segment)) return;
		for (const [n, value] of HOSTILE_SEGMENTS.entries()) {
			const changed = [...segments];
			changed[i] = value;
			cases.push({
				name: `path ${segment} #${n}`,
				path: changed.join('/') + (query === undefined ? '' : `?${query}`),
				body
			});
		}
	});
	return cases;
}

const STACK_FRAME = /\n\s+at [^\n]*?\(?(?:file:\/\/|\/[\w.-]+\/|node:)[^\n)]*:\d+:\d+\)?/;
const ERROR_WITH_PATH = /\b\w*Error: [^\n<]*(?:\/work\/|\/src\/|node_modules|file:\/\/|\.js:\d+)/;
const ERROR_PAGE = /<section class="error\b/;
const FORM_MESSAGE = /role="alert"|class="[^"]*\berror-text\b|aria-invalid="true"/;

/** The status an enhanced form's JSON answer stands for, and whether a refusal says why. */
function actionResult(body: string): { status: number; message: boolean } | null {
	try {
		const result = JSON.parse(body) as {
			type: string;
			status?: number;
			data?: string;
			error?: { message?: string };
		};
		if (result.type === 'failure') {
			// devalue's flat form: the messages are strings beside `errors` / `problem` keys.
			return {
				status: result.status ?? 0,
				message: /"(?:errors|problem)":\d+/.test(result.data ?? '')
			};
		}
		if (result.type === 'error') return { status: 0, message: Boolean(result.error?.message) };
		return { status: result.status ?? 200, message: true };
	} catch {
		return null;
	}
}

describe('hostile input to every form action and endpoint', () => {
	let cast: Cast | undefined;
	/**
	 * The cast's server: npm start's pool of two workers on one database (one process's rendering
	 * is the bottleneck here, so the requests are shared between two, one core each).
	 */
	let servers: LecternServer[] = [];

	beforeAll(async () => {
		const began = Date.now();
		const created = await createCast({ workers: 2 });
		cast = created;
		servers = [created.server];
		console.log(
			`hostile input: build ${created.build.built ? 'rebuilt' : 'up to date'} in ${created.buildMs} ms, cast ready in ${Date.now() - began} ms`
		);
	}, 400_000);

	afterAll(async () => {
		await cast?.close();
		await stopAllServers();
	});

	it('answers a malformed percent-encoding in any segment of any path with a 4xx, GET and HEAD, signed in or not', async () => {
		const { resources, people } = cast!;
		const paths = [...new Set(ROUTES.map((entry) => entry.url(resources).split('?')[0]!))];
		const requests: { path: string; method: 'GET' | 'HEAD'; token: string | null }[] = [];
		for (const path of paths) {
			const segments = path.split('/');
			for (let i = 1; i < segments.length; i++) {
				const values = [
					...MALFORMED_ESCAPES,
					// The escape inside a real segment, not only instead of it.
					...(segments[i] ? ['%', '%E0%A4%A'].map((bad) => segments[i] + bad) : [])
				];
				for (const value of values) {
					const changed = [...segments];
					changed[i] = value;
					for (const method of ['GET', 'HEAD'] as const) {
						for (const token of [null, people.student.token]) {
							requests.push({ path: changed.join('/'), method, token });
						}
					}
				}
			}
		}
		const problems: string[] = [];
		const byStatus = new Map<number, number>();
		await eachLimit(requests, CONCURRENCY, async ({ path, method, token }, i) => {
			const label = `${method} ${path}${token ? ' (signed in)' : ''}`;
			try {
				const response = await fetch(servers[i % servers.length]!.url + path, {
					method,
					headers: {
						accept: 'text/html',
						...(token ? { cookie: `lectern_session=${token}` } : {})
					},
					redirect: 'manual',
					signal: AbortSignal.timeout(30_000)
				});
				const body = await response.text();
				byStatus.set(response.status, (byStatus.get(response.status) ?? 0) + 1);
				// What cannot be decoded is refused; `%00` decodes (to NUL) and may find a page.
				const undecodable = decodeComponent(path) === null;
				if (response.status >= 500 || (undecodable && response.status < 400)) {
					problems.push(`${label}: ${response.status}`);
				}
				if (STACK_FRAME.test(body) || ERROR_WITH_PATH.test(body)) {
					problems.push(`${label}: a stack trace in the answer`);
				}
			} catch (error) {
				problems.push(`${label}: request failed: ${(error as Error).message}`);
			}
		});
		const statuses = [...byStatus].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`);
		console.log(`malformed paths: ${requests.length} requests; ${statuses.join(' ')}`);
		expect(problems.slice(0, 40)).toEqual([]);
		for (const server of servers) {
			expect(await answersHealthy(server.url)).toBe(true);
			expect(server.child.exitCode).toBeNull();
		}
	}, 300_000);

	it('answers malformed, oversized, naughty and unknown input with a 4xx or the form, never a 5xx', async () => {
		const { resources } = cast!;
		const began = Date.now();
		const found = new Map(enumerateRoutes().map((f) => [f.key, f]));

		/** Whom to send an entry as: someone the access table lets use it. */
		const actorFor = (entry: RouteEntry): SubjectKey => {
			if (entry.actAs) return entry.actAs;
			const allowed = HOSTILE_ORDER.find(
				(s) => expectationFor(entry, s, cast!.actor(s), resources).allowed
			);
			if (!allowed) throw new Error(`nobody may use ${entryName(entry)}`);
			return allowed;
		};

		// One entry per route: the one with a plausible form, else the first.
		const byKey = new Map<string, RouteEntry>();
		for (const entry of ROUTES) {
			const known = byKey.get(entry.key);
			if (!known || (!(known.fields ?? known.body) && (entry.fields ?? entry.body))) {
				byKey.set(entry.key, entry);
			}
		}
		expect([...found.keys()].filter((key) => !byKey.has(key))).toEqual([]);

		interface Job {
			entry: RouteEntry;
			kind: 'page' | 'endpoint' | 'action';
			subject: SubjectKey;
			cases: Case[];
		}
		const jobs: Job[] = [];
		for (const entry of byKey.values()) {
			const route = found.get(entry.key);
			if (!route) throw new Error(`${entry.key} is not a route (the access matrix says so too)`);
			const path = entry.url(resources);
			const fields = (entry.fields ?? entry.body)?.(resources) ?? [];
			const cases: Case[] = [];
			if (route.kind === 'action') {
				cases.push(
					...actionCases(entry, fields),
					...pathCases(path, route.routeId, urlencoded(fields)),
					// An LTI login or launch comes from the LMS's site: it is checked by its own proof
					// (a registered platform's signature), and refused with a 4xx without one.
					{
						name: 'cross-origin post',
						body: urlencoded(fields),
						origin: 'https://evil.example',
						expect: (s) => (entry.crossSite ? s >= 400 && s < 500 : s === 403)
					},
					{
						name: 'cross-origin post without an Origin',
						body: urlencoded(fields),
						origin: null,
						expect: (s) => (entry.crossSite ? s >= 400 && s < 500 : s === 403)
					}
				);
			} else {
				cases.push(
					...HOSTILE_QUERIES.map((q, i): Case => ({ name: `query #${i}`, path: path + q })),
					...pathCases(path, route.routeId)
				);
				if (route.kind === 'endpoint') {
					cases.push(
						{
							name: 'POST to a GET endpoint',
							method: 'POST',
							body: '{}',
							contentType: 'application/json'
						},
						{ name: 'DELETE to a GET endpoint', method: 'DELETE' },
						{ name: 'accept: nonsense', headers: { accept: '*/*;q=x, text/<html>' } },
						...[
							'Bearer',
							'Bearer ',
							'Basic dXNlcjpwYXNz',
							`Bearer lectern_${'a'.repeat(10_000)}`,
							"Bearer ' OR 1=1 --",
							`Bearer ${randomUUID()}`,
							'Bearer lectern_%00%ZZ'
						].map((authorization, i): Case => ({
							name: `authorization #${i}`,
							headers: { authorization }
						}))
					);
				}
			}
			jobs.push({ entry, kind: route.kind, subject: actorFor(entry), cases });
		}

		const problems: string[] = [];
		/** Problems of one kind, counted: one line each in the report. */
		const grouped = new Map<string, { count: number; example: string }>();
		const report = (label: string, kind: string, problem: string) => {
			problems.push(`${label}: ${problem}`);
			const key = `${kind}: ${problem.replace(/(\d{3}) .*/, '$1')}`;
			const known = grouped.get(key);
			if (known) known.count++;
			else grouped.set(key, { count: 1, example: `${label}: ${problem}` });
		};
		const counts = {
			requests: 0,
			byStatus: new Map<number, number>(),
			/** Enhanced forms' results by type: they must reach the actions, not stop before. */
			results: new Map<string, number>()
		};
		const timings: [string, number, number][] = [];

		// Form actions go to the first server, pages and endpoints to the second: two processes
		// writing the same rows at once is two-processes.spec.ts's business, not this one's.
		const run = async ({ entry, kind, subject, cases }: Job) => {
			const server = kind === 'action' ? servers[0]! : servers.at(-1)!;
			const method = entry.key.split(' ')[0]!;
			const t0 = Date.now();
			for (const c of cases) {
				const token = entry.endsSession
					? await cast!.freshToken(subject)
					: cast!.people[subject].token;
				const json = c.mode === 'json' || entry.url(resources).startsWith('/api/');
				const headers: Record<string, string> = {
					accept: json ? 'application/json' : 'text/html',
					// Uncompressed: what is read here is the answer, not its encoding (that is
					// compression.spec's), and brotli both ways on ~5,000 pages was a tenth of this
					// file's CPU (110 → 98 CPU-s for the file, server and client).
					'accept-encoding': 'identity',
					...c.headers
				};
				if (token) headers.cookie = `lectern_session=${token}`;
				const verb = c.method ?? method;
				if (verb !== 'GET') {
					if (c.origin !== null) headers.origin = c.origin ?? server.url;
					if (!(c.body instanceof FormData)) {
						headers['content-type'] = c.contentType ?? 'application/x-www-form-urlencoded';
					}
				}
				const label = `${entryName(entry)} as ${subject} — ${c.name}`;
				const kind = `${entryName(entry)} — ${c.name.replace(/ ?#\d+/, '')}`;
				let status: number;
				let body: string;
				let type: string;
				try {
					const response = await fetch(server.url + (c.path ?? entry.url(resources)), {
						method: verb,
						headers,
						body: verb === 'GET' ? undefined : c.body,
						redirect: 'manual',
						signal: AbortSignal.timeout(30_000)
					});
					status = response.status;
					type = response.headers.get('content-type') ?? '';
					body = await response.text();
				} catch (error) {
					report(label, kind, `request failed: ${(error as Error).message}`);
					continue;
				}
				counts.requests++;
				counts.byStatus.set(status, (counts.byStatus.get(status) ?? 0) + 1);
				const snippet = () =>
					(/<title>([^<]*)<\/title>/.exec(body)?.[1] ?? body.slice(0, 160)).replace(/\s+/g, ' ');
				if (status >= 500) report(label, kind, `${status} ${snippet()}`);
				if (STACK_FRAME.test(body) || ERROR_WITH_PATH.test(body)) {
					report(label, kind, `a stack trace in the answer (${status})`);
				}
				if (c.expect && !c.expect(status)) report(label, kind, `unexpected ${status} ${snippet()}`);
				if (c.mode === 'json' && status < 500) {
					// An enhanced form's answer: the action's result, a refusal with its message.
					const result = actionResult(body);
					const type = result ? (JSON.parse(body) as { type: string }).type : 'none';
					counts.results.set(type, (counts.results.get(type) ?? 0) + 1);
					if (!result) report(label, kind, `${status}, not an action result: ${snippet()}`);
					else if (result.status >= 500) report(label, kind, `${result.status} in the result`);
					else if (!result.message) report(label, kind, `refused without a message: ${snippet()}`);
				}
				// A refused form comes back with its message, beside the field or above the form.
				const formBack =
					c.mode !== 'json' &&
					verb === 'POST' &&
					method === 'POST' &&
					type.includes('text/html') &&
					status >= 400 &&
					status < 500 &&
					!ERROR_PAGE.test(body);
				if (formBack && !FORM_MESSAGE.test(body)) {
					report(label, kind, `${status} with the form back but no message`);
				}
			}
			timings.push([entryName(entry), cases.length, Date.now() - t0]);
		};

		// What changes what others rely on (a locked thread, the class, the session) goes last,
		// one at a time.
		const last = (j: Job) =>
			j.entry.destructive || j.entry.endsSession || /\?\/(lock|unlock)$/.test(j.entry.key);
		await eachLimit(
			jobs.filter((j) => !last(j)),
			CONCURRENCY,
			run
		);
		await eachLimit(jobs.filter(last), 1, run);
		// Give the server a moment to flush what it logs.
		await new Promise((r) => setTimeout(r, 200));

		const stderr = servers.map((s) => s.stderr()).join('\n');
		const logged = stderr
			.split('\n')
			.filter((line) => /^\[[0-9a-f-]{36}\]|Error|Unhandled|^\s+at /.test(line))
			.slice(0, 40);

		const statuses = [...counts.byStatus].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`);
		const results = [...counts.results].map(([t, n]) => `${t}×${n}`);
		const actions = jobs.filter((j) => j.kind === 'action').length;
		const endpoints = jobs.filter((j) => j.kind === 'endpoint').length;
		console.log(
			`hostile input: ${actions} form actions, ${endpoints} endpoints, ${jobs.length - actions - endpoints} pages; ${counts.requests} requests in ${Date.now() - began} ms; ${statuses.join(' ')}; enhanced: ${results.join(' ')}`
		);
		const slowest = timings.sort((a, b) => b[2] - a[2]).slice(0, 5);
		console.log(`slowest: ${slowest.map(([n, c, ms]) => `${n} (${c}) ${ms} ms`).join('; ')}`);
		if (problems.length) {
			console.log(
				[...grouped]
					.map(([key, { count, example }]) => `${count}× ${key}\n     e.g. ${example}`)
					.join('\n')
			);
		}
		if (logged.length) console.log(`server stderr:\n${stderr.slice(0, 4000)}`);
		expect(
			{ problems: problems.length, logged },
			'hostile requests mishandled, or errors logged'
		).toEqual({ problems: 0, logged: [] });
	}, 300_000);
});

describe('hostile `next` values on /login and /signup', () => {
	// A server of its own, reading each request's address from a header, so that every case
	// comes from its own address with its own account: the sign-in limits (5 per account,
	// 30 per address) and the sign-up limits never decide a case.
	let build: ReturnType<typeof prepareBuild> | undefined;
	let database: ReturnType<typeof tempDatabaseUrl> | undefined;
	afterAll(async () => {
		await stopAllServers();
		build?.remove();
		if (database) rmSync(database.dir, { recursive: true, force: true });
	});

	it(
		'never answers 5xx and never sends anyone off the site, signed in or signing in',
		async () => {
			build = prepareBuild();
			// A copy of the migrated, seeded database: what a new one's first start would make.
			database = await seededDatabaseUrl(build);
			const server = await startServer({
				build,
				databaseUrl: database.url,
				env: { ADDRESS_HEADER: 'x-lectern-test-address' }
			});
			const client = openClient(database.url);
			const [learner] = await mintUsers(client, 1, 'next');
			const password = `a long passphrase ${randomUUID()}`;
			const passwordHash = await hashPassword(password);
			let address = 0;
			const problems: string[] = [];
			const check = async (
				label: string,
				path: string,
				init: { method: 'GET' | 'POST'; token?: string; form?: [string, string][] },
				expectRedirect: boolean
			) => {
				const headers: Record<string, string> = {
					accept: 'text/html',
					'x-lectern-test-address': `10.0.${Math.floor(++address / 250)}.${address % 250}`
				};
				if (init.token) headers.cookie = `lectern_session=${init.token}`;
				if (init.method === 'POST') {
					headers.origin = server.url;
					headers['content-type'] = 'application/x-www-form-urlencoded';
				}
				const response = await fetch(server.url + path, {
					method: init.method,
					headers,
					body: init.form && urlencoded(init.form),
					redirect: 'manual',
					signal: AbortSignal.timeout(30_000)
				});
				const body = await response.text();
				const location = response.headers.get('location');
				if (response.status >= 500) problems.push(`${label}: ${response.status}`);
				if (STACK_FRAME.test(body) || ERROR_WITH_PATH.test(body)) {
					problems.push(`${label}: a stack trace in the answer`);
				}
				// The case must reach the redirect it is about (signed in, or the right password).
				if (expectRedirect && (response.status !== 303 || !location)) {
					problems.push(`${label}: ${response.status}, no redirect`);
				}
				if (location !== null) {
					let origin: string | null = null;
					try {
						origin = new URL(location, server.url).origin;
					} catch {
						// unparsable: reported below
					}
					if (origin !== new URL(server.url).origin) {
						problems.push(`${label}: Location ${JSON.stringify(location)} leaves the site`);
					}
				}
			};

			for (const next of HOSTILE_NEXT) {
				for (const page of ['/login', '/signup']) {
					await check(
						`GET ${page}?next=${next} signed in`,
						`${page}?next=${next}`,
						{ method: 'GET', token: learner!.token },
						true
					);
				}
				// Sign in with the right password, as an account of its own.
				const id = randomUUID();
				const email = `next-${id.slice(0, 8)}@lectern.test`;
				await client.execute({
					sql: 'INSERT INTO users (id, email, display_name, role, password_hash) VALUES (?, ?, ?, ?, ?)',
					args: [id, email, 'Next reader', 'learner', passwordHash]
				});
				await check(
					`POST /login?next=${next}`,
					`/login?next=${next}`,
					{
						method: 'POST',
						form: [
							['identifier', email],
							['password', password]
						]
					},
					true
				);
				await check(
					`POST /signup?next=${next}`,
					`/signup?next=${next}`,
					{
						method: 'POST',
						form: [
							['email', `signup-${randomUUID().slice(0, 8)}@lectern.test`],
							['displayName', 'New reader'],
							['password', password]
						]
					},
					true
				);
			}
			client.close();
			expect(problems).toEqual([]);
			expect(await answersHealthy(server.url)).toBe(true);
			const logged = server
				.stderr()
				.split('\n')
				.filter((line) => /^\[[0-9a-f-]{36}\]|Error|Unhandled/.test(line));
			expect(logged).toEqual([]);
		},
		PREPARE_TIMEOUT_MS + 120_000
	);
});
