// What /admin/lti does: manual registration of an LMS (issuer, client id, endpoints,
// deployments), removing one, registration links, and the tool's key rotation.
import { desc } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../audit';
import type { Database } from '../db/client';
import { ltiKeys } from '../db/schema';
import { text } from '../forms';
import { RETIRED_KEY_GRACE_MS, rotateKey } from './keys';
import {
	deletePlatform,
	findPlatformById,
	forgetPlatformKeys,
	listPlatforms,
	savePlatform
} from './platforms';

const endpoint = (label: string) =>
	z
		.string({ error: `${label} is required.` })
		.trim()
		.pipe(z.url({ protocol: /^https?$/, error: `${label} must be a web address (https://…).` }))
		.pipe(z.string().max(2048, `${label} can be at most 2048 characters.`));

export const platformForm = z.object({
	name: text('Name', { max: 100 }),
	issuer: endpoint('Issuer'),
	clientId: text('Client id', { max: 255 }),
	authUrl: endpoint('Authentication request URL'),
	tokenUrl: endpoint('Access token URL'),
	jwksUrl: endpoint('Public keyset URL'),
	deploymentIds: text('Deployment ids', { max: 2000 })
		.transform((v) => [...new Set(v.split(/[\s,]+/).filter(Boolean))])
		.refine((ids) => ids.length > 0, 'Give at least one deployment id.')
		.refine(
			(ids) => ids.every((id) => id.length <= 255),
			'A deployment id can be at most 255 characters.'
		)
});

export const platformIdForm = z.object({ platformId: z.uuid('Choose an LMS from the list.') });

export async function ltiAdminView(db: Database, origin: string, now = Date.now()) {
	const [platforms, keys] = await Promise.all([
		listPlatforms(db),
		db
			.select({ kid: ltiKeys.kid, createdAt: ltiKeys.createdAt, retiredAt: ltiKeys.retiredAt })
			.from(ltiKeys)
			.orderBy(desc(ltiKeys.createdAt))
	]);
	return {
		tool: {
			loginUrl: `${origin}/lti/login`,
			launchUrl: `${origin}/lti/launch`,
			deepLinkUrl: `${origin}/lti/deep-link`,
			jwksUrl: `${origin}/lti/jwks`,
			registerUrl: `${origin}/lti/register`
		},
		platforms,
		keys: keys
			.filter((k) => !k.retiredAt || now - k.retiredAt.getTime() < RETIRED_KEY_GRACE_MS)
			.map((k) => ({ ...k, current: !k.retiredAt }))
	};
}

type Admin = { id: string; displayName: string };

export async function addPlatform(
	db: Database,
	admin: Admin,
	input: z.output<typeof platformForm>
) {
	const platform = await savePlatform(db, { ...input, registeredVia: 'manual' });
	forgetPlatformKeys(platform.id);
	await recordAudit(db, admin, {
		action: 'lti.register',
		targetType: 'lti_platform',
		targetId: platform.id,
		details: { issuer: input.issuer, clientId: input.clientId, deployments: input.deploymentIds }
	});
	return platform;
}

export async function removePlatform(db: Database, admin: Admin, platformId: string) {
	const platform = await findPlatformById(db, platformId);
	if (!platform) return false;
	await deletePlatform(db, platformId);
	forgetPlatformKeys(platformId);
	await recordAudit(db, admin, {
		action: 'lti.remove',
		targetType: 'lti_platform',
		targetId: platformId,
		details: { issuer: platform.issuer, clientId: platform.clientId }
	});
	return true;
}

export async function rotateToolKey(db: Database, admin: Admin) {
	const kid = await rotateKey(db);
	await recordAudit(db, admin, { action: 'lti.rotate-key', targetType: 'lti_key', targetId: kid });
	return kid;
}
