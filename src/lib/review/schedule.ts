import { z } from 'zod';
import { createEmptyCard, fsrs, Rating, State, type Card, type CardInput } from 'ts-fsrs';

const states = ['new', 'learning', 'review', 'relearning'] as const;
const toFsrsState: Record<ReviewState, State> = {
	new: State.New,
	learning: State.Learning,
	review: State.Review,
	relearning: State.Relearning
};

const isoDate = z.iso.datetime({ offset: true });
const count = z.number().int().min(0);

/**
 * A question's spaced-review state, as plain JSON (ISO 8601 dates) so the server can keep it
 * in a text column: `JSON.stringify(card)` to store, `parseReviewCard(text)` to load.
 * The numbers are ts-fsrs's memory model (FSRS); only `due` and `state` matter to pages.
 */
export const reviewCardSchema = z.strictObject({
	/** When the question should next be reviewed. */
	due: isoDate,
	state: z.enum(states),
	stability: z.number().min(0),
	difficulty: z.number().min(0),
	elapsedDays: z.number().min(0),
	scheduledDays: z.number().min(0),
	learningSteps: count,
	reps: count,
	lapses: count,
	lastReview: isoDate.nullable()
});
export type ReviewCard = z.infer<typeof reviewCardSchema>;
export type ReviewState = (typeof states)[number];

// No fuzz: the same history always gives the same due date, so scheduling stays pure.
const scheduler = fsrs({ enable_fuzz: false });

/** A card for a question never reviewed: due at once. */
export function newCard(now: Date): ReviewCard {
	return fromFsrs(createEmptyCard(now));
}

/**
 * The card after one answer: a right answer counts as "Good" (the next review moves later),
 * a wrong one as "Again" (it comes back within minutes). A `now` before the card's last
 * review (clock skew) is treated as that moment.
 */
export function scheduleReview(card: ReviewCard, correct: boolean, now: Date): ReviewCard {
	const last = card.lastReview ? Date.parse(card.lastReview) : -Infinity;
	const at = new Date(Math.max(now.getTime(), last));
	const { card: next } = scheduler.next(toFsrs(card), at, correct ? Rating.Good : Rating.Again);
	return fromFsrs(next);
}

/** Whether the card should be reviewed at `now`. */
export function isDue(card: ReviewCard, now: Date): boolean {
	return Date.parse(card.due) <= now.getTime();
}

/** Reads a stored card (the JSON text `JSON.stringify(card)` wrote). Throws when it is not one. */
export function parseReviewCard(json: string): ReviewCard {
	return reviewCardSchema.parse(JSON.parse(json));
}

function toFsrs(card: ReviewCard): CardInput {
	return {
		due: card.due,
		state: toFsrsState[card.state],
		stability: card.stability,
		difficulty: card.difficulty,
		elapsed_days: card.elapsedDays,
		scheduled_days: card.scheduledDays,
		learning_steps: card.learningSteps,
		reps: card.reps,
		lapses: card.lapses,
		last_review: card.lastReview
	};
}

function fromFsrs(card: Card): ReviewCard {
	return {
		due: card.due.toISOString(),
		state: states[card.state]!,
		stability: card.stability,
		difficulty: card.difficulty,
		elapsedDays: card.elapsed_days,
		scheduledDays: card.scheduled_days,
		learningSteps: card.learning_steps,
		reps: card.reps,
		lapses: card.lapses,
		lastReview: card.last_review ? card.last_review.toISOString() : null
	};
}
