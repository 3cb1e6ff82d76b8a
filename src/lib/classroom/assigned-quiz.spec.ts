import { describe, expect, it } from 'vitest';
import {
	assignedQuizSections,
	attemptAllowance,
	questionsToDraw,
	quizVerdict,
	setsOwnQuiz,
	type AssignedQuizRules
} from './assigned-quiz';

const legacy: AssignedQuizRules = {
	sectionIds: ['s-2'],
	quizSectionIds: null,
	quizQuestionCount: null,
	maxAttempts: null
};

describe('the quiz an assignment sets', () => {
	it('keeps an assignment made before the quiz choices as it was: the assigned modules, all questions, no limit', () => {
		expect(setsOwnQuiz(legacy)).toBe(false);
		expect(assignedQuizSections(legacy)).toEqual(['s-2']);
		expect(assignedQuizSections({ ...legacy, sectionIds: null })).toBeNull();
		expect(questionsToDraw(legacy, 6)).toBe(6);
		expect(attemptAllowance(null, 7, false)).toEqual({
			used: 7,
			allowed: null,
			canStart: true,
			label: null
		});
	});

	it('draws from the modules the teacher chose for the quiz, whatever is assigned for reading', () => {
		const rules = { ...legacy, quizSectionIds: ['s-1', 's-3'] };
		expect(setsOwnQuiz(rules)).toBe(true);
		expect(assignedQuizSections(rules)).toEqual(['s-1', 's-3']);
	});

	it('asks the chosen number of questions, never more than there are', () => {
		const rules = { ...legacy, quizQuestionCount: 10 };
		expect(setsOwnQuiz(rules)).toBe(true);
		expect(questionsToDraw(rules, 62)).toBe(10);
		expect(questionsToDraw(rules, 6)).toBe(6);
	});

	it('counts attempts: another while some remain and none is open, none beyond the limit', () => {
		expect(setsOwnQuiz({ ...legacy, maxAttempts: 3 })).toBe(true);
		expect(attemptAllowance(3, 0, false)).toMatchObject({
			canStart: true,
			label: '0 of 3 attempts used'
		});
		expect(attemptAllowance(3, 2, false)).toMatchObject({
			canStart: true,
			label: '2 of 3 attempts used'
		});
		expect(attemptAllowance(3, 2, true)).toMatchObject({ canStart: false });
		expect(attemptAllowance(3, 3, false)).toMatchObject({
			canStart: false,
			label: '3 of 3 attempts used'
		});
		expect(attemptAllowance(1, 0, false).label).toBe('0 of 1 attempt used');
	});

	it('says passed at or above the pass mark, not yet below it', () => {
		expect(quizVerdict(70, 70)).toBe('passed');
		expect(quizVerdict(69.9, 70)).toBe('not-yet');
		expect(quizVerdict(0, 0)).toBe('passed');
	});
});
