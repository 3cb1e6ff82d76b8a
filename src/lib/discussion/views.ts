// What the server hands to discussion pages: plain data, so components never import the server.
import type { PostView } from './visibility';
import type { SortOrder, ThreadNode } from './thread';

/** A post on a page, with what the viewer may do to it (the route adds what their role allows). */
export type PagePost = PostView & {
	/** The viewer wrote it and is still inside the edit window. */
	canEdit: boolean;
	/** When that window closes, for the viewer's own editable posts. */
	editableUntil: Date | null;
	/** The Markdown the author wrote, for their edit form; `null` unless `canEdit`. */
	source: string | null;
	canDelete: boolean;
	canReply: boolean;
	/** Someone else's visible post the viewer has not reported yet. */
	canReport: boolean;
	reportedByViewer: boolean;
};

export interface ThreadPage {
	posts: ThreadNode<PagePost>[];
	page: number;
	sort: SortOrder;
	hasPrevious: boolean;
	hasNext: boolean;
	/** Respond first: false until the viewer has posted (see `canSeeOthersPosts`). */
	seesOthers: boolean;
	viewerHasPosted: boolean;
}

/** One of the person's posts that is hidden now, and why, as / and /account tell them. */
export interface HiddenPost {
	id: string;
	createdAt: Date;
	/** `moderator`: a moderator (or the class's teacher) hid it; `reports`: readers' reports did. */
	hiddenBy: 'moderator' | 'reports';
	/** The moderator's reason; `null` when hidden by reports. */
	reason: string | null;
	excerpt: string;
	promptNumber: number;
	articleTitle: string;
	/** The class whose thread it is in; `null` for a public thread. */
	className: string | null;
	path: string;
}

export interface NewReply {
	id: string;
	authorName: string;
	createdAt: Date;
	excerpt: string;
	promptNumber: number;
	articleTitle: string;
	path: string;
}
