// What an LTI 1.3 launch says (1EdTech LTI Core 1.3, Deep Linking 2.0, NRPS 2.0, AGS 2.0),
// read from an id_token's payload whose signature, issuer, audience and times are already
// checked (see server/lti/launch.ts). Pure: no I/O, no framework.
import { z } from 'zod';

export const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
export const CLAIM = {
	messageType: `${LTI}message_type`,
	version: `${LTI}version`,
	deploymentId: `${LTI}deployment_id`,
	targetLinkUri: `${LTI}target_link_uri`,
	resourceLink: `${LTI}resource_link`,
	roles: `${LTI}roles`,
	context: `${LTI}context`,
	custom: `${LTI}custom`,
	launchPresentation: `${LTI}launch_presentation`,
	deepLinking: 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings',
	namesRoles: 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice',
	gradeService: 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint'
} as const;

export const SCOPE = {
	lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
	score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
	resultReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
	memberships: 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly'
} as const;

export const MESSAGE_TYPES = ['LtiResourceLinkRequest', 'LtiDeepLinkingRequest'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

const url = z.url({ protocol: /^https?$/ });
const id = z.string().min(1).max(255);

const launchClaims = z.object({
	sub: id,
	name: z.string().max(200).optional(),
	given_name: z.string().max(200).optional(),
	family_name: z.string().max(200).optional(),
	nonce: z.string().min(1),
	[CLAIM.messageType]: z.enum(MESSAGE_TYPES, { error: 'is not a launch Lectern knows' }),
	[CLAIM.version]: z.literal('1.3.0', { error: 'must be 1.3.0' }),
	[CLAIM.deploymentId]: id,
	[CLAIM.targetLinkUri]: url,
	[CLAIM.roles]: z.array(z.string().max(255)).max(100),
	[CLAIM.resourceLink]: z.object({ id, title: z.string().max(300).optional() }).optional(),
	[CLAIM.context]: z
		.object({ id, label: z.string().max(200).optional(), title: z.string().max(300).optional() })
		.optional(),
	[CLAIM.custom]: z.record(z.string(), z.unknown()).optional(),
	[CLAIM.launchPresentation]: z
		.object({ document_target: z.string().optional(), return_url: url.optional() })
		.optional(),
	[CLAIM.deepLinking]: z
		.object({
			deep_link_return_url: url,
			accept_types: z.array(z.string()),
			accept_multiple: z.boolean().optional(),
			data: z.string().max(4096).optional()
		})
		.optional(),
	[CLAIM.namesRoles]: z
		.object({ context_memberships_url: url, service_versions: z.array(z.string()).optional() })
		.optional(),
	[CLAIM.gradeService]: z
		.object({
			scope: z.array(z.string()),
			lineitems: url.optional(),
			lineitem: url.optional()
		})
		.optional()
});

export type Role = 'instructor' | 'learner' | 'other';

/** A launch, in the words Lectern uses. */
export interface Launch {
	messageType: MessageType;
	subject: string;
	name: string;
	deploymentId: string;
	targetLinkUri: string;
	role: Role;
	resourceLink: { id: string; title: string | null } | null;
	context: { id: string; title: string } | null;
	custom: Record<string, string>;
	/** Where the platform shows the tool: `iframe`, `window`, `frame`… (null: not said). */
	documentTarget: string | null;
	deepLinking: { returnUrl: string; acceptTypes: string[]; data: string | null } | null;
	membershipsUrl: string | null;
	grades: { scopes: string[]; lineItemsUrl: string | null; lineItemUrl: string | null } | null;
}

export type LaunchReading = { ok: true; launch: Launch } | { ok: false; message: string };

/** The launch an id_token's payload describes, or what is wrong with it in one sentence. */
export function readLaunch(payload: Record<string, unknown>): LaunchReading {
	const parsed = launchClaims.safeParse(payload);
	if (!parsed.success) {
		const issue = parsed.error.issues[0]!;
		const key = String(issue.path[0] ?? '');
		const claim = key.replace(LTI, '') || 'token';
		const problem = payload[key] === undefined ? 'is missing' : claimProblem(issue);
		return { ok: false, message: `The launch’s ${claim} claim ${problem}.` };
	}
	const c = parsed.data;
	const messageType = c[CLAIM.messageType];
	const link = c[CLAIM.resourceLink];
	if (messageType === 'LtiResourceLinkRequest' && !link) {
		return { ok: false, message: 'The launch names no resource link.' };
	}
	const deepLinking = c[CLAIM.deepLinking];
	if (messageType === 'LtiDeepLinkingRequest' && !deepLinking) {
		return { ok: false, message: 'The deep linking launch has no deep linking settings.' };
	}
	const context = c[CLAIM.context];
	const grades = c[CLAIM.gradeService];
	const name =
		c.name?.trim() || [c.given_name, c.family_name].filter(Boolean).join(' ').trim() || 'LMS user';
	return {
		ok: true,
		launch: {
			messageType,
			subject: c.sub,
			name: name.slice(0, 80),
			deploymentId: c[CLAIM.deploymentId],
			targetLinkUri: c[CLAIM.targetLinkUri],
			role: roleOf(c[CLAIM.roles]),
			resourceLink: link ? { id: link.id, title: link.title ?? null } : null,
			context: context
				? { id: context.id, title: (context.title || context.label || 'LMS course').slice(0, 80) }
				: null,
			custom: Object.fromEntries(
				Object.entries(c[CLAIM.custom] ?? {}).flatMap(([k, v]) =>
					typeof v === 'string' ? [[k, v]] : []
				)
			),
			documentTarget: c[CLAIM.launchPresentation]?.document_target ?? null,
			deepLinking: deepLinking
				? {
						returnUrl: deepLinking.deep_link_return_url,
						acceptTypes: deepLinking.accept_types,
						data: deepLinking.data ?? null
					}
				: null,
			membershipsUrl: c[CLAIM.namesRoles]?.context_memberships_url ?? null,
			grades: grades
				? {
						scopes: grades.scope,
						lineItemsUrl: grades.lineitems ?? null,
						lineItemUrl: grades.lineitem ?? null
					}
				: null
		}
	};
}

function claimProblem(issue: z.core.$ZodIssue): string {
	if (issue.message.startsWith('is ') || issue.message.startsWith('must ')) return issue.message;
	return 'is not valid';
}

const INSTRUCTOR = [
	'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor',
	'http://purl.imsglobal.org/vocab/lis/v2/membership#ContentDeveloper',
	'http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant',
	'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator',
	'http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator',
	'Instructor',
	'ContentDeveloper'
];
const LEARNER = ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner', 'Learner'];

/**
 * What an LTI role list makes of a person in the course: teaching roles teach (an instructor
 * who is also enrolled as a learner teaches), a learner learns, anyone else (a mentor, an
 * observer) is neither and is given no class.
 */
export function roleOf(roles: readonly string[]): Role {
	if (roles.some((r) => INSTRUCTOR.includes(r))) return 'instructor';
	if (roles.some((r) => LEARNER.includes(r))) return 'learner';
	return 'other';
}

/** How long to wait before the `tries`-th retry of a grade: 5 s doubling, at most 6 hours. */
export function retryDelayMs(tries: number): number {
	return Math.min(5_000 * 2 ** Math.max(0, Math.min(tries, 30) - 1), 6 * 3_600_000);
}

/** A learner's standing on a linked assignment, as the gradebook computes it. */
export interface Standing {
	status: 'not-started' | 'in-progress' | 'done';
	/** The gradebook's best quiz percent (0–100), null before any attempt or with no quiz. */
	bestScorePercent: number | null;
	requireQuiz: boolean;
}

/**
 * The AGS score for a standing (null: nothing to send yet). Done: the gradebook percent out of
 * 100 (full marks when the assignment has no quiz and its reading is done), Completed and
 * FullyGraded. Started: InProgress, no score yet (Pending), so the LMS shows work under way.
 */
export function scoreFor(
	standing: Standing,
	userId: string,
	now: Date
): { score: Record<string, unknown>; summary: string } | null {
	const timestamp = now.toISOString();
	if (standing.status === 'done') {
		const percent = standing.requireQuiz ? (standing.bestScorePercent ?? 0) : 100;
		const given = Math.round(percent * 100) / 100;
		return {
			summary: `done:${given}`,
			score: {
				userId,
				scoreGiven: given,
				scoreMaximum: 100,
				activityProgress: 'Completed',
				gradingProgress: 'FullyGraded',
				timestamp
			}
		};
	}
	if (standing.status === 'not-started') return null;
	return {
		summary: 'started',
		score: { userId, activityProgress: 'InProgress', gradingProgress: 'Pending', timestamp }
	};
}
