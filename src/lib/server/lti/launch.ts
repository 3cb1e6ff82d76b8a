// OIDC login initiation and launch validation (1EdTech Security Framework 1.0, LTI Core 1.3).
// The launch relies on no cookie: the state and nonce sent at login are stored (hashed state)
// and consumed once by the launch, whose id_token must carry that nonce; a state cookie, when
// the browser kept one, must agree. A refusal stores nothing but the used-up state.
import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { decodeJwt, errors } from 'jose';
import { z } from 'zod';
import { readLaunch, type Launch } from '../../lti/claims';
import type { KeptState } from '../../lti/platform-storage';
import { refuse, type Refusal } from '../../refusal';
import { hashToken } from '../auth/token';
import type { Database } from '../db/client';
import { ltiLogins } from '../db/schema';
import { PlatformError } from './http';
import { findPlatform, isKnownDeployment, verifyPlatformJwt, type PlatformRow } from './platforms';

export const LOGIN_LIFETIME_MS = 10 * 60_000;
/** Clock skew allowed between the platform and Lectern. */
export const CLOCK_SKEW_S = 60;
/** An id_token older than this (by `iat`) is refused even if its `exp` is far away. */
const MAX_TOKEN_AGE = '10m';
export const STATE_COOKIE = 'lectern_lti_state';

const param = z.string().trim().min(1).max(2048);
export const loginSchema = z.object({
	iss: z.url({ protocol: /^https?$/, error: 'The login names no valid issuer (iss).' }),
	login_hint: z
		.string({ error: 'The login has no login_hint.' })
		.trim()
		.min(1, 'The login has no login_hint.')
		.max(2048),
	target_link_uri: z.url({
		protocol: /^https?$/,
		error: 'The login names no valid target_link_uri.'
	}),
	lti_message_hint: param.optional(),
	client_id: param.optional(),
	lti_deployment_id: param.optional(),
	lti_storage_target: param.optional()
});

/** Where the launch's state is kept in the LMS's own page (1EdTech platform storage). */
export type PlatformStorage = KeptState;

export type LoginStart =
	{ ok: true; redirectTo: string; state: string; storage: PlatformStorage | null } | Refusal;

const storageOf = (target: string | null | undefined, authUrl: string, state: string) =>
	target
		? {
				target,
				origin: new URL(authUrl).origin,
				key: `lectern_state_${state.slice(0, 12)}`,
				value: state
			}
		: null;

/** Starts a login: stores state and nonce, and answers where to send the browser. */
export async function beginLogin(
	db: Database,
	params: Record<string, string>,
	toolOrigin: string,
	now = new Date()
): Promise<LoginStart> {
	const parsed = loginSchema.safeParse(params);
	if (!parsed.success) return refuse(400, parsed.error.issues[0]!.message);
	const login = parsed.data;
	if (new URL(login.target_link_uri).origin !== toolOrigin) {
		return refuse(400, 'The login asks for an address that is not this Lectern (target_link_uri).');
	}
	const platform = await findPlatform(db, login.iss, login.client_id);
	if (!platform) {
		return refuse(
			403,
			'This LMS is not registered with this Lectern (unknown issuer or client id). An administrator registers it in Administration → LMS.'
		);
	}
	if (
		login.lti_deployment_id &&
		!(await isKnownDeployment(db, platform.id, login.lti_deployment_id))
	) {
		return refuse(
			403,
			`The deployment “${login.lti_deployment_id}” is not registered with this Lectern.`
		);
	}
	const state = randomBytes(24).toString('base64url');
	const nonce = randomBytes(24).toString('base64url');
	await db.insert(ltiLogins).values({
		stateHash: hashToken(state),
		nonce,
		platformId: platform.id,
		targetLinkUri: login.target_link_uri,
		storageTarget: login.lti_storage_target ?? null,
		expiresAt: new Date(now.getTime() + LOGIN_LIFETIME_MS)
	});
	const auth = new URL(platform.authUrl);
	const query = {
		scope: 'openid',
		response_type: 'id_token',
		response_mode: 'form_post',
		prompt: 'none',
		client_id: platform.clientId,
		redirect_uri: `${toolOrigin}/lti/launch`,
		login_hint: login.login_hint,
		state,
		nonce,
		...(login.lti_message_hint ? { lti_message_hint: login.lti_message_hint } : {})
	};
	for (const [k, v] of Object.entries(query)) auth.searchParams.set(k, v);
	return {
		ok: true,
		redirectTo: auth.href,
		state,
		storage: storageOf(login.lti_storage_target, platform.authUrl, state)
	};
}

export const launchFormSchema = z.object({
	id_token: z
		.string({ error: 'The LMS sent no id_token.' })
		.min(1, 'The LMS sent no id_token.')
		.max(20_000),
	state: z.string({ error: 'The LMS sent no state.' }).min(1, 'The LMS sent no state.').max(200)
});

export type ValidLaunch =
	| {
			ok: true;
			platform: PlatformRow;
			launch: Launch;
			/** The state to find in the LMS's storage (no cookie bound this browser to the login). */
			storage: PlatformStorage | null;
	  }
	| Refusal;

/**
 * Everything the spec asks of a launch, in order: a platform we know (issuer and audience),
 * the signature by the key the header names (the JWKS fetched again once for an unknown key),
 * audience and authorized party, times with a minute's skew, the login's state used once and
 * its nonce, the message's claims, a known deployment, the target the login asked for.
 */
export async function validateLaunch(
	db: Database,
	form: { id_token: string; state: string },
	{ stateCookie, now = new Date() }: { stateCookie?: string; now?: Date } = {}
): Promise<ValidLaunch> {
	let unverified: ReturnType<typeof decodeJwt>;
	try {
		unverified = decodeJwt(form.id_token);
	} catch {
		return refuse(400, 'The id_token is not a JWT.');
	}
	const audiences = [unverified.aud ?? []].flat();
	const issuer = typeof unverified.iss === 'string' ? unverified.iss : '';
	let platform: PlatformRow | undefined;
	for (const aud of audiences) platform ??= await findPlatform(db, issuer, aud);
	if (!platform) {
		return refuse(
			403,
			'The launch comes from an LMS (issuer and audience) that is not registered with this Lectern.'
		);
	}
	let payload: Record<string, unknown>;
	try {
		payload = await verifyPlatformJwt(platform, form.id_token, {
			issuer: platform.issuer,
			audience: platform.clientId,
			algorithms: ['RS256'],
			clockTolerance: CLOCK_SKEW_S,
			maxTokenAge: MAX_TOKEN_AGE,
			requiredClaims: ['exp', 'iat', 'nonce', 'sub'],
			currentDate: now
		});
	} catch (cause) {
		return refuse(401, tokenProblem(cause));
	}
	const audience = [payload.aud ?? []].flat();
	if (audience.length > 1 && payload.azp === undefined) {
		return refuse(401, 'The launch names several audiences but no authorized party (azp).');
	}
	if (payload.azp !== undefined && payload.azp !== platform.clientId) {
		return refuse(401, 'The launch was issued to another tool (azp is not this client id).');
	}
	if (stateCookie !== undefined && stateCookie !== form.state) {
		return refuse(401, 'This launch belongs to another login in this browser (state mismatch).');
	}
	const [login] = await db
		.update(ltiLogins)
		.set({ usedAt: now })
		.where(
			and(
				eq(ltiLogins.stateHash, hashToken(form.state)),
				eq(ltiLogins.platformId, platform.id),
				isNull(ltiLogins.usedAt),
				gt(ltiLogins.expiresAt, now)
			)
		)
		.returning();
	if (!login) {
		return refuse(401, 'This launch was already used or has expired. Open it again from the LMS.');
	}
	if (payload.nonce !== login.nonce) {
		return refuse(
			401,
			'The launch does not answer this login (nonce mismatch): it may be a replay.'
		);
	}
	const reading = readLaunch(payload);
	if (!reading.ok) return refuse(400, reading.message);
	const { launch } = reading;
	if (!(await isKnownDeployment(db, platform.id, launch.deploymentId))) {
		return refuse(
			403,
			`The deployment “${launch.deploymentId}” is not registered with this Lectern. An administrator adds it in Administration → LMS.`
		);
	}
	if (launch.targetLinkUri !== login.targetLinkUri) {
		return refuse(400, 'The launch asks for another address than its login did (target_link_uri).');
	}
	const storage =
		stateCookie === undefined ? storageOf(login.storageTarget, platform.authUrl, form.state) : null;
	return { ok: true, platform, launch, storage };
}

function tokenProblem(cause: unknown): string {
	if (cause instanceof PlatformError) return cause.message;
	if (cause instanceof errors.JWKSNoMatchingKey) {
		return 'The launch is signed with a key the LMS does not publish (unknown kid).';
	}
	if (cause instanceof errors.JWSSignatureVerificationFailed) {
		return 'The launch’s signature is not valid.';
	}
	if (cause instanceof errors.JWTExpired)
		return 'The launch has expired. Open it again from the LMS.';
	if (cause instanceof errors.JWTClaimValidationFailed) {
		if (cause.claim === 'aud') return 'The launch was issued to another tool (aud).';
		if (cause.claim === 'iss') return 'The launch’s issuer is not the LMS’s.';
		if (cause.claim === 'iat') return 'The launch was issued too long ago, or in the future (iat).';
		return `The launch’s ${cause.claim} claim is not valid.`;
	}
	if (cause instanceof errors.JOSEError) return `The launch could not be verified (${cause.code}).`;
	throw cause;
}
