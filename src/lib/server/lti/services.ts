// LTI Advantage services: an access token by the client-credentials grant with a signed
// client assertion (1EdTech Security Framework §4.1), Names and Roles 2.0 (the roster, page by
// page) and Assignment and Grade Services 2.0 (line items, scores).
import { z } from 'zod';
import { SCOPE } from '../../lti/claims';
import type { Database } from '../db/client';
import { signJwt } from './keys';
import { PlatformError, callPlatform, platformReason } from './http';
import type { PlatformRow } from './platforms';

const tokens = new Map<string, { token: string; until: number }>();

/** Forgets the kept access tokens of a platform (one it refused), or of every platform. */
export function forgetAccessTokens(platformId?: string) {
	for (const key of tokens.keys()) {
		if (platformId === undefined || key.startsWith(`${platformId} `)) tokens.delete(key);
	}
}

const tokenAnswer = z.object({
	access_token: z.string().min(1),
	expires_in: z.number().optional()
});

/** An access token for `scopes`, kept until a minute before it expires. */
export async function accessToken(db: Database, platform: PlatformRow, scopes: string[]) {
	const key = `${platform.id} ${[...scopes].sort().join(' ')}`;
	const kept = tokens.get(key);
	if (kept && kept.until > Date.now()) return kept.token;
	const assertion = await signJwt(db, {
		iss: platform.clientId,
		sub: platform.clientId,
		aud: platform.tokenUrl
	});
	const response = await callPlatform(platform.tokenUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
		body: new URLSearchParams({
			grant_type: 'client_credentials',
			client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
			client_assertion: assertion,
			scope: scopes.join(' ')
		})
	});
	if (!response.ok) {
		throw new PlatformError(
			`The LMS refused an access token (${await platformReason(response)}).`,
			response.status
		);
	}
	const body = tokenAnswer.safeParse(await response.json().catch(() => null));
	if (!body.success)
		throw new PlatformError('The LMS answered the token request with no token.', 502);
	const lifetime = (body.data.expires_in ?? 3600) * 1000;
	tokens.set(key, { token: body.data.access_token, until: Date.now() + lifetime - 60_000 });
	return body.data.access_token;
}

// ---- Names and Roles -----------------------------------------------------------------------

const member = z.object({
	user_id: z.string().min(1).max(255),
	status: z.enum(['Active', 'Inactive', 'Deleted']).default('Active'),
	name: z.string().max(200).optional(),
	given_name: z.string().max(200).optional(),
	family_name: z.string().max(200).optional(),
	roles: z.array(z.string()).default([])
});
export type Member = z.output<typeof member>;
const container = z.object({ members: z.array(z.unknown()) });

const NRPS = 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json';
/** A course bigger than this is not read in one go (a safety stop, not a limit anyone meets). */
const MAX_PAGES = 200;

/** Every member of the course, following the `next` links; members that cannot be read are skipped. */
export async function readMemberships(db: Database, platform: PlatformRow, url: string) {
	const token = await accessToken(db, platform, [SCOPE.memberships]);
	const members: Member[] = [];
	let next: string | null = url;
	for (let page = 0; next && page < MAX_PAGES; page++) {
		const response = await callPlatform(next, {
			headers: { accept: NRPS, authorization: `Bearer ${token}` }
		});
		if (!response.ok) {
			throw new PlatformError(
				`The LMS refused its roster (${await platformReason(response)}).`,
				response.status
			);
		}
		const body = container.safeParse(await response.json().catch(() => null));
		if (!body.success)
			throw new PlatformError('The LMS’s roster is not a membership container.', 502);
		for (const entry of body.data.members) {
			const parsed = member.safeParse(entry);
			if (parsed.success) members.push(parsed.data);
		}
		next = nextLink(response.headers.get('link'));
	}
	return members;
}

export function nextLink(header: string | null): string | null {
	for (const part of (header ?? '').split(',')) {
		const match = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(part);
		if (match) return match[1]!;
	}
	return null;
}

// ---- Assignment and Grade Services ---------------------------------------------------------

const LINE_ITEM = 'application/vnd.ims.lis.v2.lineitem+json';
const LINE_ITEMS = 'application/vnd.ims.lis.v2.lineitemcontainer+json';

/** The scores address of a line item: its path and `/scores`, its query kept. */
export function scoresUrl(lineItemUrl: string): string {
	const url = new URL(lineItemUrl);
	url.pathname = url.pathname.replace(/\/$/, '') + '/scores';
	return url.href;
}

/** The course's line item for a link (found by its resource id, else made). */
export async function ensureLineItem(
	db: Database,
	platform: PlatformRow,
	lineItemsUrl: string,
	item: { label: string; resourceId: string; resourceLinkId?: string; endDateTime?: string | null }
): Promise<string> {
	const token = await accessToken(db, platform, [SCOPE.lineItem]);
	const find = new URL(lineItemsUrl);
	find.searchParams.set('resource_id', item.resourceId);
	const found = await callPlatform(find.href, {
		headers: { accept: LINE_ITEMS, authorization: `Bearer ${token}` }
	});
	if (found.ok) {
		const items = (await found.json().catch(() => [])) as Array<{
			id?: unknown;
			resourceId?: unknown;
		}>;
		const match = Array.isArray(items) && items.find((i) => i.resourceId === item.resourceId);
		if (match && typeof match.id === 'string') return match.id;
	}
	const made = await callPlatform(lineItemsUrl, {
		method: 'POST',
		headers: { 'content-type': LINE_ITEM, accept: LINE_ITEM, authorization: `Bearer ${token}` },
		body: JSON.stringify({
			label: item.label,
			scoreMaximum: 100,
			resourceId: item.resourceId,
			tag: 'lectern',
			...(item.resourceLinkId ? { resourceLinkId: item.resourceLinkId } : {}),
			...(item.endDateTime ? { endDateTime: item.endDateTime } : {})
		})
	});
	if (!made.ok) {
		throw new PlatformError(
			`The LMS refused a grade column (${await platformReason(made)}).`,
			made.status
		);
	}
	const body = (await made.json().catch(() => null)) as { id?: unknown } | null;
	if (!body || typeof body.id !== 'string')
		throw new PlatformError('The LMS made a grade column with no id.', 502);
	return body.id;
}

export type Sent = { ok: true } | { ok: false; retry: boolean; reason: string };

/** Sends one score; a refusal says whether trying again could help (it could not for a 4xx). */
export async function sendScore(
	db: Database,
	platform: PlatformRow,
	lineItemUrl: string,
	score: Record<string, unknown>
): Promise<Sent> {
	try {
		const token = await accessToken(db, platform, [SCOPE.score]);
		const response = await callPlatform(scoresUrl(lineItemUrl), {
			method: 'POST',
			headers: {
				'content-type': 'application/vnd.ims.lis.v1.score+json',
				authorization: `Bearer ${token}`
			},
			body: JSON.stringify(score)
		});
		if (response.ok) return { ok: true };
		if (response.status === 401) forgetAccessTokens(platform.id);
		const retry =
			response.status >= 500 ||
			response.status === 429 ||
			response.status === 408 ||
			response.status === 401;
		return { ok: false, retry, reason: await platformReason(response) };
	} catch (cause) {
		if (!(cause instanceof PlatformError)) throw cause;
		const retry =
			cause.status === 0 || cause.status >= 500 || cause.status === 429 || cause.status === 401;
		return { ok: false, retry, reason: cause.message };
	}
}
