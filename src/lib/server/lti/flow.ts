// What happens after a launch is valid: the account, the class, the link's assignment, the
// roster (an instructor's launch syncs it in the background), and where the person goes next.
// A session is never set inside the LMS frame (its cookies may be blocked there): the person
// gets a one-time link that opens Lectern signed in, in a window of its own; a platform that
// opens Lectern in a window already is sent through that link at once.
import { eq } from 'drizzle-orm';
import type { Launch } from '../../lti/claims';
import type { PlatformStorage } from './launch';
import type { Database } from '../db/client';
import { articles, assignments } from '../db/schema';
import { issueToken } from './tokens';
import type { PlatformRow } from './platforms';
import { accountFor, assignmentFor, classFor, lineItemForLink, syncRoster } from './provision';
import { joinClass } from '../classroom';
import { queueGrades } from './outbox';
import { PlatformError } from './http';

export const ENTER_LIFETIME_MS = 5 * 60_000;
export const DEEP_LINK_LIFETIME_MS = 60 * 60_000;

export type LaunchOutcome =
	| {
			kind: 'enter';
			enterUrl: string;
			title: string;
			name: string;
			teacher: boolean;
			inWindow: boolean;
			/** The course has no class yet: its instructor has not opened Lectern from it. */
			waiting: boolean;
			/** The LMS keeps the login's state: the page checks it there before offering the link. */
			storage: PlatformStorage | null;
	  }
	| { kind: 'deep-link'; pickerUrl: string }
	/** `kept`: the launch was valid and the person's account is kept (only the way in is refused). */
	| { kind: 'refused'; status: 403; message: string; kept?: true };

export async function completeLaunch(
	db: Database,
	platform: PlatformRow,
	launch: Launch,
	storage: PlatformStorage | null = null
): Promise<LaunchOutcome> {
	if (launch.role === 'other') {
		return {
			kind: 'refused',
			status: 403,
			message:
				'Lectern opens for the course’s instructors and learners; your role in this course is neither.'
		};
	}
	const made = await db.transaction(async (tx) => {
		const userId = await accountFor(tx, platform.id, launch);
		const course = await classFor(tx, platform, launch, userId);
		if (course && launch.role === 'learner') await joinClass(tx, course.classId, userId);
		const link = course ? await assignmentFor(tx, platform, launch, course.classId) : null;
		return { userId, course, link };
	});
	const { userId, course, link } = made;
	const teaches = course?.teaches ?? false;
	if (launch.messageType === 'LtiDeepLinkingRequest') {
		if (!course) {
			return {
				kind: 'refused',
				status: 403,
				kept: true,
				message: 'Adding Lectern content needs a course (the LMS sent no context).'
			};
		}
		const token = await issueToken(
			db,
			'deep-link',
			{
				platformId: platform.id,
				deploymentId: launch.deploymentId,
				returnUrl: launch.deepLinking!.returnUrl,
				data: launch.deepLinking!.data,
				classId: course.classId
			},
			{ userId, lifetimeMs: DEEP_LINK_LIFETIME_MS }
		);
		return { kind: 'deep-link', pickerUrl: `/lti/deep-link?t=${token}` };
	}

	if (course && teaches && launch.membershipsUrl) {
		// The roster follows the LMS from the instructor's first launch on; a failure is shown on
		// the class's students page, never in the way of the launch.
		void syncRoster(db, platform, course.classId, launch.membershipsUrl).catch((cause) => {
			if (!(cause instanceof PlatformError)) console.error('Lectern: roster sync failed', cause);
		});
	}
	let title = course ? 'your class' : 'Lectern';
	let path = course ? `/classes/${course.classId}` : '/';
	if (link && course) {
		const [a] = await db
			.select({ title: articles.title, slug: articles.slug })
			.from(assignments)
			.innerJoin(articles, eq(articles.id, assignments.articleId))
			.where(eq(assignments.id, link.assignmentId));
		title = a?.title ?? title;
		if (teaches) path = `/classes/${course.classId}/gradebook`;
		const lineItem = await lineItemForLink(db, platform, launch, link, title);
		// A new grade column (a new link, a copied one): what the class has done so far goes to it.
		if (lineItem && (link.newColumn || lineItem !== link.lineItemUrl)) {
			await queueGrades(db, { assignmentId: link.assignmentId });
		}
	}
	const token = await issueToken(db, 'enter', { path }, { userId, lifetimeMs: ENTER_LIFETIME_MS });
	return {
		kind: 'enter',
		enterUrl: `/lti/enter?ticket=${token}`,
		title,
		name: launch.name,
		teacher: teaches,
		inWindow: launch.documentTarget === 'window' || launch.documentTarget === 'popup',
		waiting: !course && launch.context !== null,
		storage
	};
}
