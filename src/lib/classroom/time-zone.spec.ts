import { describe, expect, it } from 'vitest';
import {
	canonicalTimeZone,
	formatInTimeZone,
	localDateTimeToUtc,
	timeZoneSchema,
	utcToLocalDateTime
} from './index';

describe('canonicalTimeZone', () => {
	it('gives the canonical spelling of an IANA name', () => {
		expect(canonicalTimeZone('Europe/London')).toBe('Europe/London');
		expect(canonicalTimeZone('europe/london')).toBe('Europe/London');
		expect(canonicalTimeZone('UTC')).toBe('UTC');
	});

	it('knows nothing of made-up names, offsets or empty text', () => {
		expect(canonicalTimeZone('Mars/Olympus_Mons')).toBeNull();
		expect(canonicalTimeZone('+01:00')).toBeNull();
		expect(canonicalTimeZone('-05:00')).toBeNull();
		expect(canonicalTimeZone('')).toBeNull();
	});
});

describe('timeZoneSchema', () => {
	it('accepts a known zone, trimmed and canonical', () => {
		expect(timeZoneSchema.parse(' america/new_york ')).toBe('America/New_York');
	});

	it('names the zone it does not know', () => {
		expect(timeZoneSchema.safeParse('Atlantis/Capital').error?.issues[0]?.message).toBe(
			'“Atlantis/Capital” is not a time zone we know; choose one such as Europe/London'
		);
	});

	it('asks for a zone when none is given', () => {
		expect(timeZoneSchema.safeParse('').error?.issues[0]?.message).toBe('Choose a time zone');
		expect(timeZoneSchema.safeParse(undefined).error?.issues[0]?.message).toBe(
			'Choose a time zone'
		);
	});
});

describe('localDateTimeToUtc', () => {
	it('reads a wall-clock time in winter and in summer with the offset of that day', () => {
		expect(localDateTimeToUtc('2025-01-15T09:00', 'Europe/London')).toBe(
			Date.UTC(2025, 0, 15, 9, 0)
		);
		expect(localDateTimeToUtc('2025-07-01T09:00', 'Europe/London')).toBe(
			Date.UTC(2025, 6, 1, 8, 0)
		);
		expect(localDateTimeToUtc('2025-07-01T09:00', 'America/New_York')).toBe(
			Date.UTC(2025, 6, 1, 13, 0)
		);
	});

	it('handles zones with half- and quarter-hour offsets and southern summers', () => {
		expect(localDateTimeToUtc('2025-03-14T17:00', 'Asia/Kolkata')).toBe(
			Date.UTC(2025, 2, 14, 11, 30)
		);
		expect(localDateTimeToUtc('2025-03-14T17:00', 'Asia/Kathmandu')).toBe(
			Date.UTC(2025, 2, 14, 11, 15)
		);
		// Sydney is on daylight time (UTC+11) in January.
		expect(localDateTimeToUtc('2025-01-10T09:00', 'Australia/Sydney')).toBe(
			Date.UTC(2025, 0, 9, 22, 0)
		);
	});

	it('accepts seconds and a space instead of the T', () => {
		expect(localDateTimeToUtc('2025-01-15 09:00:30', 'UTC')).toBe(Date.UTC(2025, 0, 15, 9, 0, 30));
	});

	it('moves a time skipped when clocks go forward on by the length of the gap', () => {
		// New York, 9 March 2025: 02:00 EST becomes 03:00 EDT, so 02:30 never happens.
		expect(localDateTimeToUtc('2025-03-09T02:30', 'America/New_York')).toBe(
			Date.UTC(2025, 2, 9, 7, 30)
		);
		// London, 30 March 2025: 01:00 GMT becomes 02:00 BST.
		expect(localDateTimeToUtc('2025-03-30T01:30', 'Europe/London')).toBe(
			Date.UTC(2025, 2, 30, 1, 30)
		);
	});

	it('takes the earlier of a time that happens twice when clocks go back', () => {
		// London, 26 October 2025: 01:30 happens at 00:30 UTC (BST) and again at 01:30 UTC (GMT).
		expect(localDateTimeToUtc('2025-10-26T01:30', 'Europe/London')).toBe(
			Date.UTC(2025, 9, 26, 0, 30)
		);
		expect(localDateTimeToUtc('2025-11-02T01:30', 'America/New_York')).toBe(
			Date.UTC(2025, 10, 2, 5, 30)
		);
	});

	it('is exact on either side of a change of offset', () => {
		expect(localDateTimeToUtc('2025-03-30T00:59', 'Europe/London')).toBe(
			Date.UTC(2025, 2, 30, 0, 59)
		);
		expect(localDateTimeToUtc('2025-03-30T02:00', 'Europe/London')).toBe(
			Date.UTC(2025, 2, 30, 1, 0)
		);
		expect(localDateTimeToUtc('2025-10-26T02:00', 'Europe/London')).toBe(
			Date.UTC(2025, 9, 26, 2, 0)
		);
	});

	it('refuses what is not a real date and time', () => {
		for (const bad of [
			'2025-02-29T10:00',
			'2025-04-31T10:00',
			'2025-13-01T10:00',
			'2025-01-01T24:00',
			'2025-01-01T10:60',
			'2025-01-01',
			'10:00',
			'tomorrow',
			'2025-01-01T10:00Z',
			''
		]) {
			expect(localDateTimeToUtc(bad, 'Europe/London'), bad).toBeNull();
		}
		expect(localDateTimeToUtc('2024-02-29T10:00', 'Europe/London')).toBe(
			Date.UTC(2024, 1, 29, 10, 0)
		);
	});
});

describe('utcToLocalDateTime', () => {
	it('gives the value a datetime-local input shows for an instant', () => {
		expect(utcToLocalDateTime(Date.UTC(2025, 6, 1, 8, 0), 'Europe/London')).toBe(
			'2025-07-01T09:00'
		);
		expect(utcToLocalDateTime(Date.UTC(2025, 2, 14, 11, 15), 'Asia/Kathmandu')).toBe(
			'2025-03-14T17:00'
		);
	});

	it('round-trips with localDateTimeToUtc for every time that exists', () => {
		for (const [value, zone] of [
			['2025-10-26T01:30', 'Europe/London'],
			['2025-03-30T02:00', 'Europe/London'],
			['2025-12-31T23:59', 'Pacific/Auckland'],
			['2025-06-15T12:00', 'America/Sao_Paulo']
		] as const) {
			expect(utcToLocalDateTime(localDateTimeToUtc(value, zone)!, zone)).toBe(value);
		}
	});
});

describe('formatInTimeZone', () => {
	const instant = Date.UTC(2025, 2, 30, 2, 30);

	it('shows the instant as it reads in the zone, naming the zone', () => {
		expect(formatInTimeZone(instant, 'Europe/London')).toBe('Sun, 30 Mar 2025, 03:30 BST');
		expect(formatInTimeZone(instant, 'UTC')).toBe('Sun, 30 Mar 2025, 02:30 UTC');
	});

	it('shows the same instant on the local day elsewhere', () => {
		expect(formatInTimeZone(instant, 'America/New_York')).toMatch(/^Sat, 29 Mar 2025, 22:30 /);
	});
});
