// Deep Linking 2.0: the picker's choice becomes an assignment in the course's class, answered
// to the LMS as one LtiResourceLink content item, signed by Lectern, with a line item (so the
// LMS makes the grade column) and a due date the LMS substitutes into the launches.
import { randomBytes } from 'node:crypto';
import type { Database } from '../db/client';
import { signJwt } from './keys';
import type { PlatformRow } from './platforms';

export interface DeepLinkRequest {
	platformId: string;
	deploymentId: string;
	returnUrl: string;
	data: string | null;
	classId: string;
}

export async function deepLinkResponse(
	db: Database,
	platform: PlatformRow,
	request: DeepLinkRequest,
	item: { assignmentId: string; title: string; text: string; dueAt: Date | null; origin: string }
): Promise<string> {
	const contentItem = {
		type: 'ltiResourceLink',
		title: item.title,
		text: item.text,
		url: `${item.origin}/lti/launch`,
		custom: { assignment: item.assignmentId, due_at: '$ResourceLink.submission.endDateTime' },
		lineItem: {
			scoreMaximum: 100,
			label: item.title,
			resourceId: item.assignmentId,
			tag: 'lectern'
		},
		...(item.dueAt ? { submission: { endDateTime: item.dueAt.toISOString() } } : {})
	};
	return signJwt(db, {
		iss: platform.clientId,
		aud: platform.issuer,
		azp: platform.clientId,
		nonce: randomBytes(16).toString('base64url'),
		'https://purl.imsglobal.org/spec/lti/claim/message_type': 'LtiDeepLinkingResponse',
		'https://purl.imsglobal.org/spec/lti/claim/version': '1.3.0',
		'https://purl.imsglobal.org/spec/lti/claim/deployment_id': request.deploymentId,
		'https://purl.imsglobal.org/spec/lti-dl/claim/content_items': [contentItem],
		...(request.data !== null
			? { 'https://purl.imsglobal.org/spec/lti-dl/claim/data': request.data }
			: {})
	});
}
