/**
 * The version of the suggestion rules. An import's content hash covers the article, its bank and
 * its table questions, and this number instead of the suggestions themselves (which follow from
 * the article and the rules): a start-up can then tell an unchanged article without running the
 * NLP. Raise it whenever the rules change what they suggest.
 */
export const SUGGESTION_RULES_VERSION = 1;
