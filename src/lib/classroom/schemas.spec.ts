import { describe, expect, expectTypeOf, it } from 'vitest';
import {
	DEFAULT_PASS_MARK,
	assignmentInputSchema,
	classInputSchema,
	resolveAssignedSections,
	type AssignableSection,
	type AssignmentInput,
	type ClassInput
} from './index';

const firstMessage = (result: { error?: { issues: { message: string }[] } }) =>
	result.error?.issues[0]?.message;

describe('classInputSchema', () => {
	const valid = { name: '  Year 9 History ', timeZone: 'europe/london' };

	it('accepts a class, trimming the name and spelling the time zone canonically', () => {
		expect(classInputSchema.parse(valid)).toEqual({
			name: 'Year 9 History',
			description: '',
			timeZone: 'Europe/London'
		});
		expectTypeOf<ClassInput>().toEqualTypeOf<{
			name: string;
			description: string;
			timeZone: string;
		}>();
	});

	it('refuses control characters in a description but keeps tabs', () => {
		expect(classInputSchema.parse({ ...valid, description: 'a\tb' }).description).toBe('a\tb');
		expect(firstMessage(classInputSchema.safeParse({ ...valid, description: 'a\u0000b' }))).toBe(
			'The description contains characters that are not text'
		);
	});

	it('keeps a description, line breaks included', () => {
		const parsed = classInputSchema.parse({ ...valid, description: 'Room 4\nTuesdays' });
		expect(parsed.description).toBe('Room 4\nTuesdays');
	});

	it('asks for a name when it is missing or blank', () => {
		expect(firstMessage(classInputSchema.safeParse({ ...valid, name: '   ' }))).toBe(
			'Give the class a name'
		);
		expect(firstMessage(classInputSchema.safeParse({ timeZone: 'UTC' }))).toBe(
			'Give the class a name'
		);
	});

	it('takes a name of 100 characters and refuses 101', () => {
		expect(classInputSchema.safeParse({ ...valid, name: 'x'.repeat(100) }).success).toBe(true);
		expect(firstMessage(classInputSchema.safeParse({ ...valid, name: 'x'.repeat(101) }))).toBe(
			'Keep the class name to 100 characters or fewer'
		);
	});

	it('refuses a name that is more than one line', () => {
		expect(firstMessage(classInputSchema.safeParse({ ...valid, name: 'Year 9\nHistory' }))).toBe(
			'The class name must be one line of text'
		);
	});

	it('takes a description of 1000 characters and refuses 1001', () => {
		const ok = classInputSchema.safeParse({ ...valid, description: 'x'.repeat(1000) });
		expect(ok.success).toBe(true);
		expect(
			firstMessage(classInputSchema.safeParse({ ...valid, description: 'x'.repeat(1001) }))
		).toBe('Keep the description to 1000 characters or fewer');
	});

	it('refuses a time zone the runtime does not know', () => {
		const result = classInputSchema.safeParse({ ...valid, timeZone: 'Europe/Atlantis' });
		expect(result.error?.issues[0]?.path).toEqual(['timeZone']);
		expect(firstMessage(result)).toBe(
			'“Europe/Atlantis” is not a time zone we know; choose one such as Europe/London'
		);
	});
});

describe('assignmentInputSchema', () => {
	const schema = assignmentInputSchema('Europe/London');
	const parse = (input: Record<string, unknown>) => schema.safeParse(input);

	it('turns a submitted form into an assignment with a UTC due date', () => {
		// As `Object.fromEntries(formData)` gives it: one checked module, two ticked boxes.
		expect(
			schema.parse({
				articleSlug: 'nato-talks',
				sectionSlugs: 'background',
				dueAt: '2025-07-01T17:00',
				requireQuiz: 'on',
				passMark: '80',
				requireResponse: 'on'
			})
		).toEqual({
			articleSlug: 'nato-talks',
			sectionSlugs: ['background'],
			dueAt: Date.UTC(2025, 6, 1, 16, 0),
			requireQuiz: true,
			passMark: 80,
			requireResponse: true,
			quizSectionSlugs: [],
			quizQuestionCount: null,
			maxAttempts: null
		});
		expectTypeOf<AssignmentInput>().toEqualTypeOf<{
			articleSlug: string;
			sectionSlugs: string[];
			dueAt: number | null;
			requireQuiz: boolean;
			passMark: number;
			requireResponse: boolean;
			quizSectionSlugs: string[];
			quizQuestionCount: number | null;
			maxAttempts: number | null;
		}>();
	});

	it('reads the due date in the class’s own time zone', () => {
		const tokyo = assignmentInputSchema('Asia/Tokyo');
		expect(tokyo.parse({ articleSlug: 'a', dueAt: '2025-07-01T17:00' }).dueAt).toBe(
			Date.UTC(2025, 6, 1, 8, 0)
		);
	});

	it('means the whole article, no due date and no quiz or response when fields are left empty', () => {
		expect(schema.parse({ articleSlug: 'nato-talks', dueAt: '' })).toEqual({
			articleSlug: 'nato-talks',
			sectionSlugs: [],
			dueAt: null,
			requireQuiz: false,
			passMark: DEFAULT_PASS_MARK,
			requireResponse: false,
			quizSectionSlugs: [],
			quizQuestionCount: null,
			maxAttempts: null
		});
	});

	it('takes the quiz’s modules, questions per attempt and attempts allowed', () => {
		expect(
			parse({
				articleSlug: 'a',
				quizSectionSlugs: ['the-talks', 'background', 'the-talks'],
				quizQuestionCount: ' 10 ',
				maxAttempts: '3'
			}).data
		).toMatchObject({
			quizSectionSlugs: ['the-talks', 'background'],
			quizQuestionCount: 10,
			maxAttempts: 3
		});
		expect(parse({ articleSlug: 'a', quizQuestionCount: '', maxAttempts: ' ' }).data).toMatchObject(
			{ quizQuestionCount: null, maxAttempts: null }
		);
	});

	it('explains a number of questions or attempts it cannot take, in a teacher’s words', () => {
		for (const bad of ['0', '-3', '2.5', 'ten', '501', '0x10']) {
			expect(firstMessage(parse({ articleSlug: 'a', quizQuestionCount: bad })), bad).toBe(
				'The number of questions must be a whole number from 1 to 500, or empty for all of them'
			);
		}
		for (const bad of ['0', '21', 'many', '1.5']) {
			expect(firstMessage(parse({ articleSlug: 'a', maxAttempts: bad })), bad).toBe(
				'Attempts allowed must be a whole number from 1 to 20, or empty for no limit'
			);
		}
		expect(firstMessage(parse({ articleSlug: 'a', quizSectionSlugs: ['<b>'] }))).toBe(
			'Choose the quiz’s modules from the list'
		);
	});

	it('accepts JSON booleans, numbers and a list of modules, dropping repeats', () => {
		const parsed = schema.parse({
			articleSlug: 'nato-talks',
			sectionSlugs: ['background', 'the-talks', 'background'],
			dueAt: null,
			requireQuiz: true,
			passMark: 0,
			requireResponse: false
		});
		expect(parsed.sectionSlugs).toEqual(['background', 'the-talks']);
		expect(parsed.passMark).toBe(0);
		expect(parsed.requireQuiz).toBe(true);
	});

	it('takes pass marks from 0 to 100 and refuses anything else with one message', () => {
		expect(parse({ articleSlug: 'a', passMark: '100' }).data?.passMark).toBe(100);
		for (const bad of ['101', '-1', '70.5', 'seventy', 'Infinity']) {
			expect(firstMessage(parse({ articleSlug: 'a', passMark: bad })), bad).toBe(
				'The pass mark must be a whole number from 0 to 100'
			);
		}
	});

	it('takes a pass mark written in decimal digits only (0x10 is not 16)', () => {
		expect(parse({ articleSlug: 'a', passMark: ' 070 ' }).data?.passMark).toBe(70);
		for (const bad of ['0x10', '0X10', '0b101', '0o17', '1e1', '+50', '５０', '50%', true, [50]]) {
			expect(parse({ articleSlug: 'a', passMark: bad }).success, String(bad)).toBe(false);
			expect(firstMessage(parse({ articleSlug: 'a', passMark: bad })), String(bad)).toBe(
				'The pass mark must be a whole number from 0 to 100'
			);
		}
	});

	it('asks for an article when the slug is missing or not a slug', () => {
		expect(firstMessage(parse({}))).toBe('Choose an article');
		expect(firstMessage(parse({ articleSlug: '../etc/passwd' }))).toBe('Choose an article');
	});

	it('refuses module names that are not slugs', () => {
		expect(firstMessage(parse({ articleSlug: 'a', sectionSlugs: ['<script>'] }))).toBe(
			'Choose modules from the list'
		);
	});

	it('explains a due date it cannot read', () => {
		const result = parse({ articleSlug: 'a', dueAt: '31/02/2025 5pm' });
		expect(result.error?.issues[0]?.path).toEqual(['dueAt']);
		expect(firstMessage(result)).toBe(
			'Enter the due date as a date and time, such as 2025-03-14T17:00'
		);
	});

	it('refuses a checkbox value a form never sends', () => {
		expect(firstMessage(parse({ articleSlug: 'a', requireQuiz: 'yes please' }))).toBe(
			'“Require the quiz” must be ticked or left empty'
		);
	});
});

describe('resolveAssignedSections', () => {
	const sections: AssignableSection[] = [
		{ slug: 'introduction', kind: 'lesson' },
		{ slug: 'background', kind: 'lesson' },
		{ slug: 'the-talks', kind: 'lesson' },
		{ slug: 'reader-questions', kind: 'prompts' },
		{ slug: 'further-reading-and-sources', kind: 'sources' }
	];

	it('assigns every lesson module when none is chosen', () => {
		expect(resolveAssignedSections([], sections)).toEqual({
			ok: true,
			sections: sections.slice(0, 3)
		});
	});

	it('keeps the chosen modules in article order', () => {
		expect(resolveAssignedSections(['the-talks', 'introduction'], sections)).toEqual({
			ok: true,
			sections: [sections[0], sections[2]]
		});
	});

	it('names a chosen module the article does not have', () => {
		expect(resolveAssignedSections(['background', 'epilogue'], sections)).toEqual({
			ok: false,
			message: 'This article has no module “epilogue”'
		});
	});
});
