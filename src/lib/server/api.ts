import { json, type RequestEvent } from '@sveltejs/kit';
import { strToU8, zipSync } from 'fflate';
import { toGift, toMoodleXml, toQtiPackage, type ExportOptions } from '../quiz/export';
import type { Question } from '../quiz/schema';
import { authenticateApiToken, bearerToken } from './api-tokens';
import { findReadableArticle, type ArticleSummary } from './articles';
import { actorOf } from './auth/actor';
import type { SessionUser } from './auth/session';
import type { ArticleClaims } from './claims';
import type { Database } from './db/client';
import {
	findEditableArticle,
	listArticleQuestions,
	type BankQuestion,
	type EditableArticle
} from './question-bank';

/** The public API's shape of an article (PRODUCT.md, "Routes"). */
export function articleResource(a: ArticleSummary, questionCount: number) {
	return {
		slug: a.slug,
		title: a.title,
		sections: a.sections.map((s) => ({ slug: s.slug, title: s.title })),
		questionCount,
		promptCount: a.prompts.length
	};
}

/**
 * A JSON response, as SvelteKit's `json()` makes it, with the body encoded once: `json()`
 * encodes the whole string to count its bytes and the response encodes it again. For a
 * gradebook of 200 students × 20 assignments (1.1 MB) that was 13% of the request's CPU time.
 */
export function encodedJson(data: unknown, init: ResponseInit = {}): Response {
	const body = Buffer.from(JSON.stringify(data), 'utf8');
	const headers = new Headers(init.headers);
	headers.set('content-length', String(body.byteLength));
	if (!headers.has('content-type')) headers.set('content-type', 'application/json');
	return new Response(body, { ...init, headers });
}

// ---- The question bank of an article, for those who may edit it ---------------------------

/** The JSON error every /api/v1 refusal answers with. */
export const apiError = (status: number, error: string, headers?: Record<string, string>) =>
	json({ error }, { status, headers });

/**
 * Who calls the API: the owner of the personal token sent as `Authorization: Bearer <token>`
 * (a 401 answer when that header names no valid token: revoked, unknown or malformed), else the
 * session's user (null: nobody signed in).
 */
export async function apiCaller(
	db: Database,
	event: Pick<RequestEvent, 'request' | 'locals'>
): Promise<{ user: SessionUser | null } | Response> {
	const header = event.request.headers.get('authorization');
	if (header === null) return { user: event.locals.user };
	const token = bearerToken(header);
	const user = token ? await authenticateApiToken(db, token) : null;
	if (user) return { user };
	return apiError(401, 'The API token is not valid: it may have been revoked.', {
		'WWW-Authenticate': 'Bearer error="invalid_token"'
	});
}

const NO_EDITABLE_ARTICLE = 'No article with this slug is yours to edit.';

/**
 * The article of `params.slug` when the caller (session or token) may edit it, else the answer to
 * send: 401 for a bad token, and the same 404 for an article that does not exist and for one the
 * caller may not edit (a draft's existence is not disclosed).
 */
export async function openEditableArticle(
	db: Database,
	event: Pick<RequestEvent, 'request' | 'locals'> & { params: { slug: string } }
): Promise<EditableArticle | Response> {
	const caller = await apiCaller(db, event);
	if (caller instanceof Response) return caller;
	const article = await findEditableArticle(db, caller.user, event.params.slug);
	return article ?? apiError(404, NO_EDITABLE_ARTICLE);
}

const NO_READABLE_ARTICLE = 'No article with this slug is yours to read.';

/**
 * The article of `params.slug` when the caller (session, token, or nobody) may read it, as its
 * pages decide (`findReadableArticle`), else the answer to send: 401 for a bad token, and the
 * same 404 for an article that does not exist and a draft the caller may not read.
 */
export async function openReadableArticle(
	db: Database,
	event: Pick<RequestEvent, 'request' | 'locals'> & { params: { slug: string } }
): Promise<ArticleSummary | Response> {
	const caller = await apiCaller(db, event);
	if (caller instanceof Response) return caller;
	const article = await findReadableArticle(db, actorOf(caller.user), event.params.slug);
	return article ?? apiError(404, NO_READABLE_ARTICLE);
}

/**
 * The API's shape of an article's claims (PRODUCT.md; issue 13): the live marks and
 * contradictions a reader may see, suggested or confirmed (never removed or archived ones), in
 * reading order; `section` is the module's slug.
 */
export function claimsResource(claims: ArticleClaims) {
	const shown = (status: string) => status === 'suggested' || status === 'confirmed';
	return {
		marks: claims.marks
			.filter((m) => shown(m.status))
			.map((m) => ({
				section: m.section,
				quote: m.quote,
				kind: m.kind,
				source: m.source,
				status: m.status
			})),
		contradictions: claims.contradictions
			.filter((c) => shown(c.status))
			.map((c) => ({
				a: { section: c.a.section, quote: c.a.quote },
				b: { section: c.b.section, quote: c.b.quote },
				note: c.note,
				status: c.status
			}))
	};
}

/** The API's shape of a bank question (PRODUCT.md; issue 12): no answer key, no evidence. */
export function bankQuestionResource(q: BankQuestion) {
	return {
		id: q.id,
		section: q.section,
		type: q.question.type,
		status: q.status,
		prompt: q.question.text,
		version: q.version
	};
}

/**
 * Which questions an export holds. `published` (the default): what learners are asked, the bank
 * a teacher takes to Moodle. `all`: the published ones and the suggestions still waiting for a
 * teacher. Archived questions never.
 */
export const exportScopes = ['published', 'all'] as const;
export type ExportScope = (typeof exportScopes)[number];

/** The `?status=` of an export request; null when it names no scope. */
export function exportScope(params: URLSearchParams): ExportScope | null {
	const value = params.get('status') ?? 'published';
	return (exportScopes as readonly string[]).includes(value) ? (value as ExportScope) : null;
}

/** The bank's questions an export of `scope` holds, in bank order. */
export function exportedQuestions(bank: readonly BankQuestion[], scope: ExportScope): Question[] {
	const wanted = scope === 'all' ? ['published', 'suggested'] : ['published'];
	return bank.filter((q) => wanted.includes(q.status)).map((q) => q.question);
}

const EXPORT_FORMATS = {
	gift: { extension: 'gift', type: 'text/plain; charset=utf-8', write: toGift },
	moodleXml: {
		extension: 'moodle.xml',
		type: 'application/xml; charset=utf-8',
		write: toMoodleXml
	},
	qtiZip: { extension: 'qti.zip', type: 'application/zip', write: qtiZip }
} as const;

/** A QTI 3.0 content package, zipped: imsmanifest.xml and an item per question. */
function qtiZip(questions: readonly Question[], options: ExportOptions & { identifier?: string }) {
	const files = toQtiPackage(questions, { identifier: options.identifier });
	return zipSync(Object.fromEntries(files.map((f) => [f.path, strToU8(f.text)])), { level: 6 });
}

/** A slug as a file name that is safe in a header (slugs are already `a-z0-9-`). */
const fileBase = (slug: string) => slug.replace(/[^A-Za-z0-9-]+/g, '-').slice(0, 120) || 'article';

/**
 * `GET /api/v1/articles/<slug>/questions.<format>`: the bank as a download, for the caller who
 * may edit the article (else 401/404 as `openEditableArticle`); 400 for a `?status=` it does not
 * know. Grouped under the article's title as the category.
 */
export async function bankExport(
	db: Database,
	event: Pick<RequestEvent, 'request' | 'locals' | 'url'> & { params: { slug: string } },
	format: keyof typeof EXPORT_FORMATS
): Promise<Response> {
	const article = await openEditableArticle(db, event);
	if (article instanceof Response) return article;
	const scope = exportScope(event.url.searchParams);
	if (!scope) return apiError(400, 'status must be "published" (the default) or "all".');
	const { extension, type, write } = EXPORT_FORMATS[format];
	const questions = exportedQuestions(await listArticleQuestions(db, article.id), scope);
	const body = write(questions, { title: article.title, identifier: `lectern-${article.slug}` });
	return new Response(body as BodyInit, {
		headers: {
			'Content-Type': type,
			'Content-Disposition': `attachment; filename="${fileBase(article.slug)}.${extension}"`,
			'Cache-Control': 'private, no-store'
		}
	});
}
