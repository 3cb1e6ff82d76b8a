import { describe, expect, it } from 'vitest';
import { expectedItems, firstAttempts } from '../../../tests/fixtures/classroom/item-analysis';
import { groupSize, itemAnalysis, moduleCompletion, type FirstAttempt } from './index';

const attempt = (studentId: string, ...answers: [string, boolean, string | null][]) => ({
	studentId,
	answers: answers.map(([questionId, correct, response]) => ({ questionId, correct, response }))
});

describe('groupSize', () => {
	it('is 27% of the students, rounded, and at least one', () => {
		expect([1, 2, 3, 4, 5, 6, 10, 30, 50, 200].map(groupSize)).toEqual([
			1, 1, 1, 1, 1, 2, 3, 8, 14, 54
		]);
	});
});

describe('itemAnalysis', () => {
	it('matches the hand-computed analysis of ten students and four questions', () => {
		expect(itemAnalysis(firstAttempts)).toEqual(expectedItems);
	});

	it('does not depend on the order the attempts arrive in', () => {
		expect(itemAnalysis([...firstAttempts].reverse())).toEqual(expectedItems);
	});

	it('compares a lone student with themself: discrimination 0', () => {
		const [item] = itemAnalysis([attempt('s1', ['q1', true, 'A'])]);
		expect(item).toMatchObject({ facility: 1, discrimination: 0, commonWrongAnswer: null });
	});

	it('has no common wrong answer when every wrong answer was a skip', () => {
		const [item] = itemAnalysis([
			attempt('s1', ['q1', true, 'A']),
			attempt('s2', ['q1', false, null])
		]);
		expect(item).toMatchObject({ asked: 2, correct: 1, facility: 0.5, commonWrongAnswer: null });
	});

	it('ranks students by the share they got right, so those asked fewer questions compare fairly', () => {
		// s1 got 1 of 1 (100%); s2 got 2 of 3 (67%); s3 got 0 of 2. Groups of one: s1 and s3.
		const items = itemAnalysis([
			attempt('s2', ['q1', true, 'A'], ['q2', true, 'B'], ['q3', false, 'D']),
			attempt('s1', ['q1', true, 'A']),
			attempt('s3', ['q1', false, 'C'], ['q2', false, 'C'])
		]);
		expect(items.map((i) => [i.questionId, i.discrimination])).toEqual([
			['q1', 1],
			// s1 was never asked q2 or q3, so the upper group has no answer to compare.
			['q2', null],
			['q3', null]
		]);
	});

	it('refuses two first attempts by one student', () => {
		const twice: FirstAttempt[] = [
			attempt('s1', ['q1', true, 'A']),
			attempt('s1', ['q1', false, 'B'])
		];
		expect(() => itemAnalysis(twice)).toThrow('more than one first attempt for student s1');
	});

	it('has nothing to say about no attempts', () => {
		expect(itemAnalysis([])).toEqual([]);
	});
});

describe('moduleCompletion', () => {
	const students = [{ id: 'ana' }, { id: 'bob' }, { id: 'chloe' }, { id: 'dev' }];
	const sections = [
		{ id: 'sec-a', title: 'Introduction' },
		{ id: 'sec-b', title: 'Background' },
		{ id: 'sec-c', title: 'The talks' }
	];

	it('gives the share of the class that read each module, counting each student once', () => {
		const progress = [
			{ studentId: 'ana', sectionId: 'sec-a' },
			{ studentId: 'ana', sectionId: 'sec-a' },
			{ studentId: 'bob', sectionId: 'sec-a' },
			{ studentId: 'chloe', sectionId: 'sec-a' },
			{ studentId: 'ana', sectionId: 'sec-b' },
			{ studentId: 'outsider', sectionId: 'sec-b' },
			{ studentId: 'ana', sectionId: 'sec-elsewhere' }
		];
		expect(moduleCompletion(students, sections, progress)).toEqual([
			{ sectionId: 'sec-a', title: 'Introduction', read: 3, share: 0.75 },
			{ sectionId: 'sec-b', title: 'Background', read: 1, share: 0.25 },
			{ sectionId: 'sec-c', title: 'The talks', read: 0, share: 0 }
		]);
	});

	it('gives no share for a class with no students', () => {
		expect(moduleCompletion([], sections, [])[0]).toEqual({
			sectionId: 'sec-a',
			title: 'Introduction',
			read: 0,
			share: null
		});
	});
});
