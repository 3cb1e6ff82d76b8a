/**
 * The quiz an assignment sets: which modules' questions it draws from, how many each attempt
 * asks, how many attempts a student has, and what a result means against the pass mark. An
 * assignment made before these choices existed (all null) sets the quiz it always did: the
 * assigned modules' questions, all of them, as often as the student likes.
 */
export interface AssignedQuizRules {
	/** The modules assigned for reading; null for the whole article. */
	sectionIds: readonly string[] | null;
	/** The modules whose questions the quiz draws from; null: those assigned for reading. */
	quizSectionIds: readonly string[] | null;
	/** Questions per attempt; null: every question of the quiz. */
	quizQuestionCount: number | null;
	/** Attempts a student has; null: no limit. */
	maxAttempts: number | null;
}

/** Whether the teacher chose anything about the quiz (then only its own attempts count). */
export function setsOwnQuiz(rules: AssignedQuizRules): boolean {
	return (
		rules.quizSectionIds !== null || rules.quizQuestionCount !== null || rules.maxAttempts !== null
	);
}

/** The modules the quiz draws questions from, or null for every question of the article. */
export function assignedQuizSections(rules: AssignedQuizRules): readonly string[] | null {
	return rules.quizSectionIds ?? rules.sectionIds;
}

/** How many questions an attempt asks, out of `available`: the teacher's number, at most all. */
export function questionsToDraw(rules: AssignedQuizRules, available: number): number {
	return Math.min(rules.quizQuestionCount ?? available, available);
}

export interface AttemptAllowance {
	/** Submitted attempts. */
	used: number;
	/** Attempts allowed, or null for no limit. */
	allowed: number | null;
	/** Whether a new attempt may start now (none open, and one left). */
	canStart: boolean;
	/** The count as a student reads it: "2 of 3 attempts used", or null with no limit. */
	label: string | null;
}

/** Where a student stands on an assignment's attempts. */
export function attemptAllowance(
	maxAttempts: number | null,
	submitted: number,
	hasOpenAttempt: boolean
): AttemptAllowance {
	const left = maxAttempts === null || submitted < maxAttempts;
	return {
		used: submitted,
		allowed: maxAttempts,
		canStart: left && !hasOpenAttempt,
		label:
			maxAttempts === null
				? null
				: `${submitted} of ${maxAttempts} ${maxAttempts === 1 ? 'attempt' : 'attempts'} used`
	};
}

/** Whether a score (0–100) reaches the pass mark: passed, or not yet. */
export function quizVerdict(scorePercent: number, passMark: number): 'passed' | 'not-yet' {
	return scorePercent >= passMark ? 'passed' : 'not-yet';
}
