export {
	suggestQuestions,
	SUGGESTED_ID_PREFIX,
	NONE_NAMED,
	MIN_PER_MODULE,
	type Suggestion,
	type SuggestionRule,
	type SuggestOptions
} from './suggest';
export { claimQuestions, CLAIM_ID_PREFIX, vagueOption, type ConfirmedClaims } from './claims';
export { ATTRIBUTIONS, isAttributed, indefiniteArticle } from './english';
