/**
 * Lectern's quiz domain: pure data in, plain data out (no I/O, no database, no Svelte).
 *
 * Content (imported from their own modules, not from here: the table questions use the NLP
 * library, which a server loads only to import an article; see src/lib/server/bundled-import.ts)
 * - An article's authored questions live in `<article-slug>.quiz.json` beside the article;
 *   `validateBank(json, article)` (`./bank`) parses it with `bankSchema` and checks every evidence
 *   quote against the article (throws `BankError` naming the question).
 * - `generateTableQuestions(article)` (`./generate`) derives key-fact questions from every table.
 * - `articleQuestions(article, bank?)` (`./select`) is both together: the whole-article quiz.
 *   `questionsForSection(all, slug)` is one module's quiz.
 *
 * Taking a quiz (answer keys never reach the browser before submission)
 * 1. `createAttemptPlan(questions, seed)` ({ id, version } each) with a random 32-bit seed;
 *    store the plan: it names the version of every question it asks.
 * 2. `publicQuestionsForPlan(plan, questions)` (or `toPublicQuestion(q, optionSeed)`) is
 *    all the page may render. Inputs are named with `fieldName(questionId, partId?)`.
 * 3. On submit, `responsesFromForm(questions, formData)` (or a JSON body) →
 *    `gradeAttempt(questions, responses)`: `{ ok: true, results, score }`, or
 *    `{ ok: false, errors: { [questionId]: message } }` to show beside each question.
 *    Blank questions are listed in `unanswered`; with `{ unanswered: 'wrong' }` (after the
 *    learner confirmed) they are graded as wrong instead of refused.
 *    Store each result's `response`; `gradeStoredAnswer` grades it the same way again.
 * 4. While the attempt is open, answers are saved as drafts (validated responses);
 *    `responseFormValues(question, response)` refills the form from one.
 */
export { locateEvidence, sectionPassages, type EvidenceLocation, type Passage } from './evidence';
export {
	createAttemptPlan,
	publicQuestionsForPlan,
	attemptPlanSchema,
	type AttemptPlan,
	type PlannedId
} from './attempt';
export { toPublicQuestion, type PublicQuestion } from './public';
export type { Choice } from './parts';
export {
	isUnanswered,
	responseFormValues,
	responseSchema,
	responsesFromForm,
	fieldName,
	MISSING_ANSWER,
	type QuestionResponse,
	type ResponseByType
} from './response';
export {
	gradeAnswer,
	gradeAttempt,
	gradeStoredAnswer,
	NOT_IN_ATTEMPT,
	unansweredResult,
	type OthersRule,
	type UnansweredRule,
	type AnswerGrade,
	type AttemptGrade,
	type GradedAnswer,
	type PartialCredit,
	type Score
} from './grade';
export { scorePercent } from './score';
export {
	bankSchema,
	questionSchema,
	evidenceSchema,
	questionTypes,
	MAX_ANSWER_LENGTH,
	GENERATED_ID_PREFIX,
	type Bank,
	type Evidence,
	type Question,
	type QuestionInput,
	type QuestionOf,
	type QuestionType
} from './schema';
export { normalizeAnswer, answersMatch, parseNumber } from './text';
export { seedFromText } from './random';
