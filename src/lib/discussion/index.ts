/**
 * The discussion domain: what a thread is and the rules it keeps, as plain data in and out
 * (no database, no requests, no Svelte). `src/lib/server` stores what these functions decide;
 * routes parse forms with the schemas here.
 *
 * - Markdown → safe HTML: `renderPost` (store its result as `bodyHtml`).
 * - Posts: `Post`, `postStatuses`, `postBodySchema`, `newPostSchema`, `editPostSchema`,
 *   `canEdit`, `needsApproval`, `canReplyTo`.
 * - Threads: `placeReply` (depth 1 = top level, `MAX_DEPTH` = 4), `buildThreadTree`,
 *   `compareOldestFirst`, sort orders.
 * - Pages: `PAGE_SIZE`, `pageOf`, `pageCount`, `clampPage`, `pageBounds`, `permalinkPage`,
 *   `threadPageQuerySchema`, `postAnchor`.
 * - What a viewer sees: `visiblePostView`, `threadView`, `canSeeOthersPosts` (respond first).
 * - Reports and moderation: `reportSchema`, `shouldAutoHide`, `autoHiddenState`,
 *   `moderationCommandSchema`, `moderatePost`, `reportOutcome`, `auditEntry`, `checkCanPost`.
 * - Rate limits: `checkPostRate`, `startOfUtcDay`.
 *
 * Ids are strings; times are `Date`s, and every rule that depends on time takes `now`.
 */
export { ALLOWED_LINK_SCHEMES, LINK_REL, renderPost } from './markdown';
export {
	APPROVAL_REQUIRED_POSTS,
	DELETED_AUTHOR_NAME,
	EDIT_WINDOW_MS,
	MAX_POST_LENGTH,
	canEdit,
	canReplyTo,
	editPostSchema,
	editableUntil,
	hiddenByValues,
	idSchema,
	needsApproval,
	newPostSchema,
	optionalIdSchema,
	postBodySchema,
	postStatuses,
	type EditPostInput,
	type HiddenBy,
	type NewPostInput,
	postExcerpt,
	type Post,
	type PostStatus
} from './post';
export {
	DEFAULT_SORT_ORDER,
	MAX_DEPTH,
	TOP_LEVEL_DEPTH,
	buildThreadTree,
	compareOldestFirst,
	placeReply,
	sortOrders,
	type ReplyPlacement,
	type ReplyTarget,
	type SortOrder,
	type ThreadNode,
	type ThreadRow
} from './thread';
export {
	PAGE_SIZE,
	clampPage,
	pageBounds,
	pageCount,
	pageOf,
	permalinkPage,
	postAnchor,
	threadPageQuerySchema,
	type ThreadPageQuery
} from './pagination';
export {
	AWAITING_APPROVAL_NOTICE,
	DELETED_PLACEHOLDER,
	HIDDEN_PLACEHOLDER,
	UNDER_REVIEW_NOTICE,
	UNDER_REVIEW_PLACEHOLDER,
	canSeeOthersPosts,
	respondFirstByDefault,
	threadView,
	visiblePostView,
	type PostView,
	type Viewer
} from './visibility';
export {
	AUTO_HIDE_THRESHOLD,
	MAX_NOTE_LENGTH,
	SUSPENSION_DURATION_MS,
	approveSchema,
	auditEntry,
	auditTargetTypes,
	autoHiddenState,
	checkCanPost,
	dismissSchema,
	hideSchema,
	liftSchema,
	lockSchema,
	moderatePost,
	moderationActions,
	moderationCommandSchema,
	reportOutcome,
	reportReasonLabels,
	reportReasons,
	reportSchema,
	reportStatuses,
	restoreSchema,
	suspendSchema,
	suspensionBlock,
	suspensionDurationLabels,
	suspensionDurations,
	suspensionEndsAt,
	unlockSchema,
	type AuditEntry,
	type AuditTargetType,
	type ModerationAction,
	type ModerationCommand,
	type PostModerationCommand,
	type PostModerationState,
	type PostingCheck,
	type ReportInput,
	type ReportReason,
	type ReportStatus,
	type SuspensionDuration,
	type Suspensions
} from './moderation';
export {
	NEW_ACCOUNT_DAILY_CAP,
	NEW_ACCOUNT_PERIOD_MS,
	POST_INTERVAL_MS,
	checkPostRate,
	formatWait,
	startOfUtcDay,
	type PostRateCheck
} from './rate-limit';
export type { HiddenPost, NewReply, PagePost, ThreadPage } from './views';
