// The tool's own RS256 keys: what Lectern signs with (deep linking responses, client
// assertions for the platform's token endpoint) and publishes at /lti/jwks. Made on first use,
// rotated from /admin: the new key signs at once, the old one stays published for a week so a
// platform that cached the JWKS keeps verifying what was signed just before.
import { randomUUID } from 'node:crypto';
import { desc, gt, isNull, or } from 'drizzle-orm';
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JWK, type JWTPayload } from 'jose';
import type { Database } from '../db/client';
import { ltiKeys } from '../db/schema';

/** How long a retired key stays in the JWKS. */
export const RETIRED_KEY_GRACE_MS = 7 * 24 * 3_600_000;
/** How long a process keeps the signing key before reading it again (another may rotate). */
const KEY_MEMO_MS = 60_000;

interface SigningKey {
	kid: string;
	key: CryptoKey;
	readAt: number;
}
let memo: SigningKey | null = null;

async function makeKey(db: Database): Promise<string> {
	const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
	const kid = randomUUID();
	const usage = { kid, alg: 'RS256', use: 'sig' };
	await db.insert(ltiKeys).values({
		kid,
		privateJwk: { ...(await exportJWK(privateKey)), ...usage } as Record<string, unknown>,
		publicJwk: { ...(await exportJWK(publicKey)), ...usage } as Record<string, unknown>
	});
	return kid;
}

/** The newest unretired key (two processes making the first at once: the later one signs). */
async function newestKey(db: Database) {
	const [row] = await db
		.select()
		.from(ltiKeys)
		.where(isNull(ltiKeys.retiredAt))
		.orderBy(desc(ltiKeys.createdAt), desc(ltiKeys.kid))
		.limit(1);
	return row;
}

/** The key that signs now (the newest unretired one), made when there is none. */
export async function signingKey(db: Database, now = Date.now()): Promise<SigningKey> {
	if (memo && now - memo.readAt < KEY_MEMO_MS) return memo;
	let row = await newestKey(db);
	if (!row) {
		await makeKey(db);
		row = (await newestKey(db))!;
	}
	const key = (await importJWK(row.privateJwk as JWK, 'RS256')) as CryptoKey;
	memo = { kid: row.kid, key, readAt: now };
	return memo;
}

/** Retires every current key and makes a new one; returns the new key's id. */
export async function rotateKey(db: Database, now = new Date()): Promise<string> {
	await db.update(ltiKeys).set({ retiredAt: now }).where(isNull(ltiKeys.retiredAt));
	const kid = await makeKey(db);
	memo = null;
	return kid;
}

/** The public JWKS: the signing key and the keys retired less than a week ago. */
export async function publicJwks(db: Database, now = Date.now()) {
	await signingKey(db);
	const rows = await db
		.select({ publicJwk: ltiKeys.publicJwk })
		.from(ltiKeys)
		.where(
			or(isNull(ltiKeys.retiredAt), gt(ltiKeys.retiredAt, new Date(now - RETIRED_KEY_GRACE_MS)))
		)
		.orderBy(desc(ltiKeys.createdAt));
	return { keys: rows.map((r) => r.publicJwk) };
}

/** A JWT signed with the tool's current key (`kid` in its header). */
export async function signJwt(
	db: Database,
	payload: JWTPayload,
	{ expiresIn = '5m' }: { expiresIn?: string } = {}
): Promise<string> {
	const { kid, key } = await signingKey(db);
	return new SignJWT(payload)
		.setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
		.setIssuedAt()
		.setExpirationTime(expiresIn)
		.setJti(randomUUID())
		.sign(key);
}
