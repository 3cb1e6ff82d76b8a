import { z } from 'zod';
import { DEFAULT_SORT_ORDER, sortOrders, type SortOrder } from './thread';

/**
 * Top-level posts per page. A page shows whole subtrees: its top-level posts with all their
 * replies (at most three levels, so a subtree stays small).
 */
export const PAGE_SIZE = 20;

/** The 1-based page that holds the top-level post at 0-based `index` in the chosen order. */
export function pageOf(index: number, pageSize: number = PAGE_SIZE): number {
	return Math.floor(Math.max(0, index) / pageSize) + 1;
}

/** How many pages `total` top-level posts fill; an empty thread still has its page 1. */
export function pageCount(total: number, pageSize: number = PAGE_SIZE): number {
	return Math.max(1, Math.ceil(total / pageSize));
}

/** `page` moved into 1…pageCount, so an old link past the end lands on the last page. */
export function clampPage(page: number, total: number, pageSize: number = PAGE_SIZE): number {
	return Math.min(Math.max(1, Math.floor(page)), pageCount(total, pageSize));
}

/** The SQL `OFFSET` and `LIMIT` of a page of top-level posts. */
export function pageBounds(
	page: number,
	pageSize: number = PAGE_SIZE
): { offset: number; limit: number } {
	return { offset: (Math.max(1, page) - 1) * pageSize, limit: pageSize };
}

/**
 * The page a permalink to a post opens on. Count its top-level ancestor's place
 * chronologically (`olderCount`: top-level posts before it by `createdAt`, then `id`, as in
 * `compareOldestFirst`), which does not depend on the reader's sort order; this turns it
 * into the page under `order`.
 */
export function permalinkPage({
	olderCount,
	topLevelCount,
	order,
	pageSize = PAGE_SIZE
}: {
	olderCount: number;
	topLevelCount: number;
	order: SortOrder;
	pageSize?: number;
}): number {
	const index = order === 'oldest' ? olderCount : topLevelCount - 1 - olderCount;
	return pageOf(index, pageSize);
}

export { postAnchor } from './labels';

/**
 * A thread page's query string (`?page=2&sort=newest`). Anything unreadable falls back to
 * the first page in the default order instead of failing: it came from a link, not a form.
 */
export const threadPageQuerySchema = z.object({
	page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
	sort: z.enum(sortOrders).catch(DEFAULT_SORT_ORDER)
});
export type ThreadPageQuery = z.infer<typeof threadPageQuerySchema>;
