import { z } from 'zod';
import { lessonModules } from '../article/modules';
import { localDateTimeToUtc, timeZoneSchema } from './time-zone';

/** The pass mark an assignment gets when the teacher leaves the field empty. */
export const DEFAULT_PASS_MARK = 70;

// Control characters (other than the line breaks and tabs of a textarea) are never typed by
// a person; refusing them keeps names safe to show in any table, CSV or log.
const hasControl = (text: string) => /[\p{Cc}--[\t\n\r]]/v.test(text);
const hasAnyControl = (text: string) => /\p{Cc}/u.test(text);

export const classInputSchema = z.object({
	name: z
		.string({ error: 'Give the class a name' })
		.trim()
		.min(1, 'Give the class a name')
		.max(100, 'Keep the class name to 100 characters or fewer')
		.refine((name) => !hasAnyControl(name), 'The class name must be one line of text'),
	description: z
		.string({ error: 'The description must be text' })
		.trim()
		.max(1000, 'Keep the description to 1000 characters or fewer')
		.refine((text) => !hasControl(text), 'The description contains characters that are not text')
		.default(''),
	timeZone: timeZoneSchema
});

/** A class as a teacher creates or edits it; the time zone in canonical IANA spelling. */
export type ClassInput = z.output<typeof classInputSchema>;

const slugSchema = (message: string) =>
	z
		.string({ error: message })
		.trim()
		.max(200, message)
		.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, message);

// An HTML checkbox sends "on" when ticked and nothing when not; JSON sends a boolean.
const checkboxSchema = (label: string) =>
	z.preprocess(
		(value) => {
			if (value === undefined || value === null || value === '' || value === 'false') return false;
			if (value === 'on' || value === 'true') return true;
			return value;
		},
		z.boolean({ error: `${label} must be ticked or left empty` })
	);

/**
 * The number a form field spells in plain decimal digits, or the text unchanged (so the number
 * schema refuses it): `Number()` would also read `0x10`, `1e1`, `+5` and `Infinity`.
 */
function decimalNumber(text: string): number | string {
	const trimmed = text.trim();
	return /^[0-9]{1,6}$/.test(trimmed) ? Number(trimmed) : text;
}

/** The most questions a teacher may ask per attempt, and the most attempts they may allow. */
export const MAX_QUIZ_QUESTIONS = 500;
export const MAX_ATTEMPTS = 20;

/** An optional whole number in a form field: empty means null (no limit, or all). */
const optionalCount = (message: string, min: number, max: number) =>
	z.preprocess(
		(value) =>
			value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
				? null
				: typeof value === 'string'
					? decimalNumber(value)
					: value,
		z.number({ error: message }).int(message).min(min, message).max(max, message).nullable()
	);

const slugList = (message: string) =>
	z.preprocess(
		(value) => (value === undefined ? [] : typeof value === 'string' ? [value] : value),
		z
			.array(slugSchema(message), { error: message })
			.max(500, message)
			.transform((slugs) => [...new Set(slugs)])
	);

/**
 * The schema for an assignment form in a class whose time zone is `timeZone` (an IANA
 * name, already validated). The due date arrives as the wall-clock time the teacher picked
 * (`YYYY-MM-DDTHH:mm`, the value of `<input type="datetime-local">`) and leaves as a UTC
 * instant in epoch ms, so `dueAt` means the same moment for every student wherever they are.
 * No section slugs means the whole article (see `resolveAssignedSections`).
 */
export function assignmentInputSchema(timeZone: string) {
	return z.object({
		articleSlug: slugSchema('Choose an article'),
		sectionSlugs: slugList('Choose modules from the list'),
		dueAt: z.preprocess(
			(value) => (value === undefined || value === null ? '' : value),
			z
				.string({ error: 'Enter the due date as a date and time' })
				.trim()
				.transform((text, ctx) => {
					if (text === '') return null;
					const dueAt = localDateTimeToUtc(text, timeZone);
					if (dueAt !== null) return dueAt;
					ctx.addIssue({
						code: 'custom',
						message: 'Enter the due date as a date and time, such as 2025-03-14T17:00'
					});
					return z.NEVER;
				})
		),
		requireQuiz: checkboxSchema('“Require the quiz”'),
		passMark: z.preprocess(
			(value) =>
				value === undefined || value === null || value === ''
					? DEFAULT_PASS_MARK
					: typeof value === 'string'
						? decimalNumber(value)
						: value,
			z
				.number({ error: 'The pass mark must be a whole number from 0 to 100' })
				.int('The pass mark must be a whole number from 0 to 100')
				.min(0, 'The pass mark must be a whole number from 0 to 100')
				.max(100, 'The pass mark must be a whole number from 0 to 100')
		),
		requireResponse: checkboxSchema('“Require a response”'),
		/** The modules whose questions the quiz draws from; none: the modules assigned. */
		quizSectionSlugs: slugList('Choose the quiz’s modules from the list'),
		quizQuestionCount: optionalCount(
			`The number of questions must be a whole number from 1 to ${MAX_QUIZ_QUESTIONS}, or empty for all of them`,
			1,
			MAX_QUIZ_QUESTIONS
		),
		maxAttempts: optionalCount(
			`Attempts allowed must be a whole number from 1 to ${MAX_ATTEMPTS}, or empty for no limit`,
			1,
			MAX_ATTEMPTS
		)
	});
}

/** An assignment as a teacher creates or edits it; `dueAt` is UTC epoch ms or null. */
export type AssignmentInput = z.output<ReturnType<typeof assignmentInputSchema>>;

/** A section of the assigned article, as far as assigning it is concerned. */
export interface AssignableSection {
	slug: string;
	kind: 'lesson' | 'prompts' | 'sources';
}

export type ResolvedSections<S> = { ok: true; sections: S[] } | { ok: false; message: string };

/**
 * The modules an assignment requires, in article order. None chosen means every lesson
 * module (the "Reader questions" and "Further reading" sections are not reading to check).
 * A slug the article does not have is an error, not silently dropped.
 */
export function resolveAssignedSections<S extends AssignableSection>(
	chosenSlugs: readonly string[],
	articleSections: readonly S[]
): ResolvedSections<S> {
	if (chosenSlugs.length === 0) {
		return { ok: true, sections: lessonModules(articleSections) };
	}
	const known = new Set(articleSections.map((s) => s.slug));
	const unknown = chosenSlugs.find((slug) => !known.has(slug));
	if (unknown !== undefined) {
		return { ok: false, message: `This article has no module “${unknown}”` };
	}
	const chosen = new Set(chosenSlugs);
	return { ok: true, sections: articleSections.filter((s) => chosen.has(s.slug)) };
}
