export const assignmentStatuses = ['not-started', 'in-progress', 'done', 'late'] as const;
export type AssignmentStatus = (typeof assignmentStatuses)[number];

/** One student's standing on one assignment; times are UTC epoch ms. */
export interface AssignmentProgress {
	now: number;
	/** null when the assignment has no due date. */
	dueAt: number | null;
	/** How many modules the assignment asks the student to read. */
	sectionsRequired: number;
	/** How many of those the student has read. */
	sectionsRead: number;
	requireQuiz: boolean;
	/** Percent (0–100) a quiz attempt must reach to count as passed. */
	passMark: number;
	/** The student's best counting quiz attempt in percent, null before any attempt. */
	bestScorePercent: number | null;
	requireResponse: boolean;
	responded: boolean;
	/** When the last requirement was met, if it was; null when unknown. */
	completedAt: number | null;
}

export interface AssignmentStanding {
	status: AssignmentStatus;
	/** Done, but only after the due date. */
	completedLate: boolean;
	/** What is left to do, in words a student reads; empty when done. */
	remaining: string[];
}

/**
 * Where a student stands on an assignment. The rules, in order:
 * 1. `done` when every requirement is met: all required modules read, the quiz passed
 *    (best score ≥ pass mark) if required, a response posted if required. Done stays done
 *    after the due date; `completedLate` says whether it was finished after it.
 * 2. `late` when not done and `now` is past the due date. The due time itself is on time:
 *    a student who finishes at 17:00 on a 17:00 deadline is not late.
 * 3. `in-progress` when anything has been started: a module read, a quiz attempt made
 *    (even a failed one or one of 0%), a response posted.
 * 4. `not-started` otherwise.
 */
export function assignmentStatus(progress: AssignmentProgress): AssignmentStanding {
	const { now, dueAt, completedAt } = progress;
	const remaining = remainingWork(progress);
	if (remaining.length === 0) {
		const completedLate = dueAt !== null && completedAt !== null && completedAt > dueAt;
		return { status: 'done', completedLate, remaining };
	}
	const started =
		progress.sectionsRead > 0 || progress.bestScorePercent !== null || progress.responded;
	const status = dueAt !== null && now > dueAt ? 'late' : started ? 'in-progress' : 'not-started';
	return { status, completedLate: false, remaining };
}

function remainingWork(p: AssignmentProgress): string[] {
	const remaining: string[] = [];
	const unread = Math.max(0, p.sectionsRequired - p.sectionsRead);
	if (unread > 0) remaining.push(`Read ${unread} more ${unread === 1 ? 'module' : 'modules'}`);
	if (p.requireQuiz && !(p.bestScorePercent !== null && p.bestScorePercent >= p.passMark)) {
		remaining.push(quizStep(p.passMark, p.bestScorePercent));
	}
	if (p.requireResponse && !p.responded) remaining.push('Respond to the discussion');
	return remaining;
}

function quizStep(passMark: number, best: number | null): string {
	if (passMark === 0) return 'Take the quiz';
	// Rounded down, so a best of 69.6% never reads as the 70% needed.
	const bestSoFar = best === null ? '' : `, best so far ${Math.floor(best)}%`;
	return `Pass the quiz (${passMark}% needed${bestSoFar})`;
}
