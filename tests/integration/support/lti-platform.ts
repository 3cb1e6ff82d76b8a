// A fake LMS (an LTI 1.3 "platform") for the integration tests of Lectern's LTI Advantage tool:
// a real HTTP server on a free loopback port with its own RS256 keys (jose), never a mock of
// Lectern's code. Tests drive it through dynamic registration, the OIDC third-party login and
// launch (resource link and deep linking), Names and Roles 2.0 and Assignment and Grade
// Services 2.0, make it refuse or go down, and tamper with the launches it signs.
//
// Endpoints (all under `issuer`, http://127.0.0.1:<port>):
//   GET       /.well-known/openid-configuration       platform configuration (LTI DR 1.0)
//   POST      /register                                dynamic registration (Bearer registration token)
//   GET       /jwks                                    the platform's public keys
//   GET|POST  /auth                                    OIDC authorization (implicit, form_post)
//   POST      /token                                   client credentials with a JWT client assertion
//   POST      /deep-link-return                        the tool's LtiDeepLinkingResponse (form JWT=)
//   GET       /return                                  launch_presentation return_url
//   GET       /contexts/<id>/memberships               NRPS 2.0 (limit, page, role)
//   GET|POST  /contexts/<id>/lineitems                 AGS line items (resource_link_id, tag, resource_id)
//   GET|PUT   /contexts/<id>/lineitems/<n>             one line item
//   POST      /contexts/<id>/lineitems/<n>/scores      AGS scores
//   GET       /contexts/<id>/lineitems/<n>/results     AGS results (latest score of each user)
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify } from 'jose';
import type { JWK, JWTPayload } from 'jose';

export interface PlatformUser {
	sub: string;
	name: string;
	givenName?: string;
	familyName?: string;
	email?: string;
	/** Full LTI role URIs. */
	roles: string[];
}

export const ROLES = {
	learner: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner',
	instructor: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor',
	admin: 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator'
};

export const SCOPES = {
	lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
	lineItemReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
	resultReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
	score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
	memberships: 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly'
};
const SERVICE_SCOPES: string[] = Object.values(SCOPES);

export type MemberStatus = 'Active' | 'Inactive' | 'Deleted';
export type PlatformMember = PlatformUser & { status?: MemberStatus };
export type MessageType = 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest';

export interface LaunchSpec {
	user: PlatformUser;
	/** Default LtiResourceLinkRequest. */
	messageType?: MessageType;
	/** Default { id: 'course-1', label: 'HIST 101', title: 'History 101' }. */
	context?: { id: string; label: string; title: string };
	resourceLink?: { id: string; title?: string };
	/** The tool URL the launch asks for. */
	targetLinkUri: string;
	/** Default the registered deployment id. */
	deploymentId?: string;
	custom?: Record<string, string>;
	/** The AGS claim's `lineitem` (a URL from createLineItem); undefined or null: none. */
	lineitem?: string | null;
	/** ISO date: sent as custom `due_at`, and the endDateTime of `lineitem` when that is ours. */
	dueAt?: string;
	/** Where the LMS shows the tool (`launch_presentation.document_target`); default iframe. */
	documentTarget?: 'iframe' | 'window';
	tamper?: {
		/** The id_token's target_link_uri, other than the one the login named. */
		targetLinkUri?: string;
		aud?: string | string[];
		azp?: string;
		expSecondsFromNow?: number;
		iatSecondsFromNow?: number;
		nonce?: string;
		iss?: string;
		/** 'unknown-kid': a key whose kid is never published; 'wrong-key': another key under the published kid. */
		signWith?: 'unknown-kid' | 'wrong-key';
		version?: string;
		messageType?: string;
		/** Claim names deleted after the id_token is built. */
		dropClaims?: string[];
	};
}

export interface LineItem {
	id: string;
	label: string;
	scoreMaximum: number;
	resourceLinkId?: string;
	resourceId?: string;
	tag?: string;
	startDateTime?: string;
	endDateTime?: string;
}

/** A score as received (the parsed JSON body). */
export interface Score {
	userId: string;
	scoreGiven?: number;
	scoreMaximum?: number;
	comment?: string;
	timestamp: string;
	activityProgress: string;
	gradingProgress: string;
	[field: string]: unknown;
}

export interface ToolConfig {
	jwksUri: string;
	redirectUris: string[];
	loginUri: string;
	deepLinkReturnUrl?: string;
}

export interface StartOptions {
	clientId?: string;
	deploymentId?: string;
}

type Context = { id: string; label: string; title: string };
interface SigningKey {
	kid: string;
	privateKey: CryptoKey;
	publicJwk: JWK;
}
interface PendingLaunch {
	spec: LaunchSpec;
	messageType: MessageType;
	deploymentId: string;
	context: Context;
	/** The deep_linking_settings `data` the tool must echo. */
	deepLinkData?: string;
}

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const AGS_CLAIM = 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint';
const NRPS_CLAIM = 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice';
const DL_SETTINGS = 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings';
const DL_DATA = 'https://purl.imsglobal.org/spec/lti-dl/claim/data';
const DL_ITEMS = 'https://purl.imsglobal.org/spec/lti-dl/claim/content_items';
const TOOL_CONFIG = 'https://purl.imsglobal.org/spec/lti-tool-configuration';
const PLATFORM_CONFIG = 'https://purl.imsglobal.org/spec/lti-platform-configuration';
const MEDIA = {
	lineItem: 'application/vnd.ims.lis.v2.lineitem+json',
	lineItems: 'application/vnd.ims.lis.v2.lineitemcontainer+json',
	score: 'application/vnd.ims.lis.v1.score+json',
	results: 'application/vnd.ims.lis.v2.resultcontainer+json',
	members: 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json'
};
const DEFAULT_CONTEXT: Context = { id: 'course-1', label: 'HIST 101', title: 'History 101' };
const ACTIVITY = ['Initialized', 'Started', 'InProgress', 'Submitted', 'Completed'];
const GRADING = ['FullyGraded', 'Pending', 'PendingManual', 'Failed', 'NotReady'];
/** /contexts/<id>/memberships, /contexts/<id>/lineitems[/<n>[/scores|/results]] */
const SERVICE_PATH =
	/^\/contexts\/([^/]+)\/(memberships|lineitems)(?:\/(\d+)(?:\/(scores|results))?)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

// ---- small helpers ----------------------------------------------------------------------------

async function newKey(): Promise<SigningKey> {
	const { privateKey, publicKey } = await generateKeyPair('RS256');
	const kid = randomUUID();
	const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
	return { kid, privateKey, publicJwk };
}

const random = (bytes = 18) => randomBytes(bytes).toString('base64url');

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The LMS page's side of 1EdTech platform storage: keeps values for the tool's frame. */
const PLATFORM_STORAGE_SCRIPT = `<script>
const kept = {};
window.addEventListener('message', (event) => {
	const data = event.data || {};
	if (data.subject !== 'lti.put_data' && data.subject !== 'lti.get_data') return;
	if (data.subject === 'lti.put_data') kept[event.origin + ' ' + data.key] = data.value;
	event.source.postMessage(
		{ subject: data.subject + '.response', message_id: data.message_id, key: data.key, value: kept[event.origin + ' ' + data.key] },
		event.origin
	);
});
window.forgetPlatformStorage = () => { for (const key in kept) delete kept[key]; };
</script>`;

function send(
	res: ServerResponse,
	status: number,
	body: string,
	type = 'text/plain; charset=utf-8',
	headers: Record<string, string> = {}
): void {
	res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
	res.end(body);
}

function sendJson(
	res: ServerResponse,
	status: number,
	value: unknown,
	type = 'application/json',
	headers: Record<string, string> = {}
): void {
	send(res, status, JSON.stringify(value), type, headers);
}

const oauthError = (res: ServerResponse, status: number, error: string, description: string) =>
	sendJson(res, status, { error, error_description: description });

async function readBody(req: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > 1_000_000) throw new Error('request body too large');
		chunks.push(chunk);
	}
	return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

function mediaType(req: IncomingMessage): string {
	return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isUrl = (v: unknown): v is string => isString(v) && URL.canParse(v);
const message = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

function decodeSegment(segment: string): string | null {
	try {
		return decodeURIComponent(segment);
	} catch {
		return null;
	}
}

/** A line item body (POST or PUT) checked, or the reason it is refused. */
function parseLineItem(body: unknown): Omit<LineItem, 'id'> | string {
	if (!isRecord(body)) return 'the body is not a JSON object';
	const { label, scoreMaximum } = body;
	if (!isString(label)) return 'label is required';
	if (typeof scoreMaximum !== 'number' || !(scoreMaximum > 0)) {
		return 'scoreMaximum must be a number greater than 0';
	}
	const item: Omit<LineItem, 'id'> = { label, scoreMaximum };
	for (const field of ['resourceLinkId', 'resourceId', 'tag'] as const) {
		const value = body[field];
		if (value === undefined || value === null) continue;
		if (typeof value !== 'string') return `${field} must be a string`;
		item[field] = value;
	}
	for (const field of ['startDateTime', 'endDateTime'] as const) {
		const value = body[field];
		if (value === undefined || value === null) continue;
		if (typeof value !== 'string' || !ISO_DATE.test(value)) return `${field} must be an ISO date`;
		item[field] = value;
	}
	return item;
}

/** A score body checked, or the reason it is refused. */
function parseScore(body: unknown): Score | string {
	if (!isRecord(body)) return 'the body is not a JSON object';
	const { userId, scoreGiven, scoreMaximum, comment, timestamp } = body;
	const { activityProgress, gradingProgress } = body;
	if (!isString(userId)) return 'userId is required';
	if (typeof timestamp !== 'string' || !ISO_DATE.test(timestamp) || isNaN(Date.parse(timestamp))) {
		return 'timestamp must be an ISO 8601 date and time';
	}
	if (typeof activityProgress !== 'string' || !ACTIVITY.includes(activityProgress)) {
		return `activityProgress must be one of ${ACTIVITY.join(', ')}`;
	}
	if (typeof gradingProgress !== 'string' || !GRADING.includes(gradingProgress)) {
		return `gradingProgress must be one of ${GRADING.join(', ')}`;
	}
	if (scoreMaximum !== undefined && (typeof scoreMaximum !== 'number' || !(scoreMaximum > 0))) {
		return 'scoreMaximum must be a number greater than 0';
	}
	if (scoreGiven !== undefined) {
		if (typeof scoreGiven !== 'number' || !(scoreGiven >= 0)) return 'scoreGiven must be >= 0';
		if (scoreMaximum === undefined) return 'scoreGiven requires scoreMaximum';
	}
	if (comment !== undefined && typeof comment !== 'string') return 'comment must be a string';
	return body as Score;
}

/** A dynamic registration body checked, or the reason it is refused (LTI DR 1.0 §3.3-3.4). */
function registrationProblem(body: unknown): string | null {
	if (!isRecord(body)) return 'the body is not a JSON object';
	if (body.application_type !== 'web') return "application_type must be 'web'";
	if (!isStringArray(body.response_types) || !body.response_types.includes('id_token')) {
		return "response_types must include 'id_token'";
	}
	const grants = body.grant_types;
	if (
		!isStringArray(grants) ||
		!grants.includes('implicit') ||
		!grants.includes('client_credentials')
	) {
		return "grant_types must include 'implicit' and 'client_credentials'";
	}
	if (!isUrl(body.initiate_login_uri)) return 'initiate_login_uri must be a URL';
	const redirects = body.redirect_uris;
	if (!Array.isArray(redirects) || redirects.length === 0 || !redirects.every(isUrl)) {
		return 'redirect_uris must be an array of URLs';
	}
	if (!isUrl(body.jwks_uri)) return 'jwks_uri must be a URL';
	if (body.token_endpoint_auth_method !== 'private_key_jwt') {
		return "token_endpoint_auth_method must be 'private_key_jwt'";
	}
	if (!isString(body.client_name)) return 'client_name is required';
	const tool = body[TOOL_CONFIG];
	if (!isRecord(tool)) return `${TOOL_CONFIG} is required`;
	if (!isString(tool.domain)) return `${TOOL_CONFIG}.domain is required`;
	if (!isUrl(tool.target_link_uri)) return `${TOOL_CONFIG}.target_link_uri must be a URL`;
	if (!isStringArray(tool.claims)) return `${TOOL_CONFIG}.claims must be an array of strings`;
	const messages = tool.messages;
	if (!Array.isArray(messages)) return `${TOOL_CONFIG}.messages must be an array`;
	for (const m of messages) {
		if (!isRecord(m) || !isString(m.type)) return `${TOOL_CONFIG}.messages[] needs a type`;
		if (m.target_link_uri !== undefined && !isUrl(m.target_link_uri)) {
			return `${TOOL_CONFIG}.messages[].target_link_uri must be a URL`;
		}
	}
	return null;
}

// ---- the platform -----------------------------------------------------------------------------

export class TestPlatform {
	readonly issuer: string;
	readonly url: string;
	readonly authUrl: string;
	readonly tokenUrl: string;
	readonly jwksUrl: string;
	readonly openIdConfigurationUrl: string;
	readonly registrationUrl: string;
	readonly deepLinkReturnUrl: string;
	readonly guid = randomUUID();
	clientId: string;
	deploymentId: string;
	/** The tool under test (register() or configureTool()). */
	tool: ToolConfig | null = null;

	jwksFetches = 0;
	requests: Array<{
		method: string;
		path: string;
		search: string;
		userAgent: string | undefined;
		authorization?: string;
	}> = [];
	deepLinkResponses: Array<{ claims: Record<string, unknown>; contentItems: unknown[] }> = [];
	tokensIssued: Array<{ scope: string[] }> = [];
	registrations: Array<Record<string, unknown>> = [];

	private readonly server: Server;
	private readonly keys: SigningKey[] = [];
	private strayKey: SigningKey | null = null;
	private down = false;
	private readonly launches = new Map<string, PendingLaunch>();
	private readonly contexts = new Map<string, Context>([[DEFAULT_CONTEXT.id, DEFAULT_CONTEXT]]);
	private readonly members = new Map<string, PlatformMember[]>();
	private readonly items = new Map<string, { contextId: string; item: LineItem }>();
	private readonly received = new Map<string, Score[]>();
	private readonly refusals = new Map<string, { status: number; reason: string }>();
	private readonly accessTokens = new Map<string, { scopes: string[]; expiresAt: number }>();
	private readonly usedJtis = new Set<string>();
	private readonly registrationTokens = new Set<string>();
	private readonly coursePages = new Map<string, { frame: string; storage: boolean }>();
	private nextItem = 1;

	private constructor(server: Server, origin: string, options: StartOptions) {
		this.server = server;
		this.issuer = this.url = origin;
		this.authUrl = `${origin}/auth`;
		this.tokenUrl = `${origin}/token`;
		this.jwksUrl = `${origin}/jwks`;
		this.openIdConfigurationUrl = `${origin}/.well-known/openid-configuration`;
		this.registrationUrl = `${origin}/register`;
		this.deepLinkReturnUrl = `${origin}/deep-link-return`;
		this.clientId = options.clientId ?? 'lectern-test-client';
		this.deploymentId = options.deploymentId ?? 'deployment-1';
	}

	static async start(options: StartOptions = {}): Promise<TestPlatform> {
		const server = createServer();
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(0, '127.0.0.1', () => resolve());
		});
		const { port } = server.address() as AddressInfo;
		const platform = new TestPlatform(server, `http://127.0.0.1:${port}`, options);
		platform.keys.push(await newKey());
		server.on('request', (req: IncomingMessage, res: ServerResponse) => {
			void platform.handle(req, res);
		});
		return platform;
	}

	async stop(): Promise<void> {
		await new Promise<void>((resolve) => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
	}

	// ---- what tests set up ----

	configureTool(tool: ToolConfig): void {
		this.tool = { ...tool, redirectUris: [...tool.redirectUris] };
	}

	setMembers(contextId: string, members: PlatformMember[]): void {
		this.members.set(contextId, [...members]);
		if (!this.contexts.has(contextId)) {
			this.contexts.set(contextId, { id: contextId, label: contextId, title: contextId });
		}
	}

	createLineItem(contextId: string, item: Omit<LineItem, 'id'>): string {
		const id = `${this.contextUrl(contextId)}/lineitems/${this.nextItem++}`;
		this.items.set(id, { contextId, item: { ...item, id } });
		return id;
	}

	lineItems(contextId: string): LineItem[] {
		return [...this.items.values()]
			.filter((entry) => entry.contextId === contextId)
			.map((entry) => ({ ...entry.item }));
	}

	scores(lineItemUrl: string): Score[] {
		return [...(this.received.get(lineItemUrl) ?? [])];
	}

	refuseScoresFor(userSub: string, status: number, reason: string): void {
		this.refusals.set(userSub, { status, reason });
	}

	setDown(down: boolean): void {
		this.down = down;
	}

	/** Forgets every access token issued: the next service call is answered 401. */
	revokeTokens(): void {
		this.accessTokens.clear();
	}

	async rotateKey(): Promise<string> {
		const key = await newKey();
		this.keys.push(key);
		return key.kid;
	}

	/**
	 * A course page of the LMS that shows a launch in a frame, as an LMS does: the frame opens
	 * the tool's login initiation with the launch's parameters.
	 */
	coursePageUrl(
		toolLoginUrl: string,
		params: Record<string, string>,
		{ storage = false }: { storage?: boolean } = {}
	): string {
		const id = random();
		// An LMS with platform storage says so in the login initiation, and answers the tool's
		// lti.put_data / lti.get_data messages from its page.
		const query = new URLSearchParams(
			storage ? { ...params, lti_storage_target: '_parent' } : params
		);
		this.coursePages.set(id, { frame: `${toolLoginUrl}?${query}`, storage });
		return `${this.url}/course/${id}`;
	}

	registrationLaunchUrl(toolRegisterUrl: string): string {
		const token = random();
		this.registrationTokens.add(token);
		const query = new URLSearchParams({
			openid_configuration: this.openIdConfigurationUrl,
			registration_token: token
		});
		return `${toolRegisterUrl}${toolRegisterUrl.includes('?') ? '&' : '?'}${query}`;
	}

	/** The parameters of the OIDC login initiation the platform would send to the tool. */
	beginLaunch(spec: LaunchSpec): Record<string, string> {
		const context = spec.context ?? DEFAULT_CONTEXT;
		this.contexts.set(context.id, { ...context });
		const messageType = spec.messageType ?? 'LtiResourceLinkRequest';
		const launch: PendingLaunch = {
			spec,
			messageType,
			deploymentId: spec.deploymentId ?? this.deploymentId,
			context,
			deepLinkData: messageType === 'LtiDeepLinkingRequest' ? random() : undefined
		};
		const ours = spec.lineitem ? this.items.get(spec.lineitem) : undefined;
		if (spec.dueAt && ours) ours.item.endDateTime = spec.dueAt;
		const launchId = random();
		this.launches.set(launchId, launch);
		return {
			iss: this.issuer,
			login_hint: spec.user.sub,
			target_link_uri: spec.targetLinkUri,
			lti_message_hint: launchId,
			client_id: this.clientId,
			lti_deployment_id: launch.deploymentId
		};
	}

	// ---- the server ----

	private contextUrl(contextId: string): string {
		return `${this.issuer}/contexts/${encodeURIComponent(contextId)}`;
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', this.issuer);
		const method = req.method ?? 'GET';
		const authorization = req.headers.authorization;
		this.requests.push({
			method,
			path: url.pathname,
			search: url.search,
			userAgent: req.headers['user-agent'],
			...(authorization !== undefined ? { authorization } : {})
		});
		try {
			await this.route(req, res, url, method);
		} catch (error) {
			if (!res.headersSent) send(res, 500, `test platform failed: ${message(error)}`);
			else res.end();
		}
	}

	private async route(req: IncomingMessage, res: ServerResponse, url: URL, method: string) {
		const path = url.pathname;
		const form = async () => new URLSearchParams(await readBody(req));
		if (path === '/.well-known/openid-configuration' && method === 'GET') {
			return sendJson(res, 200, this.configuration());
		}
		if (path === '/jwks' && method === 'GET') {
			this.jwksFetches++;
			return sendJson(res, 200, { keys: this.keys.map((k) => k.publicJwk) });
		}
		if (path === '/register' && method === 'POST') return this.register(req, res);
		if (path === '/auth' && method === 'GET') return this.authorize(res, url.searchParams);
		if (path === '/auth' && method === 'POST') return this.authorize(res, await form());
		if (path === '/deep-link-return' && method === 'POST') {
			return this.receiveDeepLink(res, await form());
		}
		if (path === '/return' && method === 'GET') return send(res, 200, 'Returned to the LMS');
		if (path.startsWith('/course/') && method === 'GET') {
			const course = this.coursePages.get(path.slice('/course/'.length));
			if (!course) return send(res, 404, 'No such course page');
			const page = `<!doctype html><html lang="en"><head><title>History 101 · Test LMS</title></head><body><h1>History 101</h1><iframe title="Lectern" src="${escapeHtml(course.frame)}" width="900" height="700"></iframe>${course.storage ? PLATFORM_STORAGE_SCRIPT : ''}</body></html>`;
			return send(res, 200, page, 'text/html; charset=utf-8');
		}
		const isService = path === '/token' || path.startsWith('/contexts/');
		if (isService && this.down) {
			return oauthError(res, 503, 'temporarily_unavailable', 'the test LMS is down');
		}
		if (path === '/token' && method === 'POST') return this.issueToken(res, await form());
		const match = SERVICE_PATH.exec(path);
		const contextId = match ? decodeSegment(match[1]!) : null;
		if (match && contextId !== null) {
			const [, , service, itemNumber, sub] = match;
			if (service === 'memberships' && method === 'GET') {
				if (!this.bearer(req, res, [SCOPES.memberships])) return;
				return this.memberships(res, url, contextId);
			}
			if (service === 'lineitems') {
				return this.lineItemRoute(req, res, url, method, contextId, itemNumber, sub);
			}
		}
		send(res, 404, `no such endpoint: ${method} ${path}`);
	}

	private configuration() {
		return {
			issuer: this.issuer,
			authorization_endpoint: this.authUrl,
			token_endpoint: this.tokenUrl,
			jwks_uri: this.jwksUrl,
			registration_endpoint: this.registrationUrl,
			scopes_supported: ['openid', ...SERVICE_SCOPES],
			response_types_supported: ['id_token'],
			subject_types_supported: ['public', 'pairwise'],
			id_token_signing_alg_values_supported: ['RS256'],
			token_endpoint_auth_methods_supported: ['private_key_jwt'],
			token_endpoint_auth_signing_alg_values_supported: ['RS256'],
			claims_supported: ['sub', 'iss', 'name', 'given_name', 'family_name', 'email'],
			[PLATFORM_CONFIG]: {
				product_family_code: 'lectern-test-lms',
				version: '1.0',
				messages_supported: [{ type: 'LtiResourceLinkRequest' }, { type: 'LtiDeepLinkingRequest' }]
			}
		};
	}

	// ---- dynamic registration ----

	private async register(req: IncomingMessage, res: ServerResponse) {
		const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
		if (!token || !this.registrationTokens.has(token)) {
			return oauthError(res, 401, 'invalid_token', 'a valid registration token is required');
		}
		const body = parseJson(await readBody(req));
		const problem = registrationProblem(body);
		if (problem || !isRecord(body)) {
			return oauthError(res, 400, 'invalid_client_metadata', problem ?? 'bad body');
		}
		const tool = body[TOOL_CONFIG] as Record<string, unknown> & { messages: unknown[] };
		const deepLink = tool.messages.find(
			(m): m is { type: string; target_link_uri?: string } =>
				isRecord(m) && m.type === 'LtiDeepLinkingRequest'
		);
		this.clientId = `client-${random(9)}`;
		this.deploymentId = `deployment-${random(6)}`;
		this.configureTool({
			jwksUri: body.jwks_uri as string,
			redirectUris: body.redirect_uris as string[],
			loginUri: body.initiate_login_uri as string,
			...(deepLink
				? { deepLinkReturnUrl: deepLink.target_link_uri ?? (tool.target_link_uri as string) }
				: {})
		});
		this.registrations.push(body);
		sendJson(res, 200, {
			...body,
			client_id: this.clientId,
			[TOOL_CONFIG]: { ...tool, deployment_id: this.deploymentId }
		});
	}

	// ---- the launch ----

	private async authorize(res: ServerResponse, params: URLSearchParams) {
		const refuse = (problem: string) => send(res, 400, `Launch refused: ${problem}`);
		const p = (name: string) => params.get(name) ?? '';
		if (!this.tool) return refuse('no tool is configured on this platform');
		if (!p('scope').split(' ').includes('openid')) return refuse('scope must include openid');
		if (p('response_type') !== 'id_token') return refuse('response_type must be id_token');
		if (p('response_mode') !== 'form_post') return refuse('response_mode must be form_post');
		if (p('prompt') !== 'none') return refuse('prompt must be none');
		if (p('client_id') !== this.clientId) return refuse(`unknown client_id '${p('client_id')}'`);
		const redirectUri = p('redirect_uri');
		if (!this.tool.redirectUris.includes(redirectUri)) {
			return refuse(`redirect_uri '${redirectUri}' is not registered`);
		}
		const launch = this.launches.get(p('lti_message_hint'));
		if (!launch) return refuse('lti_message_hint names no launch');
		if (p('login_hint') !== launch.spec.user.sub) {
			return refuse('login_hint does not match the launch');
		}
		if (!p('nonce')) return refuse('nonce is required');
		if (!p('state')) return refuse('state is required');
		const idToken = await this.sign(
			this.launchClaims(launch, p('nonce')),
			launch.spec.tamper?.signWith
		);
		send(
			res,
			200,
			[
				'<!doctype html>',
				'<html><head><meta charset="utf-8"><title>Launching</title></head><body>',
				`<form method="post" action="${escapeHtml(redirectUri)}">`,
				`<input type="hidden" name="id_token" value="${escapeHtml(idToken)}">`,
				`<input type="hidden" name="state" value="${escapeHtml(p('state'))}">`,
				'<button type="submit">Continue</button>',
				'</form></body></html>'
			].join('\n'),
			'text/html; charset=utf-8'
		);
	}

	private launchClaims(launch: PendingLaunch, nonce: string): JWTPayload {
		const { spec, context } = launch;
		const tamper = spec.tamper ?? {};
		const now = Math.floor(Date.now() / 1000);
		const custom = { ...spec.custom, ...(spec.dueAt ? { due_at: spec.dueAt } : {}) };
		const claims: JWTPayload = {
			iss: tamper.iss ?? this.issuer,
			aud: tamper.aud ?? this.clientId,
			azp: tamper.azp ?? this.clientId,
			sub: spec.user.sub,
			exp: now + (tamper.expSecondsFromNow ?? 300),
			iat: now + (tamper.iatSecondsFromNow ?? 0),
			nonce: tamper.nonce ?? nonce,
			name: spec.user.name,
			given_name: spec.user.givenName,
			family_name: spec.user.familyName,
			email: spec.user.email,
			[`${LTI}message_type`]: tamper.messageType ?? launch.messageType,
			[`${LTI}version`]: tamper.version ?? '1.3.0',
			[`${LTI}deployment_id`]: launch.deploymentId,
			[`${LTI}target_link_uri`]: tamper.targetLinkUri ?? spec.targetLinkUri,
			[`${LTI}roles`]: spec.user.roles,
			[`${LTI}context`]: {
				...context,
				type: ['http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering']
			},
			[`${LTI}tool_platform`]: {
				guid: this.guid,
				name: 'Test LMS',
				product_family_code: 'lectern-test-lms'
			},
			[`${LTI}launch_presentation`]: {
				document_target: spec.documentTarget ?? 'iframe',
				return_url: `${this.issuer}/return`
			},
			[NRPS_CLAIM]: {
				context_memberships_url: `${this.contextUrl(context.id)}/memberships`,
				service_versions: ['2.0']
			},
			[AGS_CLAIM]: {
				scope: [SCOPES.lineItem, SCOPES.lineItemReadonly, SCOPES.resultReadonly, SCOPES.score],
				lineitems: `${this.contextUrl(context.id)}/lineitems`,
				...(spec.lineitem ? { lineitem: spec.lineitem } : {})
			}
		};
		if (Object.keys(custom).length > 0) claims[`${LTI}custom`] = custom;
		if (launch.messageType === 'LtiDeepLinkingRequest') {
			claims[DL_SETTINGS] = {
				deep_link_return_url: this.deepLinkReturnUrl,
				accept_types: ['ltiResourceLink'],
				accept_presentation_document_targets: ['iframe', 'window'],
				accept_multiple: false,
				auto_create: true,
				data: launch.deepLinkData
			};
		} else if (spec.resourceLink) {
			claims[`${LTI}resource_link`] = { ...spec.resourceLink };
		}
		for (const name of tamper.dropClaims ?? []) delete claims[name];
		return claims;
	}

	private async sign(claims: JWTPayload, signWith?: 'unknown-kid' | 'wrong-key'): Promise<string> {
		const current = this.keys[this.keys.length - 1]!;
		let kid = current.kid;
		let key = current.privateKey;
		if (signWith) {
			// A key never published: under its own kid, or passed off as the published one.
			this.strayKey ??= await newKey();
			key = this.strayKey.privateKey;
			if (signWith === 'unknown-kid') kid = this.strayKey.kid;
		}
		return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(key);
	}

	private async receiveDeepLink(res: ServerResponse, form: URLSearchParams) {
		const refuse = (problem: string) => send(res, 400, `Deep link refused: ${problem}`);
		const jwt = form.get('JWT');
		if (!jwt) return refuse('the form has no JWT');
		if (!this.tool) return refuse('no tool is configured on this platform');
		let claims: JWTPayload;
		try {
			const keys = createRemoteJWKSet(new URL(this.tool.jwksUri), { cooldownDuration: 0 });
			({ payload: claims } = await jwtVerify(jwt, keys, {
				issuer: this.clientId,
				audience: this.issuer,
				algorithms: ['RS256'],
				requiredClaims: ['iat', 'exp']
			}));
		} catch (error) {
			return refuse(`the JWT does not verify (${message(error)})`);
		}
		if (!isString(claims.nonce)) return refuse('nonce is missing');
		if (claims[`${LTI}message_type`] !== 'LtiDeepLinkingResponse') {
			return refuse('message_type must be LtiDeepLinkingResponse');
		}
		if (claims[`${LTI}version`] !== '1.3.0') return refuse("version must be '1.3.0'");
		const data = claims[DL_DATA];
		const launch = [...this.launches.values()].find(
			(l) => l.deepLinkData !== undefined && l.deepLinkData === data
		);
		if (!launch) return refuse('data does not match any deep linking request');
		if (claims[`${LTI}deployment_id`] !== launch.deploymentId) {
			return refuse('deployment_id does not match the request');
		}
		const items = claims[DL_ITEMS];
		this.deepLinkResponses.push({
			claims: { ...claims },
			contentItems: Array.isArray(items) ? items : []
		});
		send(res, 200, 'Deep link received');
	}

	// ---- services ----

	private async issueToken(res: ServerResponse, form: URLSearchParams) {
		if (form.get('grant_type') !== 'client_credentials') {
			return oauthError(
				res,
				400,
				'unsupported_grant_type',
				'grant_type must be client_credentials'
			);
		}
		if (
			form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
		) {
			return oauthError(res, 400, 'invalid_request', 'client_assertion_type must be jwt-bearer');
		}
		const assertion = form.get('client_assertion');
		if (!assertion) return oauthError(res, 400, 'invalid_request', 'client_assertion is required');
		if (!this.tool) return oauthError(res, 401, 'invalid_client', 'no tool is configured');
		let jti: unknown;
		try {
			const keys = createRemoteJWKSet(new URL(this.tool.jwksUri), { cooldownDuration: 0 });
			const { payload } = await jwtVerify(assertion, keys, {
				issuer: this.clientId,
				subject: this.clientId,
				audience: this.tokenUrl,
				algorithms: ['RS256'],
				requiredClaims: ['exp', 'jti']
			});
			jti = payload.jti;
		} catch (error) {
			return oauthError(res, 401, 'invalid_client', `client assertion refused (${message(error)})`);
		}
		if (!isString(jti)) return oauthError(res, 401, 'invalid_client', 'jti is required');
		if (this.usedJtis.has(jti)) {
			return oauthError(res, 401, 'invalid_client', 'client assertion jti was already used');
		}
		this.usedJtis.add(jti);
		const requested = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
		const scope = requested.filter((s) => SERVICE_SCOPES.includes(s));
		if (scope.length === 0)
			return oauthError(res, 400, 'invalid_scope', 'no supported scope asked for');
		const accessToken = random(24);
		this.accessTokens.set(accessToken, { scopes: scope, expiresAt: Date.now() + 3_600_000 });
		this.tokensIssued.push({ scope });
		sendJson(res, 200, {
			access_token: accessToken,
			token_type: 'Bearer',
			expires_in: 3600,
			scope: scope.join(' ')
		});
	}

	/** True when the request carries a live access token with one of `scopes`; else answers. */
	private bearer(req: IncomingMessage, res: ServerResponse, scopes: string[]): boolean {
		const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
		const grant = token ? this.accessTokens.get(token) : undefined;
		if (!grant || grant.expiresAt < Date.now()) {
			sendJson(
				res,
				401,
				{ error: 'invalid_token', error_description: 'a valid access token is required' },
				'application/json',
				{
					'www-authenticate': 'Bearer error="invalid_token"'
				}
			);
			return false;
		}
		if (!scopes.some((s) => grant.scopes.includes(s))) {
			oauthError(res, 403, 'insufficient_scope', `the token lacks ${scopes.join(' or ')}`);
			return false;
		}
		return true;
	}

	private memberships(res: ServerResponse, url: URL, contextId: string) {
		const context = this.contexts.get(contextId);
		if (!context) return oauthError(res, 404, 'not_found', `no context ${contextId}`);
		const role = url.searchParams.get('role');
		const all = (this.members.get(contextId) ?? []).filter(
			(m) => !role || m.roles.some((r) => r === role || r.endsWith(`#${role}`))
		);
		const limitParam = url.searchParams.get('limit');
		const limit = Number(limitParam ?? '50');
		const page = Number(url.searchParams.get('page') ?? '1');
		if (!Number.isInteger(limit) || limit < 1 || !Number.isInteger(page) || page < 1) {
			return oauthError(res, 400, 'invalid_request', 'limit and page must be positive integers');
		}
		const base = `${this.contextUrl(contextId)}/memberships`;
		let members = all;
		const headers: Record<string, string> = {};
		if (limitParam !== null || all.length > 50) {
			const start = (page - 1) * limit;
			members = all.slice(start, start + limit);
			if (start + limit < all.length) {
				const next = new URL(base);
				if (role) next.searchParams.set('role', role);
				next.searchParams.set('limit', String(limit));
				next.searchParams.set('page', String(page + 1));
				headers.link = `<${next.href}>; rel="next"`;
			}
		}
		sendJson(
			res,
			200,
			{
				id: base,
				context: { id: context.id, label: context.label, title: context.title },
				members: members.map((m) => ({
					status: m.status ?? 'Active',
					name: m.name,
					given_name: m.givenName,
					family_name: m.familyName,
					email: m.email,
					user_id: m.sub,
					roles: m.roles
				}))
			},
			MEDIA.members,
			headers
		);
	}

	private async lineItemRoute(
		req: IncomingMessage,
		res: ServerResponse,
		url: URL,
		method: string,
		contextId: string,
		itemNumber: string | undefined,
		sub: string | undefined
	) {
		const read = [SCOPES.lineItem, SCOPES.lineItemReadonly];
		if (itemNumber === undefined) {
			if (method === 'GET') {
				if (!this.bearer(req, res, read)) return;
				const filters = [
					['resource_link_id', 'resourceLinkId'],
					['tag', 'tag'],
					['resource_id', 'resourceId']
				] as const;
				const found = this.lineItems(contextId).filter((item) =>
					filters.every(([param, field]) => {
						const wanted = url.searchParams.get(param);
						return wanted === null || item[field] === wanted;
					})
				);
				return sendJson(res, 200, found, MEDIA.lineItems);
			}
			if (method === 'POST') {
				if (!this.bearer(req, res, [SCOPES.lineItem])) return;
				const item = parseLineItem(parseJson(await readBody(req)));
				if (typeof item === 'string') return oauthError(res, 400, 'invalid_request', item);
				const id = this.createLineItem(contextId, item);
				return sendJson(res, 201, { ...item, id }, MEDIA.lineItem);
			}
			return send(res, 405, 'method not allowed');
		}
		const id = `${this.contextUrl(contextId)}/lineitems/${itemNumber}`;
		const entry = this.items.get(id);
		if (!entry || entry.contextId !== contextId) {
			return oauthError(res, 404, 'not_found', `no line item ${id}`);
		}
		if (sub === undefined && method === 'GET') {
			if (!this.bearer(req, res, read)) return;
			return sendJson(res, 200, entry.item, MEDIA.lineItem);
		}
		if (sub === undefined && method === 'PUT') {
			if (!this.bearer(req, res, [SCOPES.lineItem])) return;
			const item = parseLineItem(parseJson(await readBody(req)));
			if (typeof item === 'string') return oauthError(res, 400, 'invalid_request', item);
			entry.item = { ...item, id };
			return sendJson(res, 200, entry.item, MEDIA.lineItem);
		}
		if (sub === 'scores' && method === 'POST') {
			if (!this.bearer(req, res, [SCOPES.score])) return;
			if (mediaType(req) !== MEDIA.score) {
				return oauthError(res, 415, 'invalid_request', `content-type must be ${MEDIA.score}`);
			}
			const score = parseScore(parseJson(await readBody(req)));
			if (typeof score === 'string') return oauthError(res, 400, 'invalid_request', score);
			const refusal = this.refusals.get(score.userId);
			if (refusal) return oauthError(res, refusal.status, 'invalid_request', refusal.reason);
			this.received.set(id, [...(this.received.get(id) ?? []), score]);
			res.writeHead(204).end();
			return;
		}
		if (sub === 'results' && method === 'GET') {
			if (!this.bearer(req, res, [SCOPES.resultReadonly])) return;
			const latest = new Map<string, Score>();
			for (const score of this.received.get(id) ?? []) latest.set(score.userId, score);
			const results = [...latest.values()]
				.filter((s) => s.scoreGiven !== undefined)
				.map((s) => ({
					id: `${id}/results/${encodeURIComponent(s.userId)}`,
					scoreOf: id,
					userId: s.userId,
					resultScore: s.scoreGiven,
					resultMaximum: s.scoreMaximum,
					...(s.comment !== undefined ? { comment: s.comment } : {})
				}));
			return sendJson(res, 200, results, MEDIA.results);
		}
		send(res, 405, 'method not allowed');
	}
}
