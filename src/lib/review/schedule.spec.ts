import { describe, expect, it } from 'vitest';
import {
	isDue,
	newCard,
	parseReviewCard,
	reviewCardSchema,
	scheduleReview,
	type ReviewCard
} from './schedule';

const start = new Date('2025-03-01T09:00:00.000Z');
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const at = (card: ReviewCard) => new Date(card.due);
const gap = (card: ReviewCard, from: Date) => Date.parse(card.due) - from.getTime();

/** Answers a card right at each due date, returning every card along the way. */
function rightAnswers(card: ReviewCard, times: number): ReviewCard[] {
	const cards: ReviewCard[] = [];
	for (let i = 0; i < times; i++) {
		card = scheduleReview(card, true, at(card));
		cards.push(card);
	}
	return cards;
}

describe('newCard', () => {
	it('is new and due at once', () => {
		const card = newCard(start);
		expect(card).toMatchObject({
			state: 'new',
			due: start.toISOString(),
			reps: 0,
			lapses: 0,
			lastReview: null
		});
		expect(isDue(card, start)).toBe(true);
	});
});

describe('scheduleReview', () => {
	it('brings a missed question back within minutes', () => {
		const missed = scheduleReview(newCard(start), false, start);
		expect(gap(missed, start)).toBeGreaterThan(0);
		expect(gap(missed, start)).toBeLessThanOrEqual(10 * MINUTE);
		expect(isDue(missed, new Date(start.getTime() + 10 * MINUTE))).toBe(true);
		expect(missed.state).toBe('learning');
	});

	it('pushes the next review further out with each right answer', () => {
		let card = scheduleReview(newCard(start), false, start);
		const intervals: number[] = [];
		for (let i = 0; i < 4; i++) {
			const answeredAt = at(card);
			card = scheduleReview(card, true, answeredAt);
			intervals.push(gap(card, answeredAt));
		}
		for (let i = 1; i < intervals.length; i++)
			expect(intervals[i]!).toBeGreaterThan(intervals[i - 1]!);
		expect(intervals.at(-1)!).toBeGreaterThan(DAY);
		expect(card.state).toBe('review');
	});

	it('schedules a right answer later than a wrong one', () => {
		const card = newCard(start);
		expect(Date.parse(scheduleReview(card, true, start).due)).toBeGreaterThan(
			Date.parse(scheduleReview(card, false, start).due)
		);
	});

	it('brings a well-known question back within minutes when it is missed, counting the lapse', () => {
		const known = rightAnswers(newCard(start), 4).at(-1)!;
		expect(gap(known, start)).toBeGreaterThan(7 * DAY);
		const when = at(known);
		const missed = scheduleReview(known, false, when);
		expect(gap(missed, when)).toBeLessThanOrEqual(10 * MINUTE);
		expect(missed).toMatchObject({ state: 'relearning', lapses: known.lapses + 1 });
	});

	it('is pure: the same card, answer and time always give the same next card, and the input is untouched', () => {
		const card = newCard(start);
		const before = structuredClone(card);
		expect(scheduleReview(card, true, start)).toEqual(scheduleReview(card, true, start));
		expect(card).toEqual(before);
	});

	it('treats an answer timed before the last review (clock skew) as given at the last review', () => {
		const reviewed = scheduleReview(newCard(start), true, start);
		const earlier = new Date(start.getTime() - DAY);
		expect(scheduleReview(reviewed, true, earlier)).toEqual(scheduleReview(reviewed, true, start));
	});
});

describe('isDue', () => {
	it('is false before the due date and true from it on', () => {
		const card = scheduleReview(newCard(start), true, start);
		expect(isDue(card, new Date(Date.parse(card.due) - 1))).toBe(false);
		expect(isDue(card, at(card))).toBe(true);
		expect(isDue(card, new Date(Date.parse(card.due) + DAY))).toBe(true);
	});
});

describe('stored cards', () => {
	it('are plain JSON with ISO dates, and read back unchanged', () => {
		const card = rightAnswers(newCard(start), 2).at(-1)!;
		const text = JSON.stringify(card);
		expect(JSON.parse(text)).toEqual(card);
		expect(card.due).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
		expect(parseReviewCard(text)).toEqual(card);
	});

	it('go on scheduling after a round trip exactly as they would have', () => {
		const card = scheduleReview(newCard(start), false, start);
		const stored = parseReviewCard(JSON.stringify(card));
		expect(scheduleReview(stored, true, at(card))).toEqual(scheduleReview(card, true, at(card)));
	});

	it('reject text that is not a card', () => {
		expect(() => parseReviewCard('{"due":"tomorrow"}')).toThrow();
		expect(() => parseReviewCard('not json')).toThrow();
		expect(reviewCardSchema.safeParse({ ...newCard(start), state: 'forgotten' }).success).toBe(
			false
		);
	});
});
