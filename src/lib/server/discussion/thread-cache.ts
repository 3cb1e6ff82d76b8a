// What every reader of a thread page shares, kept in memory per thread version: the page's posts
// with their authors' names and rendered HTML, before anything about the viewer is applied.
// The version is the thread row's `version` column, bumped by triggers on every post written and
// every author renamed (migration 0008), so an entry is never served once the thread changed,
// whichever process changed it. Nothing per reader (own posts, reports, moderation, the edit
// window) is stored here: that is worked out per request from the shared entry.
import type { Post, SortOrder } from '../../discussion';

/** One page of a thread as stored: the same for every reader. */
export interface SharedPage {
	/** The page shown: the one asked for, or the last one when the link pointed past it. */
	page: number;
	hasNext: boolean;
	/** The page's top-level posts and their subtrees, every status (the viewer filters). */
	posts: readonly Post[];
	/** Each post's Markdown source, offered back only to an author who may still edit it. */
	sources: ReadonlyMap<string, string>;
}

interface Entry {
	version: number;
	shared: SharedPage;
	bytes: number;
}

/** Roughly what an entry holds, in bytes (its strings dominate). */
function sizeOf(shared: SharedPage): number {
	let bytes = 200;
	for (const post of shared.posts) {
		bytes += 300 + 2 * (post.bodyHtml.length + (post.authorName?.length ?? 0));
		bytes += 2 * (post.hiddenReason?.length ?? 0);
	}
	for (const source of shared.sources.values()) bytes += 2 * source.length;
	return bytes;
}

/**
 * Shared thread pages, least recently used evicted first, bounded by entries and by bytes. A
 * lookup with another version than the stored one drops the entry: versions only grow.
 */
export class ThreadPageCache {
	private readonly entries = new Map<string, Entry>();
	private bytes = 0;
	/** Lookups answered from memory, and those that had to read the database. */
	hits = 0;
	misses = 0;

	constructor(
		private readonly maxEntries = 2_000,
		private readonly maxBytes = 16 * 1024 * 1024
	) {}

	private static key(threadId: string, page: number, sort: SortOrder) {
		return `${threadId}\u0000${page}\u0000${sort}`;
	}

	/** The page stored for this version, if any. */
	get(threadId: string, version: number, page: number, sort: SortOrder): SharedPage | undefined {
		const key = ThreadPageCache.key(threadId, page, sort);
		const entry = this.entries.get(key);
		if (!entry || entry.version !== version) {
			if (entry) this.remove(key, entry);
			this.misses++;
			return undefined;
		}
		this.hits++;
		// Most recently used last.
		this.entries.delete(key);
		this.entries.set(key, entry);
		return entry.shared;
	}

	set(threadId: string, version: number, page: number, sort: SortOrder, shared: SharedPage) {
		const key = ThreadPageCache.key(threadId, page, sort);
		const previous = this.entries.get(key);
		if (previous) {
			// A slower request must not put back an older version over a newer one.
			if (previous.version > version) return;
			this.remove(key, previous);
		}
		const bytes = sizeOf(shared);
		if (bytes > this.maxBytes / 4) return;
		this.entries.set(key, { version, shared, bytes });
		this.bytes += bytes;
		while (this.entries.size > this.maxEntries || this.bytes > this.maxBytes) {
			const [oldest, entry] = this.entries.entries().next().value!;
			this.remove(oldest, entry);
		}
	}

	private remove(key: string, entry: Entry) {
		this.entries.delete(key);
		this.bytes -= entry.bytes;
	}

	get size() {
		return this.entries.size;
	}

	get byteSize() {
		return this.bytes;
	}
}

/** This process's cache, used by the thread pages. */
export const threadPageCache = new ThreadPageCache();
