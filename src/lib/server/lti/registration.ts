// LTI Dynamic Registration 1.0: the LMS opens /lti/register with its OpenID configuration's
// address and a registration token; Lectern reads the configuration, sends its own (the tool
// configuration), and stores the client id and deployment the LMS answers. Who may register
// is decided by the route: an administrator, or a one-time registration link made in /admin.
import { z } from 'zod';
import { refuse, type Refusal } from '../../refusal';
import type { Database } from '../db/client';
import { PlatformError, callPlatform, platformReason } from './http';
import { savePlatform, type PlatformRow } from './platforms';
import { SCOPE } from '../../lti/claims';

const PLATFORM_CONFIG = 'https://purl.imsglobal.org/spec/lti-platform-configuration';
const TOOL_CONFIG = 'https://purl.imsglobal.org/spec/lti-tool-configuration';

const httpUrl = z.url({ protocol: /^https?$/ });
export const platformConfigurationSchema = z.object({
	issuer: httpUrl,
	authorization_endpoint: httpUrl,
	token_endpoint: httpUrl,
	jwks_uri: httpUrl,
	registration_endpoint: httpUrl,
	scopes_supported: z.array(z.string()).default([]),
	[PLATFORM_CONFIG]: z
		.object({ product_family_code: z.string().optional(), version: z.string().optional() })
		.loose()
		.optional()
});
export type PlatformConfiguration = z.output<typeof platformConfigurationSchema>;

export type ConfigurationReading = { ok: true; configuration: PlatformConfiguration } | Refusal;

/** The LMS's OpenID configuration; its issuer must be the origin it is served from. */
export async function readPlatformConfiguration(address: string): Promise<ConfigurationReading> {
	const where = httpUrl.safeParse(address);
	if (!where.success) return refuse(400, 'The LMS sent no valid openid_configuration address.');
	let body: unknown;
	try {
		const response = await callPlatform(where.data, { headers: { accept: 'application/json' } });
		if (!response.ok)
			return refuse(
				400,
				`The LMS's configuration could not be read (${await platformReason(response)}).`
			);
		body = await response.json().catch(() => null);
	} catch (cause) {
		if (cause instanceof PlatformError) return refuse(400, cause.message);
		throw cause;
	}
	const parsed = platformConfigurationSchema.safeParse(body);
	if (!parsed.success) {
		const field = parsed.error.issues[0]!.path.join('.');
		return refuse(400, `The LMS's configuration is not an LTI platform configuration (${field}).`);
	}
	if (!where.data.startsWith(parsed.data.issuer.replace(/\/$/, ''))) {
		return refuse(400, "The LMS's configuration is not served from its issuer.");
	}
	return { ok: true, configuration: parsed.data };
}

/** What Lectern tells an LMS about itself (LTI DR 1.0 §3.3), for a tool at `origin`. */
export function toolConfiguration(origin: string, scopes: string[]) {
	const host = new URL(origin).host;
	const wanted = [SCOPE.lineItem, SCOPE.resultReadonly, SCOPE.score, SCOPE.memberships];
	return {
		application_type: 'web',
		response_types: ['id_token'],
		grant_types: ['implicit', 'client_credentials'],
		initiate_login_uri: `${origin}/lti/login`,
		redirect_uris: [`${origin}/lti/launch`, `${origin}/lti/deep-link`],
		client_name: 'Lectern',
		jwks_uri: `${origin}/lti/jwks`,
		logo_uri: `${origin}/favicon.svg`,
		token_endpoint_auth_method: 'private_key_jwt',
		scope: wanted.filter((s) => scopes.length === 0 || scopes.includes(s)).join(' '),
		[TOOL_CONFIG]: {
			domain: host,
			description: 'Articles as courses: modules, quizzes, moderated discussion.',
			target_link_uri: `${origin}/lti/launch`,
			claims: ['iss', 'sub', 'name', 'given_name', 'family_name'],
			messages: [
				{ type: 'LtiResourceLinkRequest', target_link_uri: `${origin}/lti/launch` },
				{
					type: 'LtiDeepLinkingRequest',
					target_link_uri: `${origin}/lti/launch`,
					label: 'Lectern article',
					placements: ['ContentArea']
				}
			]
		}
	};
}

const registrationAnswer = z.object({
	client_id: z.string().min(1).max(255),
	[TOOL_CONFIG]: z
		.object({ deployment_id: z.string().min(1).max(255).optional() })
		.loose()
		.optional()
});

export type Registered = { ok: true; platform: PlatformRow; deploymentId: string | null } | Refusal;

/** Registers Lectern with the LMS and stores the registration. */
export async function registerWith(
	db: Database,
	configuration: PlatformConfiguration,
	registrationToken: string | undefined,
	origin: string
): Promise<Registered> {
	let body: unknown;
	try {
		const response = await callPlatform(configuration.registration_endpoint, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				accept: 'application/json',
				...(registrationToken ? { authorization: `Bearer ${registrationToken}` } : {})
			},
			body: JSON.stringify(toolConfiguration(origin, configuration.scopes_supported))
		});
		if (!response.ok)
			return refuse(400, `The LMS refused the registration (${await platformReason(response)}).`);
		body = await response.json().catch(() => null);
	} catch (cause) {
		if (cause instanceof PlatformError) return refuse(400, cause.message);
		throw cause;
	}
	const answer = registrationAnswer.safeParse(body);
	if (!answer.success) return refuse(400, 'The LMS answered the registration without a client id.');
	const deploymentId = answer.data[TOOL_CONFIG]?.deployment_id ?? null;
	const product = configuration[PLATFORM_CONFIG]?.product_family_code;
	const platform = await savePlatform(db, {
		name: product
			? `${product} (${new URL(configuration.issuer).host})`
			: new URL(configuration.issuer).host,
		issuer: configuration.issuer,
		clientId: answer.data.client_id,
		authUrl: configuration.authorization_endpoint,
		tokenUrl: configuration.token_endpoint,
		jwksUrl: configuration.jwks_uri,
		deploymentIds: deploymentId ? [deploymentId] : [],
		registeredVia: 'dynamic'
	});
	return { ok: true, platform, deploymentId };
}
