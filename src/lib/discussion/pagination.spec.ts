import { describe, expect, it } from 'vitest';
import {
	PAGE_SIZE,
	clampPage,
	pageBounds,
	pageCount,
	pageOf,
	permalinkPage,
	postAnchor,
	threadPageQuerySchema
} from './pagination';

describe('pageOf', () => {
	it('puts the first 20 top-level posts on page 1 and the 21st on page 2', () => {
		expect(PAGE_SIZE).toBe(20);
		expect(pageOf(0)).toBe(1);
		expect(pageOf(19)).toBe(1);
		expect(pageOf(20)).toBe(2);
		expect(pageOf(45)).toBe(3);
	});

	it('honours another page size', () => {
		expect(pageOf(9, 10)).toBe(1);
		expect(pageOf(10, 10)).toBe(2);
	});
});

describe('pageCount and clampPage', () => {
	it('counts whole pages, with one page for an empty thread', () => {
		expect(pageCount(0)).toBe(1);
		expect(pageCount(20)).toBe(1);
		expect(pageCount(21)).toBe(2);
		expect(pageCount(10_000)).toBe(500);
	});

	it('moves a page past the end to the last page, and below 1 to the first', () => {
		expect(clampPage(9, 45)).toBe(3);
		expect(clampPage(0, 45)).toBe(1);
		expect(clampPage(2, 45)).toBe(2);
	});

	it('gives the offset and limit of a page', () => {
		expect(pageBounds(1)).toEqual({ offset: 0, limit: 20 });
		expect(pageBounds(3)).toEqual({ offset: 40, limit: 20 });
	});
});

describe('permalinkPage', () => {
	// 45 top-level posts: chronological places 0..44.
	it('finds the page in oldest-first order from the number of older top-level posts', () => {
		expect(permalinkPage({ olderCount: 0, topLevelCount: 45, order: 'oldest' })).toBe(1);
		expect(permalinkPage({ olderCount: 20, topLevelCount: 45, order: 'oldest' })).toBe(2);
		expect(permalinkPage({ olderCount: 44, topLevelCount: 45, order: 'oldest' })).toBe(3);
	});

	it('finds the page in newest-first order, where the newest post opens page 1', () => {
		expect(permalinkPage({ olderCount: 44, topLevelCount: 45, order: 'newest' })).toBe(1);
		expect(permalinkPage({ olderCount: 25, topLevelCount: 45, order: 'newest' })).toBe(1);
		expect(permalinkPage({ olderCount: 24, topLevelCount: 45, order: 'newest' })).toBe(2);
		expect(permalinkPage({ olderCount: 0, topLevelCount: 45, order: 'newest' })).toBe(3);
	});

	it('names the element a permalink scrolls to', () => {
		expect(postAnchor('p42')).toBe('post-p42');
	});
});

describe('threadPageQuerySchema', () => {
	it('reads the page and sort order from the query string', () => {
		expect(threadPageQuerySchema.parse({ page: '3', sort: 'newest' })).toEqual({
			page: 3,
			sort: 'newest'
		});
	});

	it('falls back to page 1, oldest first, for a missing or unreadable query', () => {
		for (const query of [{}, { page: 'abc', sort: 'sideways' }, { page: '-2' }, { page: '1.5' }]) {
			expect(threadPageQuerySchema.parse(query)).toEqual({ page: 1, sort: 'oldest' });
		}
	});
});
