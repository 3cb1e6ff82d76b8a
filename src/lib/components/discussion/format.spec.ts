import { describe, expect, it } from 'vitest';
import { formatDateTime, formatTime } from './format';

const at = new Date('2026-03-02T09:05:00Z');

describe('thread dates', () => {
	it('are in UTC unless a time zone is given', () => {
		expect(formatDateTime(at)).toBe('2 Mar 2026, 09:05 UTC');
		expect(formatTime(at)).toBe('09:05 UTC');
	});

	it('are in the class’s time zone, named, when it has one', () => {
		expect(formatDateTime(at, 'Europe/Paris')).toBe('2 Mar 2026, 10:05 CET');
		expect(formatDateTime(at, 'Asia/Tokyo')).toBe('2 Mar 2026, 18:05 GMT+9');
		expect(formatTime(at, 'America/New_York')).toBe('04:05 GMT-5');
	});
});
