import { z } from 'zod';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

// Building a DateTimeFormat is slow; the gradebook formats hundreds of dates in few zones.
const partFormatters = new Map<string, Intl.DateTimeFormat>();

function partFormatter(timeZone: string): Intl.DateTimeFormat {
	let format = partFormatters.get(timeZone);
	if (!format) {
		format = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric'
		});
		partFormatters.set(timeZone, format);
	}
	return format;
}

/**
 * The canonical IANA name for `name` (`europe/london` → `Europe/London`), or null when the
 * runtime does not know it. Offsets such as `+01:00` are refused although newer runtimes
 * accept them: a class lives in a place, whose offset changes with daylight saving.
 */
export function canonicalTimeZone(name: string): string | null {
	if (!/^[A-Za-z]/.test(name)) return null;
	try {
		return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
	} catch {
		return null;
	}
}

/** A time zone from a form or the API, stored in its canonical spelling. */
export const timeZoneSchema = z
	.string({ error: 'Choose a time zone' })
	.trim()
	.min(1, 'Choose a time zone')
	.max(64, 'Choose a time zone from the list, such as Europe/London')
	.transform((name, ctx) => {
		const canonical = canonicalTimeZone(name);
		if (canonical) return canonical;
		ctx.addIssue({
			code: 'custom',
			message: `“${name}” is not a time zone we know; choose one such as Europe/London`
		});
		return z.NEVER;
	});

/** `YYYY-MM-DDTHH:mm` with optional `:ss`, as an `<input type="datetime-local">` sends it. */
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/** The fields of a wall-clock time written as if it were UTC (ms), or null when invalid. */
function parseLocalDateTime(value: string): number | null {
	const match = LOCAL_DATE_TIME.exec(value);
	if (!match) return null;
	const [year, month, day, hour, minute, second] = match
		.slice(1)
		.map((field) => Number(field ?? 0)) as [number, number, number, number, number, number];
	const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
	const check = new Date(asUtc);
	// Date.UTC rolls 31 April over into May; a real date reads back the same.
	const real =
		year >= 1000 &&
		check.getUTCFullYear() === year &&
		check.getUTCMonth() === month - 1 &&
		check.getUTCDate() === day &&
		hour < 24 &&
		minute < 60 &&
		second < 60;
	return real ? asUtc : null;
}

/** The wall-clock time at instant `utcMs` in `timeZone`, written as if it were UTC. */
function wallClock(utcMs: number, timeZone: string): number {
	const parts: Record<string, number> = {};
	for (const { type, value } of partFormatter(timeZone).formatToParts(utcMs)) {
		if (type !== 'literal') parts[type] = Number(value);
	}
	return Date.UTC(
		parts.year!,
		parts.month! - 1,
		parts.day!,
		parts.hour!,
		parts.minute!,
		parts.second!
	);
}

/** How far `timeZone` is ahead of UTC at instant `utcMs`, in ms. */
function offsetAt(utcMs: number, timeZone: string): number {
	return wallClock(utcMs, timeZone) - Math.floor(utcMs / 1000) * 1000;
}

/**
 * The UTC instant (epoch ms) of a wall-clock time in `timeZone`, or null when `value` is not
 * a real `YYYY-MM-DDTHH:mm[:ss]` date-time. Daylight saving follows Temporal's "compatible"
 * rule, the one calendars use: a time that occurs twice (clocks go back) is the earlier
 * instant; a time that never occurs (clocks go forward) moves forward by the gap, so
 * 02:30 on the night New York springs forward is 03:30 EDT.
 */
export function localDateTimeToUtc(value: string, timeZone: string): number | null {
	const local = parseLocalDateTime(value);
	if (local === null) return null;
	// Zones change offset at most once a day, so the offsets a day either side are the only
	// candidates.
	const before = offsetAt(local - DAY, timeZone);
	const after = offsetAt(local + DAY, timeZone);
	const matches = [local - before, local - after].filter(
		(instant) => wallClock(instant, timeZone) === local
	);
	if (matches.length > 0) return Math.min(...matches);
	return local - before;
}

/** The wall-clock time of `utcMs` in `timeZone` as `YYYY-MM-DDTHH:mm`, for a datetime-local input. */
export function utcToLocalDateTime(utcMs: number, timeZone: string): string {
	return new Date(wallClock(utcMs, timeZone)).toISOString().slice(0, 16);
}

const displayFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * An instant as a person in `timeZone` reads it, naming the zone so nobody wonders whose
 * 17:00 it is: `Sun, 30 Mar 2025, 03:30 BST` (24-hour clock, `en-GB` by default).
 */
export function formatInTimeZone(utcMs: number, timeZone: string, locale = 'en-GB'): string {
	const key = `${locale}\u0000${timeZone}`;
	let format = displayFormatters.get(key);
	if (!format) {
		format = new Intl.DateTimeFormat(locale, {
			timeZone,
			weekday: 'short',
			day: 'numeric',
			month: 'short',
			year: 'numeric',
			hour: '2-digit',
			minute: '2-digit',
			hourCycle: 'h23',
			timeZoneName: 'short'
		});
		displayFormatters.set(key, format);
	}
	return format.format(utcMs);
}
