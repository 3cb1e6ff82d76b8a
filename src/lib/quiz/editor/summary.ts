import type { Question } from '../schema';

/** The key of a question in one line, for a teacher scanning a module's bank. */
export function answerSummary(question: Question): string {
	switch (question.type) {
		case 'single':
			return `Answer: ${question.answer} (of ${question.options.length} options)`;
		case 'multiple':
			return `Answers: ${question.answers.join('; ')} (of ${question.options.length} options)`;
		case 'truefalse':
			return `Answer: ${question.answer ? 'true' : 'false'}`;
		case 'matching':
			return `Pairs: ${question.pairs.map((p) => `${p.left} → ${p.right}`).join('; ')}`;
		case 'ordering':
			return `Order: ${question.items.join(' → ')}`;
		case 'short':
			return `Accepted: ${question.accepted.join('; ')}`;
		case 'numeric': {
			const unit = question.unit ? ` ${question.unit}` : '';
			const within = question.tolerance ? ` (± ${question.tolerance})` : '';
			return `Answer: ${question.answer}${unit}${within}`;
		}
	}
}
