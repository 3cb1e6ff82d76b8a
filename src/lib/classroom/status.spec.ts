import { describe, expect, it } from 'vitest';
import { assignmentStatus, type AssignmentProgress } from './index';

const DUE = Date.UTC(2025, 2, 14, 17, 0);
const HOUR = 3_600_000;

/** Three modules, the quiz at 70% and a response required; nothing done yet, before the due date. */
const fresh: AssignmentProgress = {
	now: DUE - HOUR,
	dueAt: DUE,
	sectionsRequired: 3,
	sectionsRead: 0,
	requireQuiz: true,
	passMark: 70,
	bestScorePercent: null,
	requireResponse: true,
	responded: false,
	completedAt: null
};

const finished: AssignmentProgress = {
	...fresh,
	sectionsRead: 3,
	bestScorePercent: 80,
	responded: true,
	completedAt: DUE - 2 * HOUR
};

describe('assignmentStatus', () => {
	it('is not started, with everything left, before the student does anything', () => {
		expect(assignmentStatus(fresh)).toEqual({
			status: 'not-started',
			completedLate: false,
			remaining: ['Read 3 more modules', 'Pass the quiz (70% needed)', 'Respond to the discussion']
		});
	});

	it('is in progress once one module is read', () => {
		const standing = assignmentStatus({ ...fresh, sectionsRead: 1 });
		expect(standing.status).toBe('in-progress');
		expect(standing.remaining[0]).toBe('Read 2 more modules');
	});

	it('says "module" for the last one', () => {
		expect(assignmentStatus({ ...fresh, sectionsRead: 2 }).remaining[0]).toBe('Read 1 more module');
	});

	it('is in progress after a failed quiz attempt, even one of 0%, and shows the best so far', () => {
		expect(assignmentStatus({ ...fresh, bestScorePercent: 0 }).status).toBe('in-progress');
		expect(assignmentStatus({ ...fresh, bestScorePercent: 50 }).remaining).toContain(
			'Pass the quiz (70% needed, best so far 50%)'
		);
	});

	it('never shows a failing best score rounded up to the pass mark', () => {
		expect(assignmentStatus({ ...fresh, bestScorePercent: 69.9 }).remaining).toContain(
			'Pass the quiz (70% needed, best so far 69%)'
		);
	});

	it('is in progress once the student has responded', () => {
		expect(assignmentStatus({ ...fresh, responded: true }).status).toBe('in-progress');
	});

	it('counts a score exactly at the pass mark as a pass', () => {
		const standing = assignmentStatus({ ...finished, bestScorePercent: 70 });
		expect(standing.status).toBe('done');
		expect(standing.remaining).toEqual([]);
	});

	it('asks only to take the quiz when the pass mark is 0', () => {
		expect(assignmentStatus({ ...fresh, passMark: 0 }).remaining).toContain('Take the quiz');
		expect(assignmentStatus({ ...finished, passMark: 0, bestScorePercent: 0 }).status).toBe('done');
	});

	it('is done when every requirement is met, before the due date', () => {
		expect(assignmentStatus(finished)).toEqual({
			status: 'done',
			completedLate: false,
			remaining: []
		});
	});

	it('ignores requirements the assignment does not have', () => {
		const readingOnly = {
			...fresh,
			requireQuiz: false,
			requireResponse: false,
			sectionsRead: 3,
			completedAt: DUE - HOUR
		};
		expect(assignmentStatus(readingOnly).status).toBe('done');
	});

	describe('at and after the due date', () => {
		it('is not late exactly at the due time', () => {
			expect(assignmentStatus({ ...fresh, now: DUE }).status).toBe('not-started');
			expect(assignmentStatus({ ...fresh, now: DUE, sectionsRead: 1 }).status).toBe('in-progress');
		});

		it('is late one millisecond after the due time, started or not', () => {
			expect(assignmentStatus({ ...fresh, now: DUE + 1 }).status).toBe('late');
			const started = assignmentStatus({ ...fresh, now: DUE + 1, sectionsRead: 2 });
			expect(started.status).toBe('late');
			expect(started.remaining[0]).toBe('Read 1 more module');
		});

		it('stays done after the due date when finished on time', () => {
			expect(assignmentStatus({ ...finished, now: DUE + 48 * HOUR })).toEqual({
				status: 'done',
				completedLate: false,
				remaining: []
			});
		});

		it('counts finishing exactly at the due time as on time', () => {
			const standing = assignmentStatus({ ...finished, now: DUE + HOUR, completedAt: DUE });
			expect(standing.completedLate).toBe(false);
		});

		it('is done but completed late when finished after the due time', () => {
			expect(assignmentStatus({ ...finished, now: DUE + HOUR, completedAt: DUE + 1 })).toEqual({
				status: 'done',
				completedLate: true,
				remaining: []
			});
		});
	});

	it('is never late without a due date', () => {
		const noDue = { ...fresh, dueAt: null, now: DUE + 365 * 24 * HOUR };
		expect(assignmentStatus(noDue).status).toBe('not-started');
		expect(assignmentStatus({ ...finished, dueAt: null }).completedLate).toBe(false);
	});
});
