// What a discussion page shows by name: report reasons, suspension lengths, a post's anchor.
// No schemas here (no zod): the pages' own script imports this, and it stays small.

export const reportReasons = ['spam', 'harassment', 'off-topic', 'other'] as const;
export type ReportReason = (typeof reportReasons)[number];

/** Labels for the report form's choices, in this order. */
export const reportReasonLabels: Record<ReportReason, string> = {
	spam: 'Spam or advertising',
	harassment: 'Harassment or abuse',
	'off-topic': 'Off topic',
	other: 'Something else'
};

export const suspensionDurations = ['1d', '7d', '30d'] as const;
export type SuspensionDuration = (typeof suspensionDurations)[number];

/** Labels for the suspension form's choices, in this order. */
export const suspensionDurationLabels: Record<SuspensionDuration, string> = {
	'1d': '1 day',
	'7d': '7 days',
	'30d': '30 days'
};

/** The `id` of a post's element on the page, for `#post-<id>` links. */
export function postAnchor(postId: string): string {
	return `post-${postId}`;
}
