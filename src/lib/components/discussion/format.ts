// Dates as a thread shows them: in UTC by default (the same on the server and in every browser,
// so hydration agrees), or in a class's own time zone, named after the time ("CET", "GMT+9").
const dateTimes = new Map<string, Intl.DateTimeFormat>();
const times = new Map<string, Intl.DateTimeFormat>();

function formatter(
	cache: Map<string, Intl.DateTimeFormat>,
	timeZone: string,
	options: Intl.DateTimeFormatOptions
): Intl.DateTimeFormat {
	let format = cache.get(timeZone);
	if (!format) {
		format = new Intl.DateTimeFormat('en-GB', {
			...options,
			timeZone,
			timeZoneName: timeZone === 'UTC' ? undefined : 'short'
		});
		cache.set(timeZone, format);
	}
	return format;
}

const withUtc = (text: string, timeZone: string) => (timeZone === 'UTC' ? `${text} UTC` : text);

/** "2 Mar 2026, 09:05 UTC", or in `timeZone`: "2 Mar 2026, 10:05 CET". */
export function formatDateTime(date: Date, timeZone = 'UTC'): string {
	const format = formatter(dateTimes, timeZone, {
		day: 'numeric',
		month: 'short',
		year: 'numeric',
		hour: '2-digit',
		minute: '2-digit'
	});
	return withUtc(format.format(date), timeZone);
}

/** "09:05 UTC", or in `timeZone`: "10:05 CET". */
export function formatTime(date: Date, timeZone = 'UTC'): string {
	const format = formatter(times, timeZone, { hour: '2-digit', minute: '2-digit' });
	return withUtc(format.format(date), timeZone);
}
