/**
 * Lectern's spaced review of quiz questions (FSRS via ts-fsrs). Pure: dates come in as
 * arguments, cards go out as plain JSON.
 *
 * A missed question gets a card: `scheduleReview(newCard(now), false, now)`; each later
 * review answer calls `scheduleReview(card, correct, now)` again. `/review` shows the cards
 * for which `isDue(card, now)`, most overdue first (compare `card.due`, an ISO string).
 */
export {
	newCard,
	scheduleReview,
	isDue,
	parseReviewCard,
	reviewCardSchema,
	type ReviewCard,
	type ReviewState
} from './schedule';
