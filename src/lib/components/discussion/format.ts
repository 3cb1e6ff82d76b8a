const dateTime = new Intl.DateTimeFormat('en-GB', {
	day: 'numeric',
	month: 'short',
	year: 'numeric',
	hour: '2-digit',
	minute: '2-digit',
	timeZone: 'UTC'
});
const time = new Intl.DateTimeFormat('en-GB', {
	hour: '2-digit',
	minute: '2-digit',
	timeZone: 'UTC'
});

/** "2 Mar 2026, 09:05 UTC": the same on the server and in every browser, so hydration agrees. */
export function formatDateTime(date: Date): string {
	return `${dateTime.format(date)} UTC`;
}

/** "09:05 UTC". */
export function formatTime(date: Date): string {
	return `${time.format(date)} UTC`;
}
