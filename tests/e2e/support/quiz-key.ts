// The seed article's answer key, computed the way the server computes it: the authored bank
// (src/content/articles/<slug>.quiz.json); the questions generated from its tables and prose are
// drafts no learner sees until a teacher accepts them (issue 12). The
// quiz specs (end-to-end and integration) use it to answer right or wrong on purpose, and to
// know which strings must never reach a browser before an attempt is submitted.
import { readFileSync } from 'node:fs';
import { parseArticle } from '../../../src/lib/article/parse';
import type { Article } from '../../../src/lib/article/types';
import { itemsOf, leftsOf, optionsOf, rightsOf } from '../../../src/lib/quiz/parts';
import type { Question, QuestionOf } from '../../../src/lib/quiz/schema';
import { importedOrigin } from '../../../src/lib/quiz/reimport';
import { articleQuestions } from '../../../src/lib/quiz/select';

export const SEED_SLUG = 'declassified-putin-bush-talks-surface-tensions-over-nato-ukraine';
const contentFile = (ext: string) =>
	new URL(`../../../src/content/articles/${SEED_SLUG}${ext}`, import.meta.url);

export const seedArticleText = (): string => readFileSync(contentFile('.txt'), 'utf8');
/** The authored bank as JSON (parsed, not validated). */
export const seedBankJson = (): { article: string; questions: { id: string }[] } =>
	JSON.parse(readFileSync(contentFile('.quiz.json'), 'utf8'));

let cached: { article: Article; questions: Question[] } | undefined;
/** The parsed seed and every question of its whole-article quiz (the published: the bank's). */
export function seedQuiz(): { article: Article; questions: Question[] } {
	if (!cached) {
		const article = parseArticle(seedArticleText());
		const questions = articleQuestions(article, seedBankJson()).filter(
			(q) => importedOrigin(q.id) === 'authored'
		);
		cached = { article, questions };
	}
	return cached;
}

export function questionById(id: string): Question {
	const q = seedQuiz().questions.find((x) => x.id === id);
	if (!q) throw new Error(`no question "${id}" in the seed's quiz`);
	return q;
}

const rotate = <T>(list: T[]): T[] => [...list.slice(1), list[0]!];

/**
 * A response in the shape the grader takes (what `responsesFromForm` builds), right or
 * deliberately wrong (but valid: it grades, it is just not the key).
 */
export function responseFor(q: Question, correct: boolean): unknown {
	switch (q.type) {
		case 'single': {
			const options = optionsOf(q);
			const pick = options.find((o) => (o.text === q.answer) === correct)!;
			return pick.id;
		}
		case 'multiple': {
			const options = optionsOf(q);
			const right = options.filter((o) => q.answers.includes(o.text)).map((o) => o.id);
			if (correct) return right;
			const wrong = options.filter((o) => !q.answers.includes(o.text)).map((o) => o.id);
			return wrong.length ? [wrong[0]!] : right.slice(1);
		}
		case 'truefalse':
			return correct === q.answer ? 'true' : 'false';
		case 'matching': {
			const lefts = leftsOf(q);
			const rights = rightsOf(q).map((r) => r.id);
			const given = correct ? rights : rotate(rights);
			return Object.fromEntries(lefts.map((l, i) => [l.id, given[i]!]));
		}
		case 'ordering': {
			const items = itemsOf(q);
			const positions = items.map((_, i) => String(i + 1));
			const given = correct ? positions : rotate(positions);
			return Object.fromEntries(items.map((item, i) => [item.id, given[i]!]));
		}
		case 'short':
			return correct ? q.accepted[0]! : 'certainly not the answer';
		case 'numeric':
			return String(correct ? q.answer : q.answer + q.tolerance + 1000);
	}
}

/** Responses to every question given, keyed by question id; `wrong` lists those to miss. */
export function responsesFor(
	questions: readonly Question[],
	wrong: ReadonlySet<string> = new Set()
) {
	return Object.fromEntries(questions.map((q) => [q.id, responseFor(q, !wrong.has(q.id))]));
}

/** How a person answers in the page: which labels to tick, what to pick, what to type. */
export type UiAnswer =
	| { kind: 'check'; labels: string[] }
	| { kind: 'select'; pairs: { label: string; option: string }[] }
	| { kind: 'type'; text: string };

export function uiAnswerFor(q: Question, correct: boolean): UiAnswer {
	switch (q.type) {
		case 'single': {
			const pick = q.options.find((o) => (o === q.answer) === correct)!;
			return { kind: 'check', labels: [pick] };
		}
		case 'multiple': {
			if (correct) return { kind: 'check', labels: q.answers };
			const wrong = q.options.filter((o) => !q.answers.includes(o));
			return { kind: 'check', labels: wrong.length ? [wrong[0]!] : q.answers.slice(1) };
		}
		case 'truefalse':
			return { kind: 'check', labels: [correct === q.answer ? 'True' : 'False'] };
		case 'matching': {
			const rights = q.pairs.map((p) => p.right);
			const given = correct ? rights : rotate(rights);
			return {
				kind: 'select',
				pairs: q.pairs.map((p, i) => ({ label: p.left, option: given[i]! }))
			};
		}
		case 'ordering': {
			const positions = q.items.map((_, i) => String(i + 1));
			const given = correct ? positions : rotate(positions);
			return {
				kind: 'select',
				pairs: q.items.map((item, i) => ({ label: item, option: given[i]! }))
			};
		}
		case 'short':
			return { kind: 'type', text: correct ? q.accepted[0]! : 'certainly not the answer' };
		case 'numeric':
			return { kind: 'type', text: String(correct ? q.answer : q.answer + q.tolerance + 1000) };
	}
}

export type { Question, QuestionOf };
