import { describe, expect, it } from 'vitest';
import { CLAIM, readLaunch, retryDelayMs, roleOf, scoreFor } from './claims';

const LEARNER = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner';
const INSTRUCTOR = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor';

function payload(extra: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		iss: 'https://lms.example',
		sub: 'user-1',
		name: 'Ada Lovelace',
		nonce: 'n-1',
		[CLAIM.messageType]: 'LtiResourceLinkRequest',
		[CLAIM.version]: '1.3.0',
		[CLAIM.deploymentId]: 'd-1',
		[CLAIM.targetLinkUri]: 'https://lectern.example/lti/launch',
		[CLAIM.roles]: [LEARNER],
		[CLAIM.resourceLink]: { id: 'link-1', title: 'Week 1' },
		[CLAIM.context]: { id: 'course-1', label: 'HIST', title: 'History 101' },
		[CLAIM.custom]: { assignment: 'a-1', due_at: '2030-01-01T10:00:00Z', count: 3 },
		...extra
	};
}

describe('readLaunch', () => {
	it('reads a resource link launch in Lectern’s words', () => {
		const read = readLaunch(payload());
		expect(read).toEqual({
			ok: true,
			launch: expect.objectContaining({
				messageType: 'LtiResourceLinkRequest',
				subject: 'user-1',
				name: 'Ada Lovelace',
				deploymentId: 'd-1',
				role: 'learner',
				resourceLink: { id: 'link-1', title: 'Week 1' },
				context: { id: 'course-1', title: 'History 101' },
				// Only text custom parameters are kept.
				custom: { assignment: 'a-1', due_at: '2030-01-01T10:00:00Z' },
				deepLinking: null,
				membershipsUrl: null,
				grades: null
			})
		});
	});

	it('names the claim that is missing or wrong', () => {
		const noVersion = payload();
		delete noVersion[CLAIM.version];
		expect(readLaunch(noVersion)).toEqual({
			ok: false,
			message: 'The launch’s version claim is missing.'
		});
		expect(readLaunch(payload({ [CLAIM.version]: '1.1' }))).toEqual({
			ok: false,
			message: 'The launch’s version claim must be 1.3.0.'
		});
		expect(readLaunch(payload({ [CLAIM.messageType]: 'LtiSubmissionReviewRequest' }))).toEqual({
			ok: false,
			message: 'The launch’s message_type claim is not a launch Lectern knows.'
		});
		expect(readLaunch(payload({ [CLAIM.targetLinkUri]: 'javascript:alert(1)' }))).toMatchObject({
			ok: false,
			message: expect.stringContaining('target_link_uri')
		});
	});

	it('asks a resource link launch for its link, and a deep linking launch for its settings', () => {
		const noLink = payload();
		delete noLink[CLAIM.resourceLink];
		expect(readLaunch(noLink)).toEqual({
			ok: false,
			message: 'The launch names no resource link.'
		});
		expect(readLaunch(payload({ [CLAIM.messageType]: 'LtiDeepLinkingRequest' }))).toEqual({
			ok: false,
			message: 'The deep linking launch has no deep linking settings.'
		});
		const deep = readLaunch(
			payload({
				[CLAIM.messageType]: 'LtiDeepLinkingRequest',
				[CLAIM.roles]: [INSTRUCTOR],
				[CLAIM.deepLinking]: {
					deep_link_return_url: 'https://lms.example/return',
					accept_types: ['ltiResourceLink'],
					data: 'opaque'
				}
			})
		);
		expect(deep).toMatchObject({
			ok: true,
			launch: {
				role: 'instructor',
				deepLinking: {
					returnUrl: 'https://lms.example/return',
					acceptTypes: ['ltiResourceLink'],
					data: 'opaque'
				}
			}
		});
	});

	it('reads the services a launch offers', () => {
		const read = readLaunch(
			payload({
				[CLAIM.namesRoles]: {
					context_memberships_url: 'https://lms.example/m',
					service_versions: ['2.0']
				},
				[CLAIM.gradeService]: {
					scope: ['https://purl.imsglobal.org/spec/lti-ags/scope/score'],
					lineitems: 'https://lms.example/li',
					lineitem: 'https://lms.example/li/1'
				}
			})
		);
		expect(read).toMatchObject({
			ok: true,
			launch: {
				membershipsUrl: 'https://lms.example/m',
				grades: {
					scopes: ['https://purl.imsglobal.org/spec/lti-ags/scope/score'],
					lineItemsUrl: 'https://lms.example/li',
					lineItemUrl: 'https://lms.example/li/1'
				}
			}
		});
	});

	it('makes a name from the parts when the full name is absent', () => {
		const read = readLaunch(
			payload({ name: undefined, given_name: 'Grace', family_name: 'Hopper' })
		);
		expect(read.ok && read.launch.name).toBe('Grace Hopper');
		const anonymous = readLaunch(payload({ name: '  ' }));
		expect(anonymous.ok && anonymous.launch.name).toBe('LMS user');
	});
});

describe('roleOf', () => {
	it('teaches when any role teaches, learns when a learner, else neither', () => {
		expect(roleOf([LEARNER, INSTRUCTOR])).toBe('instructor');
		expect(
			roleOf(['http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant'])
		).toBe('instructor');
		expect(roleOf([LEARNER])).toBe('learner');
		expect(roleOf(['http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor'])).toBe('other');
		expect(roleOf([])).toBe('other');
	});
});

describe('scoreFor', () => {
	const now = new Date('2030-01-01T10:00:00Z');
	it('sends the gradebook percent out of 100 once the assignment is done', () => {
		expect(
			scoreFor({ status: 'done', bestScorePercent: 87.456, requireQuiz: true }, 'sub-1', now)
		).toEqual({
			summary: 'done:87.46',
			score: {
				userId: 'sub-1',
				scoreGiven: 87.46,
				scoreMaximum: 100,
				activityProgress: 'Completed',
				gradingProgress: 'FullyGraded',
				timestamp: '2030-01-01T10:00:00.000Z'
			}
		});
		// Reading only: done is full marks.
		expect(
			scoreFor({ status: 'done', bestScorePercent: null, requireQuiz: false }, 'sub-1', now)?.score
				.scoreGiven
		).toBe(100);
	});

	it('says work is under way without a score, and nothing before any work', () => {
		expect(
			scoreFor({ status: 'in-progress', bestScorePercent: 40, requireQuiz: true }, 'sub-1', now)
		).toEqual({
			summary: 'started',
			score: {
				userId: 'sub-1',
				activityProgress: 'InProgress',
				gradingProgress: 'Pending',
				timestamp: '2030-01-01T10:00:00.000Z'
			}
		});
		expect(
			scoreFor({ status: 'not-started', bestScorePercent: null, requireQuiz: true }, 'sub-1', now)
		).toBeNull();
	});
});

describe('retryDelayMs', () => {
	it('doubles from five seconds up to six hours', () => {
		expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([5_000, 10_000, 20_000, 40_000]);
		expect(retryDelayMs(50)).toBe(6 * 3_600_000);
	});
});
