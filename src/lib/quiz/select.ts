import type { Article } from '../article/types';
import { validateBank } from './bank';
import { generateTableQuestions } from './generate';
import type { Question } from './schema';

/** A module's quiz: the questions whose evidence lies in that section, in the order given. */
export function questionsForSection(all: readonly Question[], sectionSlug: string): Question[] {
	return all.filter((q) => q.evidence.section === sectionSlug);
}

/**
 * Every question of an article, which is also its whole-article quiz: the authored bank
 * (validated against the article; throws `BankError`) plus the questions generated from its
 * tables, less those the bank suppresses, in section order, authored before generated within
 * a section. With no bank, the tables alone make the quiz.
 */
export function articleQuestions(article: Article, bank?: unknown): Question[] {
	const parsed = bank === undefined ? undefined : validateBank(bank, article);
	const suppressed = new Set(parsed?.suppress ?? []);
	const generated = generateTableQuestions(article).filter((q) => !suppressed.has(q.id));
	const all = [...(parsed?.questions ?? []), ...generated];
	const position = new Map(article.sections.map((s, i) => [s.slug, i]));
	// Array.prototype.sort is stable, so authored order survives within a section.
	return all.sort((a, b) => position.get(a.evidence.section)! - position.get(b.evidence.section)!);
}
