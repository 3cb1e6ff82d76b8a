// The discussion's queries, by concern: threads and their scope, reading a page, writing posts,
// and what a person hears back.
export type { Executor } from '../db/client';
export type { HiddenPost, NewReply, PagePost, ThreadPage } from '../../discussion';
export {
	PUBLIC_SCOPE,
	classIdOfScope,
	classScope,
	findPrompt,
	findThread,
	getOrCreateThread,
	isPublicScope,
	listPromptThreads,
	publicThreadStamp,
	suspensionsIn,
	type PromptSummary,
	type Thread,
	type ThreadScope
} from './threads';
export { findPostInThread, hasPostedIn, loadThreadPage, locatePost, readSharedPage } from './pages';
export { ThreadPageCache, threadPageCache, type SharedPage } from './thread-cache';
export {
	POST_NOT_FOUND,
	createPost,
	deletePost,
	editPost,
	reportPost,
	type NewPost,
	type Refusal
} from './posts';
export {
	countNewReplies,
	hiddenPostsOf,
	markRepliesSeen,
	newRepliesTo,
	postPath,
	postPermalink,
	repliesSeenAt
} from './replies';
