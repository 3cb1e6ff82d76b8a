import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Refusal } from '../refusal';

export type FieldErrors = Record<string, string>;
export type Parsed<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

/**
 * NUL (U+0000) becomes U+FFFD in submitted text: the database hands text back only up to a NUL,
 * so a note or reason with one would be cut short where it is stored.
 */
export const withoutNul = (value: string) => value.replaceAll('\0', '\uFFFD');

/** The same form with NUL replaced in every text value (files are left as they are). */
export function cleanForm(form: FormData): FormData {
	const clean = new FormData();
	for (const [key, value] of form) {
		clean.append(withoutNul(key), typeof value === 'string' ? withoutNul(value) : value);
	}
	return clean;
}

/**
 * Parses a submitted form with a zod schema: the only way input enters. Every field's first
 * problem becomes a message shown beside it; a repeated field takes its first value unless
 * the schema expects an array. Field names are the sender's: they become keys of an object
 * without a prototype, so `__proto__` or `constructor` is a field like any other.
 */
export function parseForm<S extends z.ZodType>(schema: S, form: FormData): Parsed<z.output<S>> {
	const raw: Record<string, unknown> = Object.create(null);
	for (const key of new Set(form.keys())) {
		const values = form.getAll(key).map((v) => withoutNul(typeof v === 'string' ? v : v.name));
		raw[withoutNul(key)] = values.length > 1 ? values : values[0];
	}
	return parseValues(schema, raw);
}

export function parseValues<S extends z.ZodType>(schema: S, raw: unknown): Parsed<z.output<S>> {
	const result = schema.safeParse(raw);
	if (result.success) return { ok: true, data: result.data };
	const errors: FieldErrors = Object.create(null);
	for (const issue of result.error.issues) {
		const key = issue.path.length ? String(issue.path[0]) : 'form';
		errors[key] ??= issue.message;
	}
	return { ok: false, errors };
}

/** A text field: trimmed, with messages people understand. */
export function text(label: string, { min = 1, max }: { min?: number; max: number }) {
	return z
		.string({ error: `${label} is required.` })
		.transform((v) => v.trim())
		.pipe(
			z
				.string()
				.min(
					min,
					min === 1 ? `${label} is required.` : `${label} needs at least ${min} characters.`
				)
				.max(max, `${label} can be at most ${max} characters.`)
		);
}

/** A checkbox: present ("on") or absent. */
export const checkbox = z
	.enum(['on', 'true', '1'], { error: 'Tick the box or leave it empty.' })
	.optional()
	.transform((v) => v !== undefined);

/** The form comes back with messages beside its fields and the safe values echoed. */
export function invalid(
	status: 400 | 409 | 422 | 429,
	errors: FieldErrors,
	values: Record<string, string> = {}
) {
	return fail(status, { errors, values });
}

/**
 * A refusal as a form's answer: its message beside its field (or the form), with whatever the
 * page needs to show the form again (`values` echoed, which `action` was refused).
 */
export function refused<Extra extends Record<string, unknown> = Record<never, never>>(
	refusal: Refusal,
	extra?: Extra
) {
	const errors: FieldErrors = { [refusal.field ?? 'form']: refusal.message };
	return fail(refusal.status, { ...(extra as Extra), errors });
}

/** A form's raw text, echoed back (as text, cut short) when the form is refused. */
export function echo(form: FormData, names: string[]): Record<string, string> {
	return Object.fromEntries(
		names.map((name) => {
			const value = form.get(name);
			return [name, typeof value === 'string' ? value.slice(0, 2000) : ''];
		})
	);
}
