import type { Role } from '../access';
import type { ReportReason } from './moderation';
import type { HiddenBy, PostStatus } from './post';

/** An open report on a post, as the moderation queue shows it. */
export interface QueueReport {
	reason: ReportReason;
	note: string | null;
	reporterName: string;
	createdAt: Date;
}

/** A post waiting for a moderator, with what they need to judge it. */
export interface QueueItem {
	post: {
		id: string;
		status: PostStatus;
		hiddenBy: HiddenBy | null;
		hiddenReason: string | null;
		html: string;
		createdAt: Date;
		editedAt: Date | null;
		authorId: string | null;
		authorName: string;
		authorRole: Role | null;
		/**
		 * Until when the author is suspended where this post is: in a class thread, in that class;
		 * in a public thread, site-wide.
		 */
		authorSuspendedUntil: Date | null;
		path: string;
	};
	thread: {
		id: string;
		scope: string;
		locked: boolean;
		/** The class of a class thread; `null` for a public one. */
		classId: string | null;
		promptNumber: number;
		promptText: string;
		articleSlug: string;
		articleTitle: string;
	};
	/** The post it answers, shortened. */
	parent: { authorName: string; excerpt: string } | null;
	/** Open reports, oldest first. */
	reports: QueueReport[];
}
