/**
 * An expected failure, as every server function answers one: the HTTP status to answer with,
 * why (in words for the person who asked), and the form field it belongs beside (the form as
 * a whole when absent). Routes turn it into `fail()` with `refused` (src/lib/server/forms.ts)
 * or into a JSON error; nothing else needs to know how it was reached.
 */
export interface Refusal {
	ok: false;
	status: RefusalStatus;
	message: string;
	field?: string;
}

export type RefusalStatus = 400 | 401 | 403 | 404 | 409 | 422 | 429;

export function refuse(status: RefusalStatus, message: string, field?: string): Refusal {
	return field === undefined
		? { ok: false, status, message }
		: { ok: false, status, message, field };
}

export function isRefusal(value: unknown): value is Refusal {
	return (
		typeof value === 'object' &&
		value !== null &&
		(value as { ok?: unknown }).ok === false &&
		typeof (value as { status?: unknown }).status === 'number' &&
		typeof (value as { message?: unknown }).message === 'string'
	);
}
