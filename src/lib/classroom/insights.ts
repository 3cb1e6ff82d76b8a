/** One question as a student answered it. */
export interface AnsweredQuestion {
	questionId: string;
	correct: boolean;
	/** The answer chosen or typed, as the quiz records it (an option's text or id); null if skipped. */
	response: string | null;
}

/** A student's first attempt at a quiz: what they knew before practising. */
export interface FirstAttempt {
	studentId: string;
	answers: readonly AnsweredQuestion[];
}

export interface ItemStatistics {
	questionId: string;
	/** How many students were asked the question (answered or skipped). */
	asked: number;
	/** How many of them answered it correctly. */
	correct: number;
	/** Share correct (0–1): high is easy, low is hard. */
	facility: number;
	/**
	 * Share correct in the upper group minus share correct in the lower group (−1 to 1);
	 * null when no one in one of the groups was asked the question. Near zero or negative
	 * flags a question that does not separate students who know the material.
	 */
	discrimination: number | null;
	upper: { asked: number; correct: number };
	lower: { asked: number; correct: number };
	/** The wrong answer chosen most often, or null when no one answered it wrongly. */
	commonWrongAnswer: { response: string; count: number } | null;
}

/** The size of the upper and of the lower group among `n` students: 27% of them, at least 1. */
export function groupSize(n: number): number {
	return Math.max(1, Math.round(0.27 * n));
}

/**
 * Students from strongest to weakest by the share of their questions answered correctly
 * (a share, not a count, so students asked different questions compare fairly). Ties go
 * by student id in code-unit order, so the groups are the same on every run and machine.
 */
function rankStudents(attempts: readonly FirstAttempt[]): FirstAttempt[] {
	const share = (a: FirstAttempt) =>
		a.answers.length === 0 ? 0 : a.answers.filter((x) => x.correct).length / a.answers.length;
	return attempts
		.map((attempt) => ({ attempt, score: share(attempt) }))
		.sort(
			(a, b) =>
				b.score - a.score ||
				(a.attempt.studentId < b.attempt.studentId
					? -1
					: a.attempt.studentId > b.attempt.studentId
						? 1
						: 0)
		)
		.map(({ attempt }) => attempt);
}

function tally(group: readonly FirstAttempt[], questionId: string) {
	let asked = 0;
	let correct = 0;
	for (const attempt of group) {
		const answer = attempt.answers.find((a) => a.questionId === questionId);
		if (!answer) continue;
		asked++;
		if (answer.correct) correct++;
	}
	return { asked, correct };
}

function mostCommonWrong(answers: readonly AnsweredQuestion[]) {
	const counts = new Map<string, number>();
	for (const { correct, response } of answers) {
		if (!correct && response !== null) counts.set(response, (counts.get(response) ?? 0) + 1);
	}
	let best: { response: string; count: number } | null = null;
	// Equal counts go to the response first in code-unit order, for a stable answer.
	for (const [response, count] of counts) {
		if (!best || count > best.count || (count === best.count && response < best.response)) {
			best = { response, count };
		}
	}
	return best;
}

/**
 * Classical item analysis of a quiz over each student's FIRST attempt (one per student;
 * later attempts measure practice, not the question). Questions come in the order they
 * first appear. Discrimination compares the upper and lower 27% of students ranked by
 * first-attempt score (`groupSize`); with a single student both groups are that student.
 */
export function itemAnalysis(firstAttempts: readonly FirstAttempt[]): ItemStatistics[] {
	const students = new Set<string>();
	const byQuestion = new Map<string, AnsweredQuestion[]>();
	for (const attempt of firstAttempts) {
		if (students.has(attempt.studentId)) {
			throw new Error(`more than one first attempt for student ${attempt.studentId}`);
		}
		students.add(attempt.studentId);
		for (const answer of attempt.answers) {
			const list = byQuestion.get(answer.questionId) ?? [];
			if (list.length === 0) byQuestion.set(answer.questionId, list);
			list.push(answer);
		}
	}
	const ranked = rankStudents(firstAttempts);
	const size = groupSize(ranked.length);
	const upperGroup = ranked.slice(0, size);
	const lowerGroup = ranked.slice(-size);

	return [...byQuestion].map(([questionId, answers]) => {
		const correct = answers.filter((a) => a.correct).length;
		const upper = tally(upperGroup, questionId);
		const lower = tally(lowerGroup, questionId);
		// One division of integers, so equal groups give exactly (U − L) / size.
		const discrimination =
			upper.asked === 0 || lower.asked === 0
				? null
				: (upper.correct * lower.asked - lower.correct * upper.asked) / (upper.asked * lower.asked);
		return {
			questionId,
			asked: answers.length,
			correct,
			facility: correct / answers.length,
			discrimination,
			upper,
			lower,
			commonWrongAnswer: mostCommonWrong(answers)
		};
	});
}

export interface ModuleCompletion {
	sectionId: string;
	title: string;
	/** How many students of the class have read the module. */
	read: number;
	/** Share (0–1) of the class that has read it; null for a class with no students. */
	share: number | null;
}

/** For each module, in the order given, the share of the class's students who have read it. */
export function moduleCompletion(
	students: readonly { id: string }[],
	sections: readonly { id: string; title: string }[],
	progress: readonly { studentId: string; sectionId: string }[]
): ModuleCompletion[] {
	const enrolled = new Set(students.map((s) => s.id));
	const readers = new Map<string, Set<string>>();
	for (const { studentId, sectionId } of progress) {
		if (!enrolled.has(studentId)) continue;
		const set = readers.get(sectionId) ?? new Set<string>();
		readers.set(sectionId, set.add(studentId));
	}
	return sections.map(({ id, title }) => {
		const read = readers.get(id)?.size ?? 0;
		return {
			sectionId: id,
			title,
			read,
			share: enrolled.size === 0 ? null : read / enrolled.size
		};
	});
}

/** One question of an assigned article's quiz, as the insights page shows it. */
export interface QuestionInsight extends Omit<ItemStatistics, 'commonWrongAnswer'> {
	/** The question as asked: students saw the questions shuffled, so no number names one. */
	text: string;
	/** The module whose text the question asks about, when it is a lesson module. */
	moduleTitle: string | null;
	commonWrongAnswer: { text: string; count: number } | null;
}

export interface ArticleInsights {
	articleId: string;
	articleSlug: string;
	articleTitle: string;
	/** Students whose first answers are counted (those who answered at least one question). */
	students: number;
	classSize: number;
	questions: QuestionInsight[];
	modules: ModuleCompletion[];
}
