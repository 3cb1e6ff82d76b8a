import { describe, expect, it } from 'vitest';
import { lessonModules } from '../article/modules';
import { fixtureNames, loadFixture } from '../../../tests/fixtures/suggest/load';
import { MIN_PER_MODULE, suggestQuestions, type SuggestionRule } from './suggest';

const DEFAULT_MAX = 8;

function countsPerModule(name: (typeof fixtureNames)[number], maxPerModule?: number) {
	const { article, suggestions } = loadFixture(name);
	const list =
		maxPerModule === undefined ? suggestions : suggestQuestions(article, { maxPerModule });
	return lessonModules(article.sections).map(
		(section) => list.filter((s) => s.question.evidence.section === section.slug).length
	);
}

describe('suggestions per module', () => {
	it.each(fixtureNames)(
		'%s: between two and the default cap in every module',
		(name) => {
			for (const count of countsPerModule(name)) {
				expect(count).toBeGreaterThanOrEqual(MIN_PER_MODULE);
				expect(count).toBeLessThanOrEqual(DEFAULT_MAX);
			}
		},
		60_000
	);

	it('keeps to a smaller cap when asked', () => {
		for (const count of countsPerModule('news', 3)) {
			expect(count).toBeGreaterThanOrEqual(MIN_PER_MODULE);
			expect(count).toBeLessThanOrEqual(3);
		}
	}, 60_000);

	it('uses every rule of the prose on the three unseen fixtures', () => {
		const rules = new Set<SuggestionRule>(
			(['news', 'essay', 'science'] as const).flatMap((n) =>
				loadFixture(n).suggestions.map((s) => s.rule)
			)
		);
		for (const rule of [
			'quote-speaker',
			'quote-matching',
			'source',
			'figure',
			'year',
			'year-ordering',
			'label-matching',
			'label-choice',
			'statement-true'
		] as const) {
			expect(rules.has(rule), rule).toBe(true);
		}
	}, 60_000);

	it('draws most of each unseen fixture from the rules, not the fallbacks', () => {
		const fallbacks = new Set([
			'statement-true',
			'statement-false',
			'statement-choice',
			'key-term'
		]);
		for (const name of ['news', 'essay', 'science'] as const) {
			const { suggestions } = loadFixture(name);
			const fromRules = suggestions.filter((s) => !fallbacks.has(s.rule)).length;
			expect(fromRules / suggestions.length, name).toBeGreaterThan(0.6);
		}
	}, 60_000);
});
