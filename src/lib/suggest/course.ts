import type { Article } from '../article/types';
import type { Question } from '../quiz/schema';
import { articleQuestions } from '../quiz/select';
import { suggestQuestions } from './suggest';

/**
 * Everything an import stores for an article: the authored bank (validated against the text;
 * throws `BankError`), the questions generated from its tables, and the suggestions drawn from
 * its prose. Only the bank's are published at once; the rest are drafts for a teacher to accept
 * (the importer tells them apart by id).
 */
export function courseQuestions(article: Article, bank?: unknown): Question[] {
	return [...articleQuestions(article, bank), ...suggestQuestions(article).map((s) => s.question)];
}
