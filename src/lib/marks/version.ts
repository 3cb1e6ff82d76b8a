/**
 * The version of the marking rules (`./marks.ts`, `./contradictions.ts`). An import's content
 * hash covers this number instead of the drafts themselves (which follow from the article and
 * the rules): a start-up can tell an unchanged article without running the NLP. Raise it
 * whenever the rules change what they draft.
 */
export const MARK_RULES_VERSION = 2;
