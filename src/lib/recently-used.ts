/**
 * A map that keeps at most `limit` entries and, when full, lets go of the one used longest
 * ago: a lookup that finds an entry makes it the most recent. The caches that keep one value
 * per key use it (prepared statements per connection, readings of an article, compressed
 * pages); those bounded by bytes or keyed by versions keep their own rules.
 */
export class RecentlyUsed<K, V> {
	private readonly entries = new Map<K, V>();

	constructor(readonly limit: number) {
		if (!(limit >= 1)) throw new RangeError(`a RecentlyUsed keeps at least one entry (${limit})`);
	}

	get size(): number {
		return this.entries.size;
	}

	/** The value kept for `key`, which becomes the most recently used; undefined when none. */
	get(key: K): V | undefined {
		if (!this.entries.has(key)) return undefined;
		const value = this.entries.get(key)!;
		this.entries.delete(key);
		this.entries.set(key, value);
		return value;
	}

	/** Keeps `value` for `key` as the most recently used, letting go of the oldest beyond the limit. */
	set(key: K, value: V): void {
		this.entries.delete(key);
		this.entries.set(key, value);
		if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
	}
}
