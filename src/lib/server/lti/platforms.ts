// The LMSs Lectern trusts: stored registrations (issuer, client id, endpoints, deployments) and
// their signing keys, fetched from each platform's JWKS and kept; a token signed with a key the
// kept set does not hold makes Lectern fetch the set once more (the platform rotated), never more.
import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import {
	createLocalJWKSet,
	errors,
	jwtVerify,
	type JSONWebKeySet,
	type JWTPayload,
	type JWTVerifyOptions
} from 'jose';
import type { Database, Executor } from '../db/client';
import { ltiDeployments, ltiPlatforms } from '../db/schema';
import { PlatformError, callPlatform, platformReason } from './http';

export type PlatformRow = typeof ltiPlatforms.$inferSelect;

export interface PlatformInput {
	name: string;
	issuer: string;
	clientId: string;
	authUrl: string;
	tokenUrl: string;
	jwksUrl: string;
	deploymentIds: string[];
	registeredVia: PlatformRow['registeredVia'];
}

/** Stores a platform with its deployments; an existing (issuer, client id) gains the deployments. */
export async function savePlatform(db: Database, input: PlatformInput): Promise<PlatformRow> {
	return db.transaction(async (tx) => {
		const [existing] = await tx
			.select()
			.from(ltiPlatforms)
			.where(and(eq(ltiPlatforms.issuer, input.issuer), eq(ltiPlatforms.clientId, input.clientId)));
		const fields = {
			name: input.name,
			authUrl: input.authUrl,
			tokenUrl: input.tokenUrl,
			jwksUrl: input.jwksUrl
		};
		let platform: PlatformRow | undefined;
		if (existing) {
			await tx.update(ltiPlatforms).set(fields).where(eq(ltiPlatforms.id, existing.id));
			platform = { ...existing, ...fields };
		} else {
			[platform] = await tx
				.insert(ltiPlatforms)
				.values({
					id: randomUUID(),
					issuer: input.issuer,
					clientId: input.clientId,
					registeredVia: input.registeredVia,
					...fields
				})
				.returning();
		}
		for (const deploymentId of new Set(input.deploymentIds)) {
			await tx
				.insert(ltiDeployments)
				.values({ platformId: platform!.id, deploymentId })
				.onConflictDoNothing();
		}
		return platform!;
	});
}

export async function findPlatform(db: Executor, issuer: string, clientId: string | undefined) {
	const rows = await db
		.select()
		.from(ltiPlatforms)
		.where(
			and(
				eq(ltiPlatforms.issuer, issuer),
				clientId ? eq(ltiPlatforms.clientId, clientId) : undefined
			)
		)
		.limit(2);
	// Without a client id the issuer must name one registration: two would be a guess.
	return rows.length === 1 ? rows[0]! : undefined;
}

export async function findPlatformById(db: Executor, id: string) {
	const [row] = await db.select().from(ltiPlatforms).where(eq(ltiPlatforms.id, id));
	return row;
}

export async function isKnownDeployment(db: Executor, platformId: string, deploymentId: string) {
	const [row] = await db
		.select({ id: ltiDeployments.deploymentId })
		.from(ltiDeployments)
		.where(
			and(eq(ltiDeployments.platformId, platformId), eq(ltiDeployments.deploymentId, deploymentId))
		);
	return row !== undefined;
}

export interface PlatformSummary extends PlatformRow {
	deploymentIds: string[];
}

export async function listPlatforms(db: Executor): Promise<PlatformSummary[]> {
	const [platforms, deployments] = await Promise.all([
		db.select().from(ltiPlatforms).orderBy(asc(ltiPlatforms.createdAt)),
		db.select().from(ltiDeployments).orderBy(asc(ltiDeployments.createdAt))
	]);
	return platforms.map((p) => ({
		...p,
		deploymentIds: deployments.filter((d) => d.platformId === p.id).map((d) => d.deploymentId)
	}));
}

export async function deletePlatform(db: Executor, id: string) {
	await db.delete(ltiPlatforms).where(eq(ltiPlatforms.id, id));
}

// ---- Platform keys -------------------------------------------------------------------------

const KEYS_KEPT_MS = 10 * 60_000;
const keySets = new Map<string, { keys: JSONWebKeySet; fetchedAt: number }>();

async function fetchKeys(platform: PlatformRow): Promise<JSONWebKeySet> {
	const response = await callPlatform(platform.jwksUrl, {
		headers: { accept: 'application/json' }
	});
	if (!response.ok) {
		throw new PlatformError(
			`The LMS's keys could not be read (${await platformReason(response)}).`,
			502
		);
	}
	const body = (await response.json().catch(() => null)) as JSONWebKeySet | null;
	if (!body || !Array.isArray(body.keys)) {
		throw new PlatformError("The LMS's key set is not a JWKS.", 502);
	}
	keySets.set(platform.id, { keys: body, fetchedAt: Date.now() });
	return body;
}

/** Forgets every platform's kept keys (tests; an admin's change of a platform's JWKS URL). */
export function forgetPlatformKeys(platformId?: string) {
	if (platformId) keySets.delete(platformId);
	else keySets.clear();
}

/**
 * Verifies a JWT the platform signed: by the key its header names, from the kept JWKS; when the
 * kept set has no such key (or is old), the JWKS is fetched again, once.
 */
export async function verifyPlatformJwt(
	platform: PlatformRow,
	jwt: string,
	options: JWTVerifyOptions
): Promise<JWTPayload> {
	const kept = keySets.get(platform.id);
	const fresh = !kept || Date.now() - kept.fetchedAt > KEYS_KEPT_MS;
	const keys = fresh ? await fetchKeys(platform) : kept.keys;
	try {
		return (await jwtVerify(jwt, createLocalJWKSet(keys), options)).payload;
	} catch (cause) {
		if (fresh || !(cause instanceof errors.JWKSNoMatchingKey)) throw cause;
		return (await jwtVerify(jwt, createLocalJWKSet(await fetchKeys(platform)), options)).payload;
	}
}
