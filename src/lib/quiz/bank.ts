import type { z } from 'zod';
import type { Article } from '../article/types';
import { locateEvidence } from './evidence';
import { generateTableQuestions } from './generate';
import { bankSchema, type Bank } from './schema';

export interface BankIssue {
	/** The question the problem is in, when it is in one. */
	questionId?: string;
	message: string;
}

/** A quiz bank that does not fit its article; `message` names every question at fault. */
export class BankError extends Error {
	constructor(
		readonly article: string,
		readonly issues: BankIssue[]
	) {
		super(
			`The quiz bank for "${article}" has ${issues.length} problem${issues.length === 1 ? '' : 's'}:\n` +
				issues
					.map((i) => `- ${i.questionId ? `question "${i.questionId}": ` : ''}${i.message}`)
					.join('\n')
		);
		this.name = 'BankError';
	}
}

/**
 * Parses a bank (e.g. the parsed `<slug>.quiz.json`) and checks it against its article:
 * every evidence section exists and every quote stands verbatim in one of its passages, and
 * every id it suppresses is one the table generator produces for this article (a stale or
 * mistyped id would otherwise silently suppress nothing). Returns the parsed bank; throws
 * `BankError` naming each question at fault.
 */
export function validateBank(bank: unknown, article: Article): Bank {
	const parsed = bankSchema.safeParse(bank);
	if (!parsed.success) throw new BankError(article.slug, schemaIssues(parsed.error, bank));

	const issues: BankIssue[] = [];
	if (parsed.data.article !== article.slug) {
		issues.push({
			message: `it names the article "${parsed.data.article}", but it is checked against "${article.slug}"`
		});
	}
	const slugs = article.sections.map((s) => s.slug);
	for (const q of parsed.data.questions) {
		const { section, quote } = q.evidence;
		if (!slugs.includes(section)) {
			issues.push({
				questionId: q.id,
				message: `evidence section "${section}" is not a section of the article (it has: ${slugs.join(', ')})`
			});
		} else if (!locateEvidence(article, q.evidence)) {
			issues.push({
				questionId: q.id,
				message: `evidence quote "${quote}" does not stand verbatim in one paragraph, list item or table cell of section "${section}"`
			});
		}
	}
	if (parsed.data.suppress?.length) {
		const generated = new Set(generateTableQuestions(article).map((q) => q.id));
		for (const id of parsed.data.suppress) {
			if (!generated.has(id)) {
				issues.push({
					questionId: id,
					message: `it is suppressed, but no question generated from the article's tables has this id`
				});
			}
		}
	}
	if (issues.length > 0) throw new BankError(article.slug, issues);
	return parsed.data;
}

function schemaIssues(error: z.ZodError, bank: unknown): BankIssue[] {
	return error.issues.map((issue) => {
		const [root, index, ...rest] = issue.path;
		if (root !== 'questions' || typeof index !== 'number') {
			return { message: `${issue.path.join('.') || 'bank'}: ${issue.message}` };
		}
		const raw = (bank as { questions?: unknown[] }).questions?.[index];
		const id = typeof raw === 'object' && raw && 'id' in raw ? String(raw.id) : undefined;
		const where = rest.length ? `${rest.join('.')}: ` : '';
		return {
			questionId: id ?? `#${index + 1}`,
			message: `${where}${issue.message}`
		};
	});
}
