// Every route of the app, found on disk, and the table that says what governs each one: the
// concrete request to send (with the cast's ids), and the checks of the access module that
// decide who gets through. The access-matrix suite fails when a route, endpoint or form action
// in src/routes has no entry here, or an entry names one that no longer exists; the hostile-
// input suite feeds every action and endpoint listed here.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { can, type Action, type Actor, type Relation } from '../../../src/lib/access';
import type { Resources, SubjectKey } from './cast';
import { REPO_ROOT } from './database';

// ---- The routes on disk ------------------------------------------------------------------

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS' | 'HEAD';

export interface FoundRoute {
	/** `GET /classes/[id]`, `GET /healthz`, `POST /classes/[id]?/settings`, `POST /login`. */
	key: string;
	method: Method;
	/** SvelteKit's route id: the folder under src/routes. */
	routeId: string;
	kind: 'page' | 'endpoint' | 'action';
	/** The named form action (`default` for a page's only action). */
	action?: string;
	file: string;
}

export const ROUTES_DIR = join(REPO_ROOT, 'src/routes');

const ENDPOINT_METHOD =
	/export\s+(?:const|let|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE|OPTIONS|HEAD|fallback)\b/g;

/** Skips a string, template literal or comment starting at `i`; returns the index after it. */
function skipNonCode(text: string, i: number): number {
	const c = text[i];
	if (c === '/' && text[i + 1] === '/') {
		const end = text.indexOf('\n', i);
		return end < 0 ? text.length : end;
	}
	if (c === '/' && text[i + 1] === '*') {
		const end = text.indexOf('*/', i + 2);
		return end < 0 ? text.length : end + 2;
	}
	if (c === '"' || c === "'" || c === '`') {
		let j = i + 1;
		while (j < text.length && text[j] !== c) {
			if (text[j] === '\\') j++;
			else if (c === '`' && text[j] === '$' && text[j + 1] === '{') {
				// A template's `${…}`: skip to its closing brace.
				let depth = 1;
				j += 2;
				while (j < text.length && depth > 0) {
					const k = skipNonCode(text, j);
					if (k !== j) {
						j = k;
						continue;
					}
					if (text[j] === '{') depth++;
					else if (text[j] === '}') depth--;
					j++;
				}
				continue;
			}
			j++;
		}
		return j + 1;
	}
	return i;
}

const PROPERTY = /^\s*(?:async\s+)?(?:([A-Za-z_$][\w$]*)|'([^']*)'|"([^"]*)")\s*[:(]/;

/**
 * The keys of `export const actions = { … }` (the object's own properties, at its top level),
 * found by a regex at each property start while walking the object's braces. Actions a shared
 * factory builds (`export const actions = threadActions(scope)`) are the keys of the object that
 * factory returns, read from the module `readModule` finds for the import it names.
 */
export function actionNames(
	source: string,
	readModule: (specifier: string) => string | undefined = () => undefined
): string[] {
	const literal = /export\s+const\s+actions\b[^=]*=\s*(?:\(\s*)?\{/.exec(source);
	if (literal) return objectKeys(source, literal.index + literal[0].length);
	const factory = /export\s+const\s+actions\b[^=]*=\s*([A-Za-z_$][\w$]*)\s*\(/.exec(source)?.[1];
	const from = factory
		? new RegExp(`import\\s*\\{[^}]*\\b${factory}\\b[^}]*\\}\\s*from\\s*'([^']+)'`).exec(
				source
			)?.[1]
		: undefined;
	const module = from ? readModule(from) : undefined;
	if (!factory || !module) return [];
	const body = new RegExp(`export\\s+function\\s+${factory}\\b`).exec(module);
	if (!body) return [];
	const rest = module.slice(body.index);
	const end = rest.slice(1).search(/\n\s*export\s/);
	const returned = [
		...rest.slice(0, end < 0 ? undefined : end + 1).matchAll(/\breturn\s*\{/g)
	].pop();
	if (!returned) return [];
	return objectKeys(module, body.index + returned.index! + returned[0].length);
}

/** The keys of the object literal whose `{` ends just before `from`. */
function objectKeys(source: string, from: number): string[] {
	const names: string[] = [];
	let depth = 1;
	let i = from;
	let atProperty = true;
	while (i < source.length && depth > 0) {
		if (atProperty && depth === 1) {
			// Whitespace and comments may come before the key.
			let j = i;
			for (;;) {
				while (/\s/.test(source[j] ?? '')) j++;
				const k = source[j] === '/' ? skipNonCode(source, j) : j;
				if (k === j) break;
				j = k;
			}
			const m = PROPERTY.exec(source.slice(j, j + 200));
			if (m) names.push(m[1] ?? m[2] ?? m[3]!);
			atProperty = false;
		}
		const k = skipNonCode(source, i);
		if (k !== i) {
			i = k;
			continue;
		}
		const c = source[i]!;
		if (c === '{' || c === '(' || c === '[') depth++;
		else if (c === '}' || c === ')' || c === ']') depth--;
		else if (c === ',' && depth === 1) atProperty = true;
		i++;
	}
	return names;
}

/** The source of a `$lib/…` module a route imports, or `undefined`. */
function readLibModule(specifier: string): string | undefined {
	if (!specifier.startsWith('$lib/')) return undefined;
	const path = join(REPO_ROOT, 'src/lib', `${specifier.slice('$lib/'.length)}.ts`);
	try {
		return readFileSync(path, 'utf8');
	} catch {
		return undefined;
	}
}

/** Every page, endpoint method and form action under src/routes, as the filesystem has them. */
export function enumerateRoutes(dir = ROUTES_DIR): FoundRoute[] {
	const found: FoundRoute[] = [];
	const walk = (folder: string) => {
		const names = readdirSync(folder).sort();
		// A group's folder, `(name)`, is not part of the URL: its routes are keyed without it.
		const routeId = ('/' + relative(dir, folder).split(sep).join('/')).replace(/\/\([^/]+\)/g, '');
		const id = routeId === '' || routeId === '/' ? '/' : routeId.replace(/\/$/, '');
		const has = (name: string) => names.includes(name);
		const pageServer = ['+page.server.ts', '+page.server.js'].find(has);
		if (has('+page.svelte') || pageServer || has('+page.ts') || has('+page.js')) {
			found.push({
				key: `GET ${id}`,
				method: 'GET',
				routeId: id,
				kind: 'page',
				file: join(folder, pageServer ?? '+page.svelte')
			});
		}
		if (pageServer) {
			const file = join(folder, pageServer);
			for (const action of actionNames(readFileSync(file, 'utf8'), readLibModule)) {
				found.push({
					key: action === 'default' ? `POST ${id}` : `POST ${id}?/${action}`,
					method: 'POST',
					routeId: id,
					kind: 'action',
					action,
					file
				});
			}
		}
		const server = ['+server.ts', '+server.js'].find(has);
		if (server) {
			const file = join(folder, server);
			const methods = new Set(
				[...readFileSync(file, 'utf8').matchAll(ENDPOINT_METHOD)].map((m) => m[1]!)
			);
			for (const method of methods) {
				found.push({
					key: `${method} ${id}`,
					method: method as Method,
					routeId: id,
					kind: 'endpoint',
					file
				});
			}
		}
		for (const name of names) {
			const path = join(folder, name);
			if (statSync(path).isDirectory()) walk(path);
		}
	};
	walk(dir);
	return found;
}

// ---- What governs each route ---------------------------------------------------------------

/** Relationship facts for one subject and the cast's resources. */
type RelationOf = (subject: SubjectKey, r: Resources) => Relation;

export type Check =
	| {
			action: Action;
			relation?: RelationOf;
			/** Whoever fails this check gets a 404 (class resources: not even their existence shows). */
			deny?: 404;
			/** The check applies only to these subjects (others pass it). */
			only?: readonly SubjectKey[];
	  }
	/** Passes when any of these does (e.g. a public moderator, or the teacher of the user). */
	| { anyOf: Check[] }
	/**
	 * The resource is private to its owner: anyone else gets a 404. Not in the access table
	 * (quiz attempts are open to every subject, guests included, but each to its own taker).
	 */
	| { ownedBy: SubjectKey };

export interface RouteEntry {
	/** One of `enumerateRoutes()`'s keys. */
	key: string;
	/** Tells apart several entries of one key. */
	variant?: string;
	/** The concrete path (and query) to request. */
	url: (r: Resources) => string;
	/** Every check must pass; `[]`: open to everyone. */
	gate: Check[];
	/**
	 * The form the access matrix sends: minimal, often invalid (an allowed subject may get a 400
	 * with a message; a denied one must be refused before any validation).
	 */
	body?: (r: Resources) => [string, string][];
	/** A plausible, valid form for the hostile suite to spoil field by field (default: `body`). */
	fields?: (r: Resources) => [string, string][];
	/** Fields sent as files (multipart). */
	files?: readonly string[];
	/** The request ends the subject's session: send it with a fresh one. */
	endsSession?: true;
	/** Whom the hostile suite sends it as (default: the first allowed in `HOSTILE_ORDER`). */
	actAs?: SubjectKey;
	/** It destroys what later requests need (the class, the account): the hostile suite runs it last. */
	destructive?: true;
	/** An LMS posts it from its own site (LTI): a cross-origin post is its normal use, not refused. */
	crossSite?: true;
}

const CLASS_OF: Record<
	SubjectKey,
	{ A: 'teacher' | 'member' | null; B: 'teacher' | 'member' | null }
> = {
	anonymous: { A: null, B: null },
	student: { A: 'member', B: null },
	otherStudent: { A: null, B: 'member' },
	teacher: { A: 'teacher', B: null },
	otherTeacher: { A: null, B: 'teacher' },
	moderator: { A: null, B: null },
	admin: { A: null, B: null }
};

/** How a subject stands to class A or B, as the cast set it up. */
export const classRelationOf = (subject: SubjectKey, cls: 'A' | 'B') => CLASS_OF[subject][cls];

const self: RelationOf = (s, r) => ({ ownerId: r.people[s].id });
const ownedByStudent: RelationOf = (_s, r) => ({ ownerId: r.people.student.id });
const classA: RelationOf = (s) => ({ classRelation: classRelationOf(s, 'A') });
const classB: RelationOf = (s) => ({ classRelation: classRelationOf(s, 'B') });

const signedIn: Check = { action: 'account.manage', relation: self };
/** A class's resource: outsiders get a 404. */
const inA = (action: Action): Check => ({ action, relation: classA, deny: 404 });
const inB = (action: Action): Check => ({ action, relation: classB, deny: 404 });

const lesson = (r: Resources) => `/lessons/${r.article.slug}`;
const publicThread = (r: Resources) => `${lesson(r)}/discuss/${r.prompt}`;
const classPage = (r: Resources) => `/classes/${r.classA}`;
const classThread = (r: Resources) => `/classes/${r.classA}/discuss/${r.article.slug}/${r.prompt}`;

/** The posting forms of a thread (public or a class's), with what governs each. */
function threadActions(
	route: string,
	path: (r: Resources) => string,
	pick: (r: Resources) => { post: string; toDelete: string },
	view: Check[],
	moderate: Check,
	moderator: SubjectKey,
	reporter: SubjectKey
): RouteEntry[] {
	const create: Check = { action: 'post.create' };
	return [
		{
			key: `POST ${route}?/post`,
			url: (r) => `${path(r)}?/post`,
			gate: [...view, create],
			fields: () => [['body', 'A thoughtful answer.']]
		},
		{
			key: `POST ${route}?/reply`,
			url: (r) => `${path(r)}?/reply`,
			gate: [...view, create],
			body: (r) => [['parentId', pick(r).post]],
			fields: (r) => [
				['parentId', pick(r).post],
				['body', 'A reply.']
			]
		},
		{
			key: `POST ${route}?/edit`,
			url: (r) => `${path(r)}?/edit`,
			gate: [...view, create, { action: 'post.edit', relation: ownedByStudent }],
			body: (r) => [['postId', pick(r).post]],
			fields: (r) => [
				['postId', pick(r).post],
				['body', 'An edited answer.']
			]
		},
		{
			key: `POST ${route}?/delete`,
			url: (r) => `${path(r)}?/delete`,
			gate: [...view, create, { action: 'post.delete', relation: ownedByStudent }],
			body: (r) => [['postId', pick(r).toDelete]],
			destructive: true
		},
		{
			key: `POST ${route}?/report`,
			url: (r) => `${path(r)}?/report`,
			gate: [...view, { action: 'post.report' }],
			fields: (r) => [
				['postId', pick(r).post],
				['reason', 'spam'],
				['note', 'A note.']
			],
			// Someone other than the author reports it.
			actAs: reporter
		},
		{
			key: `POST ${route}?/lock`,
			url: (r) => `${path(r)}?/lock`,
			gate: [...view, moderate],
			actAs: moderator
		},
		{
			key: `POST ${route}?/unlock`,
			url: (r) => `${path(r)}?/unlock`,
			gate: [...view, moderate],
			actAs: moderator
		},
		{
			key: `POST ${route}?/hide`,
			url: (r) => `${path(r)}?/hide`,
			gate: [...view, moderate],
			fields: (r) => [
				['postId', pick(r).post],
				['reason', 'Off topic.']
			],
			actAs: moderator
		},
		{
			key: `POST ${route}?/restore`,
			url: (r) => `${path(r)}?/restore`,
			gate: [...view, moderate],
			fields: (r) => [['postId', pick(r).post]],
			actAs: moderator
		}
	];
}

const moderationView: Check = { action: 'moderation.view' };
const actPublic: Check = { action: 'moderation.actPublic' };
const actClassA: Check = { action: 'moderation.actClass', relation: classA };

/** One moderation form, on a public and on a class A resource. */
function moderationAction(
	action: string,
	fields: (r: Resources, scope: 'public' | 'class') => [string, string][]
): RouteEntry[] {
	const url = () => `/moderation?/${action}`;
	return [
		// Empty: anyone who may see the queue gets the form back with a message.
		{ key: `POST /moderation?/${action}`, url, gate: [moderationView], actAs: 'moderator' },
		{
			key: `POST /moderation?/${action}`,
			variant: 'public',
			url,
			gate: [moderationView, actPublic],
			body: (r) => fields(r, 'public'),
			actAs: 'moderator'
		},
		{
			key: `POST /moderation?/${action}`,
			variant: 'class A',
			url,
			gate: [moderationView, actClassA],
			body: (r) => fields(r, 'class'),
			actAs: 'teacher'
		}
	];
}

const post = (r: Resources, scope: 'public' | 'class') =>
	scope === 'public' ? r.publicPostToModerate : r.classPostToModerate;
const thread = (r: Resources, scope: 'public' | 'class') =>
	scope === 'public' ? r.publicThread : r.classThreadA;

/** The bundled article's editors: it has no owner, so only admins. */
const editArticle: Check = {
	action: 'article.edit',
	relation: () => ({ ownerId: null }),
	deny: 404
};
const editor = (r: Resources) => `${lesson(r)}/edit/${r.section}`;
/** A question of the bundled bank in the cast's module (its first, the introduction). */
const EDITED_QUESTION = 'q-intro-period';

/** The question editor's pages and forms. */
function editorRoutes(): RouteEntry[] {
	const onList = ['accept', 'discard', 'archive', 'restore', 'up', 'down'].map(
		(action): RouteEntry => ({
			key: `POST /lessons/[article]/edit/[section]?/${action}`,
			url: (r) => `${editor(r)}?/${action}`,
			gate: [editArticle],
			// A question the article does not have: the editor gets the list back with a message.
			body: () => [['question', 'no-such-question']]
		})
	);
	const answerFields = (): [string, string][] => [
		['text', 'When does the period the documents capture fall?'],
		['accepted', 'the early 2000s\nearly 2000s'],
		['quote', 'during the early 2000s'],
		['explanation', 'The article dates the talks to the early 2000s.']
	];
	return [
		{ key: 'GET /lessons/[article]/edit', url: (r) => `${lesson(r)}/edit`, gate: [editArticle] },
		{ key: 'GET /lessons/[article]/edit/[section]', url: editor, gate: [editArticle] },
		...onList,
		{
			key: 'POST /lessons/[article]/edit/[section]?/acceptAll',
			url: (r) => `${editor(r)}?/acceptAll`,
			gate: [editArticle]
		},
		{
			key: 'GET /lessons/[article]/edit/[section]/new',
			url: (r) => `${editor(r)}/new?type=short`,
			gate: [editArticle]
		},
		{
			key: 'POST /lessons/[article]/edit/[section]/new',
			url: (r) => `${editor(r)}/new?type=short`,
			gate: [editArticle],
			fields: answerFields
		},
		{
			key: 'GET /lessons/[article]/edit/[section]/[question]',
			url: (r) => `${editor(r)}/${EDITED_QUESTION}`,
			gate: [editArticle]
		},
		{
			key: 'POST /lessons/[article]/edit/[section]/[question]',
			url: (r) => `${editor(r)}/${EDITED_QUESTION}`,
			gate: [editArticle],
			fields: answerFields
		}
	];
}

/** The source-marks editor of a module (issue 13): its page and forms. */
function marksEditorRoutes(): RouteEntry[] {
	const marks = (r: Resources) => `${editor(r)}/marks`;
	const on = (field: 'mark' | 'contradiction', actions: string[]) =>
		actions.map((action): RouteEntry => ({
			key: `POST /lessons/[article]/edit/[section]/marks?/${action}`,
			url: (r) => `${marks(r)}?/${action}`,
			gate: [editArticle],
			// A claim the module does not have: the editor gets the page back with a message.
			body: () => [[field, 'no-such-claim']]
		}));
	const markFields = (): [string, string][] => [
		['kind', 'named'],
		['source', 'the documents'],
		['speaker', ''],
		['note', 'Credited in the sentence.']
	];
	return [
		{ key: 'GET /lessons/[article]/edit/[section]/marks', url: marks, gate: [editArticle] },
		...on('mark', ['confirm', 'remove', 'restore']),
		...on('contradiction', ['confirmLink', 'removeLink', 'restoreLink']),
		{
			key: 'POST /lessons/[article]/edit/[section]/marks?/correct',
			url: (r) => `${marks(r)}?/correct`,
			gate: [editArticle],
			fields: () => [['mark', 'no-such-claim'], ...markFields()]
		},
		{
			key: 'POST /lessons/[article]/edit/[section]/marks?/editLink',
			url: (r) => `${marks(r)}?/editLink`,
			gate: [editArticle],
			fields: () => [
				['contradiction', 'no-such-claim'],
				['subject', 'the period'],
				['note', 'Two periods are given.']
			]
		},
		{
			key: 'POST /lessons/[article]/edit/[section]/marks?/add',
			url: (r) => `${marks(r)}?/add`,
			gate: [editArticle],
			fields: () => [['quote', 'during the early 2000s'], ...markFields()]
		},
		{
			key: 'POST /lessons/[article]/edit/[section]/marks?/link',
			url: (r) => `${marks(r)}?/link`,
			gate: [editArticle],
			fields: (r) => [
				['quoteA', 'during the early 2000s'],
				['sectionB', r.section],
				['quoteB', 'no such passage'],
				['subject', 'the period'],
				['note', 'Two periods are given.']
			]
		}
	];
}

/** Every route, endpoint and form action, with the request to send and what governs it. */
export const ROUTES: RouteEntry[] = [
	// -- Reading ------------------------------------------------------------------------------
	{ key: 'GET /', url: () => '/', gate: [{ action: 'article.read' }] },
	{ key: 'GET /lessons/[article]', url: lesson, gate: [{ action: 'article.read' }] },
	{
		key: 'GET /lessons/[article]/[section]',
		url: (r) => `${lesson(r)}/${r.section}`,
		gate: [{ action: 'article.read' }]
	},
	{
		key: 'POST /lessons/[article]/[section]?/read',
		url: (r) => `${lesson(r)}/${r.section}?/read`,
		gate: [{ action: 'progress.record' }]
	},
	{
		key: 'POST /lessons/[article]/[section]?/unread',
		url: (r) => `${lesson(r)}/${r.section}?/unread`,
		gate: [{ action: 'progress.record' }]
	},
	{
		key: 'POST /lessons/[article]/[section]?/marks',
		url: (r) => `${lesson(r)}/${r.section}?/marks`,
		gate: [{ action: 'article.read' }],
		body: () => [['show', 'off']]
	},
	{
		key: 'GET /api/v1/articles',
		url: () => '/api/v1/articles',
		gate: [{ action: 'article.read' }]
	},
	{
		key: 'GET /api/v1/articles/[slug]',
		url: (r) => `/api/v1/articles/${r.article.slug}`,
		gate: [{ action: 'article.read' }]
	},
	// An article's claims, for anyone who may read it (the cast's article is published).
	{
		key: 'GET /api/v1/articles/[slug]/claims',
		url: (r) => `/api/v1/articles/${r.article.slug}/claims`,
		gate: [{ action: 'article.read' }]
	},
	// An article's question bank, for its editors: the cast's article is the bundled one, which
	// has no owner, so only admins may; everyone else gets the 404 a missing article gets.
	...['questions', 'questions.gift', 'questions.moodle.xml', 'questions.qti.zip'].map(
		(file): RouteEntry => ({
			key: `GET /api/v1/articles/[slug]/${file}`,
			url: (r) => `/api/v1/articles/${r.article.slug}/${file}`,
			gate: [{ action: 'article.edit', relation: () => ({ ownerId: null }), deny: 404 }]
		})
	),
	{ key: 'GET /api/v1/openapi.json', url: () => '/api/v1/openapi.json', gate: [] },
	{ key: 'GET /healthz', url: () => '/healthz', gate: [] },

	// -- LTI 1.3: the LMS's requests carry their own proof (a registered platform's signature, a
	// one-time token), so every subject gets the same answer: a page, or a refusal with reasons.
	{ key: 'GET /lti/jwks', url: () => '/lti/jwks', gate: [] },
	{ key: 'GET /lti/login', url: () => '/lti/login', gate: [] },
	{
		key: 'POST /lti/login',
		url: () => '/lti/login',
		gate: [],
		crossSite: true,
		fields: () => [
			['iss', 'https://lms.example'],
			['login_hint', 'someone'],
			['target_link_uri', 'https://lms.example/elsewhere']
		]
	},
	{ key: 'GET /lti/launch', url: () => '/lti/launch', gate: [] },
	{
		key: 'POST /lti/launch',
		url: () => '/lti/launch',
		gate: [],
		crossSite: true,
		fields: () => [
			['id_token', 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL2xtcy5leGFtcGxlIn0.c2ln'],
			['state', 'not-a-login']
		]
	},
	{ key: 'GET /lti/enter', url: () => '/lti/enter', gate: [] },
	{ key: 'GET /lti/deep-link', url: () => '/lti/deep-link', gate: [] },
	{
		key: 'POST /lti/deep-link',
		url: () => '/lti/deep-link',
		gate: [],
		crossSite: true,
		fields: (r) => [
			['t', 'not-a-token'],
			['articleSlug', r.article.slug],
			['part', 'all'],
			['requireQuiz', 'on'],
			['dueAt', '2030-01-31T17:00']
		]
	},
	{ key: 'GET /lti/register', url: () => '/lti/register', gate: [] },
	{
		key: 'POST /lti/register',
		url: () => '/lti/register',
		gate: [],
		fields: () => [
			['openid_configuration', 'http://127.0.0.1:9/.well-known/openid-configuration'],
			['key', 'not-a-key']
		]
	},

	// -- The question editor: the article's owner while a teacher, and admins (the bundled article
	// has no owner: admins only); everyone else the 404 of an absent article -------------------
	...editorRoutes(),
	...marksEditorRoutes(),

	// -- Quizzes and review ------------------------------------------------------------------
	{
		key: 'GET /lessons/[article]/quiz',
		url: (r) => `${lesson(r)}/quiz`,
		gate: [{ action: 'quiz.take' }]
	},
	{
		key: 'POST /lessons/[article]/quiz?/start',
		url: (r) => `${lesson(r)}/quiz?/start`,
		gate: [{ action: 'quiz.take' }],
		fields: () => [['scope', 'article']]
	},
	{
		key: 'GET /lessons/[article]/quiz/[attempt]',
		url: (r) => `${lesson(r)}/quiz/${r.attempt}`,
		gate: [{ action: 'quiz.take' }, { ownedBy: 'student' }]
	},
	{
		key: 'POST /lessons/[article]/quiz/[attempt]?/submit',
		url: (r) => `${lesson(r)}/quiz/${r.attempt}?/submit`,
		gate: [{ action: 'quiz.take' }, { ownedBy: 'student' }],
		fields: (r) => r.quizAnswer,
		// A submission ends the open attempt that `?/save` works on: a save racing it was answered
		// for an open attempt and rendered for a submitted one (its refusal then had no form to
		// show its message in).
		destructive: true
	},
	{
		key: 'POST /lessons/[article]/quiz/[attempt]?/save',
		url: (r) => `${lesson(r)}/quiz/${r.attempt}?/save`,
		gate: [{ action: 'quiz.take' }, { ownedBy: 'student' }],
		fields: (r) => r.quizAnswer
	},
	{ key: 'GET /review', url: () => '/review', gate: [{ action: 'review.use' }] },
	{
		key: 'POST /review?/answer',
		url: () => '/review?/answer',
		gate: [{ action: 'review.use' }],
		fields: () => [
			['article', 'no-such-article'],
			['question', 'no-such-review']
		]
	},

	// -- Accounts ----------------------------------------------------------------------------
	{ key: 'GET /login', url: () => '/login', gate: [] },
	{
		key: 'POST /login',
		url: () => '/login',
		gate: [],
		fields: () => [
			['identifier', 'nobody@lectern.test'],
			['password', 'correct horse battery staple']
		],
		actAs: 'anonymous'
	},
	{ key: 'GET /signup', url: () => '/signup', gate: [] },
	{
		key: 'POST /signup',
		url: () => '/signup',
		gate: [],
		fields: () => [
			['email', 'new@lectern.test'],
			['displayName', 'New Reader'],
			['password', 'correct horse battery staple'],
			['teacher', 'on']
		],
		actAs: 'anonymous'
	},
	{ key: 'GET /signup/requested', url: () => '/signup/requested', gate: [signedIn] },
	// A forgotten password: open to all (this server sends no mail, so the form says so).
	{ key: 'GET /forgot', url: () => '/forgot', gate: [] },
	{
		key: 'POST /forgot',
		url: () => '/forgot',
		gate: [],
		fields: () => [['email', 'nobody@lectern.test']],
		actAs: 'anonymous'
	},
	{ key: 'GET /reset/[token]', url: () => '/reset/not-a-token', gate: [] },
	{
		key: 'POST /reset/[token]',
		url: () => '/reset/not-a-token',
		gate: [],
		fields: () => [
			['password', 'correct horse battery staple'],
			['confirm', 'correct horse battery staple']
		],
		actAs: 'anonymous'
	},
	{ key: 'GET /logout', url: () => '/logout', gate: [] },
	{ key: 'POST /logout', url: () => '/logout', gate: [], endsSession: true },
	{ key: 'GET /account', url: () => '/account', gate: [signedIn] },
	{ key: 'GET /account/export', url: () => '/account/export', gate: [signedIn] },
	{
		key: 'POST /account?/profile',
		url: () => '/account?/profile',
		gate: [signedIn],
		fields: () => [['displayName', 'Renamed']]
	},
	{
		key: 'POST /account?/password',
		url: () => '/account?/password',
		gate: [signedIn],
		fields: () => [
			['current', 'not the password'],
			['password', 'a brand new passphrase'],
			['confirm', 'a brand new passphrase']
		]
	},
	{
		key: 'POST /account?/delete',
		url: () => '/account?/delete',
		gate: [signedIn],
		fields: () => [
			['deletePassword', 'not the password'],
			['confirm', 'on']
		],
		destructive: true
	},
	{
		key: 'POST /account?/createToken',
		url: () => '/account?/createToken',
		gate: [{ action: 'apiToken.manage' }],
		fields: () => [['tokenName', 'Spreadsheet']]
	},
	{
		key: 'POST /account?/revokeToken',
		url: () => '/account?/revokeToken',
		gate: [{ action: 'apiToken.revoke', relation: self }],
		fields: () => [['tokenId', '00000000-0000-4000-8000-000000000000']]
	},

	// -- Public discussion -------------------------------------------------------------------
	{
		key: 'GET /lessons/[article]/discuss',
		url: (r) => `${lesson(r)}/discuss`,
		gate: [{ action: 'thread.read' }]
	},
	{
		key: 'GET /lessons/[article]/discuss/[n]',
		url: publicThread,
		gate: [{ action: 'thread.read' }]
	},
	{
		key: 'GET /lessons/[article]/discuss/[n]/post/[id]',
		url: (r) => `${publicThread(r)}/post/${r.publicPost}`,
		gate: [{ action: 'thread.read' }]
	},
	...threadActions(
		'/lessons/[article]/discuss/[n]',
		publicThread,
		(r) => ({ post: r.publicPost, toDelete: r.publicPostToDelete }),
		[{ action: 'thread.read' }],
		actPublic,
		'moderator',
		'otherStudent'
	),

	// -- Moderation ----------------------------------------------------------------------------
	{ key: 'GET /moderation', url: () => '/moderation', gate: [moderationView] },
	...moderationAction('hide', (r, s) => [
		['postId', post(r, s)],
		['reason', 'Off topic.']
	]),
	...moderationAction('restore', (r, s) => [['postId', post(r, s)]]),
	...moderationAction('dismiss', (r, s) => [['postId', post(r, s)]]),
	...moderationAction('approve', (r, s) => [['postId', post(r, s)]]),
	...moderationAction('lock', (r, s) => [['threadId', thread(r, s)]]),
	...moderationAction('unlock', (r, s) => [['threadId', thread(r, s)]]),
	{
		key: 'POST /moderation?/suspend',
		url: () => '/moderation?/suspend',
		gate: [moderationView],
		actAs: 'moderator'
	},
	{
		key: 'POST /moderation?/suspend',
		variant: 'a learner, site-wide',
		url: () => '/moderation?/suspend',
		// Site-wide: moderators suspend learners, admins anyone.
		gate: [moderationView, actPublic],
		body: (r) => [
			['userId', r.bystander],
			['reason', 'Spamming everywhere.'],
			['duration', '1d']
		],
		actAs: 'moderator'
	},
	{
		key: 'POST /moderation?/suspend',
		variant: 'a student of class A, in class A',
		url: () => '/moderation?/suspend',
		// In one class: its teacher suspends its students.
		gate: [moderationView, actClassA],
		body: (r) => [
			['userId', r.bystander],
			['classId', r.classA],
			['reason', 'Spamming the class.'],
			['duration', '1d']
		],
		actAs: 'teacher'
	},
	{ key: 'POST /moderation?/lift', url: () => '/moderation?/lift', gate: [moderationView] },
	{
		key: 'POST /moderation?/lift',
		variant: 'a learner, site-wide',
		url: () => '/moderation?/lift',
		gate: [moderationView, actPublic],
		body: (r) => [['userId', r.bystander]],
		actAs: 'moderator'
	},
	{
		key: 'POST /moderation?/lift',
		variant: 'a student of class A, in class A',
		url: () => '/moderation?/lift',
		gate: [moderationView, actClassA],
		body: (r) => [
			['userId', r.bystander],
			['classId', r.classA]
		],
		actAs: 'teacher'
	},

	// -- Classes -------------------------------------------------------------------------------
	{ key: 'GET /classes', url: () => '/classes', gate: [signedIn] },
	{
		key: 'POST /classes?/create',
		url: () => '/classes?/create',
		gate: [{ action: 'class.create' }],
		fields: () => [
			['name', 'Year 9 history'],
			['description', 'Tuesdays.'],
			['timeZone', 'Europe/Berlin']
		]
	},
	{ key: 'GET /classes/[id]', url: classPage, gate: [inA('class.view')] },
	{
		key: 'GET /classes/[id]',
		variant: 'class B',
		url: (r) => `/classes/${r.classB}`,
		gate: [inB('class.view')]
	},
	// The class's rooms: the layout lets its teacher and students in, each room its teacher.
	...(['assignments', 'gradebook', 'insights', 'students', 'settings'] as const).map(
		(room): RouteEntry => ({
			key: `GET /classes/[id]/${room}`,
			url: (r) => `${classPage(r)}/${room}`,
			gate: [inA('class.manage')]
		})
	),
	{
		key: 'POST /classes/[id]?/newCode',
		url: (r) => `${classPage(r)}?/newCode`,
		gate: [inA('class.manage')]
	},
	{
		key: 'POST /classes/[id]?/joiningOff',
		url: (r) => `${classPage(r)}?/joiningOff`,
		gate: [inA('class.manage')]
	},
	{
		key: 'POST /classes/[id]/settings?/settings',
		url: (r) => `${classPage(r)}/settings?/settings`,
		gate: [inA('class.manage')],
		fields: () => [
			['name', 'Class A'],
			['description', 'Renamed.'],
			['timeZone', 'UTC']
		]
	},
	{
		key: 'POST /classes/[id]/settings?/archive',
		url: (r) => `${classPage(r)}/settings?/archive`,
		gate: [inA('class.manage')],
		// The hostile suite archives class A (read-only), then the next entry restores it.
		fields: () => [['confirm', 'on']],
		destructive: true
	},
	{
		key: 'POST /classes/[id]?/restore',
		url: (r) => `${classPage(r)}?/restore`,
		gate: [inA('class.manage')],
		destructive: true
	},
	{
		key: 'POST /classes/[id]/settings?/handOver',
		url: (r) => `${classPage(r)}/settings?/handOver`,
		gate: [inA('class.manage')],
		// Nobody has this address, so the class stays with its teacher.
		fields: () => [
			['receiver', 'nobody@lectern.test'],
			['confirm', 'on']
		],
		destructive: true
	},
	{
		key: 'POST /classes/[id]/settings?/delete',
		url: (r) => `${classPage(r)}/settings?/delete`,
		gate: [inA('class.manage')],
		// The matrix never confirms: the class must outlive it.
		fields: () => [['confirm', 'on']],
		destructive: true
	},
	{
		key: 'POST /classes/[id]/students?/removeStudent',
		url: (r) => `${classPage(r)}/students?/removeStudent`,
		gate: [inA('class.manage')],
		fields: (r) => [['userId', r.people.otherStudent.id!]]
	},
	{
		key: 'POST /classes/[id]/students?/syncRoster',
		url: (r) => `${classPage(r)}/students?/syncRoster`,
		gate: [inA('class.manage')]
	},
	{
		key: 'POST /classes/[id]/assignments?/assign',
		url: (r) => `${classPage(r)}/assignments?/assign`,
		gate: [inA('class.manage')],
		fields: (r) => [
			['articleSlug', r.article.slug],
			['sectionSlugs', r.section],
			['dueAt', '2030-01-31T17:00'],
			['passMark', '70'],
			['requireQuiz', 'on'],
			['requireResponse', 'on']
		]
	},
	{
		key: 'POST /classes/[id]/assignments?/unassign',
		url: (r) => `${classPage(r)}/assignments?/unassign`,
		gate: [inA('class.manage')],
		fields: () => [['assignmentId', '00000000-0000-4000-8000-000000000000']]
	},
	{
		key: 'GET /classes/[id]/assignments/[assignmentId]',
		url: (r) => `${classPage(r)}/assignments/${r.assignmentA}`,
		gate: [inA('class.manage')]
	},
	{
		key: 'POST /classes/[id]/assignments/[assignmentId]?/save',
		url: (r) => `${classPage(r)}/assignments/${r.assignmentA}?/save`,
		gate: [inA('class.manage')],
		// The same choices the assignment has (the whole article), with a due date.
		fields: () => [
			['dueAt', '2030-01-31T17:00'],
			['passMark', '70'],
			['requireQuiz', 'on']
		]
	},
	{
		key: 'GET /classes/[id]/add-students',
		url: (r) => `${classPage(r)}/add-students`,
		gate: [inA('class.manage')]
	},
	{
		key: 'POST /classes/[id]/add-students?/add',
		url: (r) => `${classPage(r)}/add-students?/add`,
		gate: [inA('class.manage')],
		fields: () => [['names', 'Ada Lovelace\nAlan Turing']]
	},
	{
		key: 'POST /classes/[id]/add-students?/previewCsv',
		url: (r) => `${classPage(r)}/add-students?/previewCsv`,
		gate: [inA('class.manage')],
		fields: () => [['file', 'Name,Username\nAda Lovelace,\nAlan Turing,\n']],
		files: ['file']
	},
	{
		key: 'POST /classes/[id]/add-students?/importCsv',
		url: (r) => `${classPage(r)}/add-students?/importCsv`,
		gate: [inA('class.manage')],
		fields: () => [['csv', 'Name\nGrace Hopper\nKatherine Johnson\n']]
	},
	// The bystander is a learner of class A whom no subject signs in as: a reset costs nothing.
	{
		key: 'GET /classes/[id]/students/[studentId]/reset',
		url: (r) => `${classPage(r)}/students/${r.bystander}/reset`,
		gate: [inA('class.manage')]
	},
	{
		key: 'POST /classes/[id]/students/[studentId]/reset?/reset',
		url: (r) => `${classPage(r)}/students/${r.bystander}/reset?/reset`,
		gate: [inA('class.manage')]
	},
	{
		key: 'GET /classes/[id]/gradebook.csv',
		url: (r) => `${classPage(r)}/gradebook.csv`,
		gate: [inA('gradebook.read')]
	},
	{
		key: 'GET /api/v1/classes/[id]/gradebook',
		url: (r) => `/api/v1/classes/${r.classA}/gradebook`,
		gate: [inA('gradebook.read')]
	},
	{ key: 'GET /classes/[id]/discuss/[article]/[n]', url: classThread, gate: [inA('class.view')] },
	{
		key: 'GET /classes/[id]/discuss/[article]/[n]/post/[postId]',
		url: (r) => `${classThread(r)}/post/${r.classPost}`,
		gate: [inA('class.view')]
	},
	...threadActions(
		'/classes/[id]/discuss/[article]/[n]',
		classThread,
		(r) => ({ post: r.classPost, toDelete: r.classPostToDelete }),
		[inA('class.view')],
		inA('moderation.actClass'),
		'teacher',
		'teacher'
	),

	// -- Joining a class ---------------------------------------------------------------------
	// Anyone signed in sees the pages (they tell a teacher why they cannot join); a visitor
	// who is not signed in is sent to sign in. The form itself is class.join's.
	{
		key: 'GET /join',
		url: () => '/join',
		gate: [{ action: 'class.join', only: ['anonymous'] }]
	},
	{
		key: 'POST /join?/join',
		url: () => '/join?/join',
		gate: [{ action: 'class.join' }],
		fields: () => [['code', 'ACDE-FHJK']]
	},
	{
		key: 'GET /join/[code]',
		url: (r) => `/join/${r.joinCodeA}`,
		gate: [{ action: 'class.join', only: ['anonymous'] }]
	},
	{
		key: 'POST /join/[code]?/join',
		// A code that opens no class: the matrix must not make anyone a member.
		url: () => '/join/not-a-code?/join',
		gate: [{ action: 'class.join' }]
	},

	// -- Administration ------------------------------------------------------------------------
	{ key: 'GET /admin', url: () => '/admin', gate: [{ action: 'admin.view' }] },
	{ key: 'GET /admin/lti', url: () => '/admin/lti', gate: [{ action: 'lti.manage' }] },
	{
		key: 'POST /admin/lti?/addPlatform',
		url: () => '/admin/lti?/addPlatform',
		gate: [{ action: 'lti.manage' }],
		fields: () => [
			['name', 'Test LMS'],
			['issuer', 'https://lms.example'],
			['clientId', 'client-1'],
			['authUrl', 'https://lms.example/auth'],
			['tokenUrl', 'https://lms.example/token'],
			['jwksUrl', 'https://lms.example/jwks'],
			['deploymentIds', 'd1 d2']
		]
	},
	{
		key: 'POST /admin/lti?/removePlatform',
		url: () => '/admin/lti?/removePlatform',
		gate: [{ action: 'lti.manage' }],
		fields: () => [['platformId', '00000000-0000-4000-8000-000000000000']]
	},
	{
		key: 'POST /admin/lti?/makeLink',
		url: () => '/admin/lti?/makeLink',
		gate: [{ action: 'lti.manage' }]
	},
	{
		key: 'POST /admin/lti?/rotateKey',
		url: () => '/admin/lti?/rotateKey',
		gate: [{ action: 'lti.manage' }]
	},
	{
		key: 'GET /admin/users/[id]/reset',
		url: (r) => `/admin/users/${r.bystander}/reset`,
		gate: [{ action: 'user.manage' }]
	},
	{
		key: 'POST /admin/users/[id]/reset?/reset',
		url: (r) => `/admin/users/${r.bystander}/reset?/reset`,
		gate: [{ action: 'user.manage' }]
	},
	...(
		[
			'role',
			'disable',
			'enable',
			'endSessions',
			'approveTeacher',
			'declineTeacher',
			'liftSuspension'
		] as const
	).map((action): RouteEntry => ({
		key: `POST /admin?/${action}`,
		url: () => `/admin?/${action}`,
		gate: [{ action: 'user.manage' }],
		fields: (r) =>
			action === 'role'
				? [
						['userId', r.bystander],
						['role', 'learner']
					]
				: [['userId', r.bystander]]
	})),
	{
		key: 'POST /admin?/revokeToken',
		url: () => '/admin?/revokeToken',
		gate: [{ action: 'user.manage' }],
		fields: () => [['tokenId', '00000000-0000-4000-8000-000000000000']]
	},
	{
		key: 'POST /admin?/publish',
		url: () => '/admin?/publish',
		gate: [{ action: 'article.manage' }],
		fields: (r) => [
			['articleId', r.article.id],
			['status', 'published']
		]
	},
	{
		key: 'POST /admin?/import',
		url: () => '/admin?/import',
		gate: [{ action: 'article.manage' }],
		fields: () => [['article', 'A title\nTable of Contents\n- 1. A title\n\nSome text.\n']],
		files: ['article']
	},
	{ key: 'GET /import', url: () => '/import', gate: [{ action: 'article.import' }] },
	{
		key: 'POST /import?/preview',
		url: () => '/import?/preview',
		gate: [{ action: 'article.import' }],
		fields: () => [['text', 'A title\nTable of Contents\n- 1. A title\n\nSome text.\n']]
	},
	{
		key: 'POST /import?/publish',
		url: () => '/import?/publish',
		gate: [{ action: 'article.import' }],
		fields: () => [['text', 'A title\nTable of Contents\n- 1. A title\n\nSome text.\n']]
	}
];

// ---- Expectations ----------------------------------------------------------------------------

export type Expectation =
	| { allowed: true }
	| {
			allowed: false;
			check: string;
			status: 404 | 'forbidden';
			/** A class's page: a signed-out visitor is asked to sign in and come back (issue 10). */
			signIn?: true;
	  };

function describeCheck(check: Check): string {
	if ('anyOf' in check) return check.anyOf.map(describeCheck).join(' | ');
	if ('ownedBy' in check) return `owner=${check.ownedBy}`;
	return check.action;
}

function passes(check: Check, subject: SubjectKey, actor: Actor | null, r: Resources): boolean {
	if ('anyOf' in check) return check.anyOf.some((c) => passes(c, subject, actor, r));
	if ('ownedBy' in check) return subject === check.ownedBy;
	if (check.only && !check.only.includes(subject)) return true;
	return can(actor, check.action, check.relation?.(subject, r) ?? {});
}

/** What `subject` should get from `entry`, by the access module's table. */
export function expectationFor(
	entry: RouteEntry,
	subject: SubjectKey,
	actor: Actor | null,
	r: Resources
): Expectation {
	for (const check of entry.gate) {
		if (passes(check, subject, actor, r)) continue;
		const notFound = 'ownedBy' in check || ('deny' in check && check.deny === 404);
		const status = notFound ? 404 : 'forbidden';
		if (subject === 'anonymous' && 'deny' in check && check.deny === 404) {
			return { allowed: false, check: describeCheck(check), status, signIn: true };
		}
		return { allowed: false, check: describeCheck(check), status };
	}
	return { allowed: true };
}

/** Whom the hostile suite sends a route as, when the entry does not say. */
export const HOSTILE_ORDER: readonly SubjectKey[] = [
	'student',
	'teacher',
	'moderator',
	'admin',
	'otherStudent',
	'otherTeacher',
	'anonymous'
];

export const entryName = (entry: RouteEntry) =>
	entry.variant ? `${entry.key} (${entry.variant})` : entry.key;
