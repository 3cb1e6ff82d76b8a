/**
 * Small pieces of English for question text: attribution phrasings, "a"/"an", trimming at
 * word boundaries. Every suggested question says whose claim it asks about.
 */

/** The phrasings that attribute a question to the article; every suggestion uses one. */
export const ATTRIBUTIONS = [
	'According to the article',
	'according to the article',
	'Who does the article quote',
	'Which source does the article give',
	'does the article make',
	'does the article give',
	'the article names'
] as const;

export function isAttributed(text: string): boolean {
	return ATTRIBUTIONS.some((phrase) => text.includes(phrase));
}

/** Words whose first letter misleads: "an hour", "a union", "a one-off", "an MP". */
const VOWEL_SOUND_CONSONANT = /^(hour|honest|honou?r|heir)/i;
const CONSONANT_SOUND_VOWEL = /^(uni|use|usu|uti|euro|eu|one|once|ubiq|ura)/i;
const SPELLED_VOWEL_LETTER = /^[AEFHILMNORSX](\b|[A-Z]{1,4}\b)/;

/** "a" or "an" by the sound of the next word. */
export function indefiniteArticle(nextWord: string): 'a' | 'an' {
	const word = nextWord.replace(/^[^\p{L}\p{N}]+/u, '');
	// Initialisms are spelled out ("an FBI agent"); longer acronyms are read as words ("a NATO summit").
	if (/^\p{Lu}{2,3}\b/u.test(word)) return SPELLED_VOWEL_LETTER.test(word) ? 'an' : 'a';
	if (/^8|^11|^18/.test(word)) return 'an';
	if (VOWEL_SOUND_CONSONANT.test(word)) return 'an';
	if (CONSONANT_SOUND_VOWEL.test(word)) return 'a';
	return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

/** `text` cut at a word boundary to at most `max` characters, with an ellipsis when cut. */
export function trimAtWord(text: string, max: number): string {
	if (text.length <= max) return text;
	const cut = text.slice(0, max - 1);
	const space = cut.lastIndexOf(' ');
	return (space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:–—-]+$/u, '') + '…';
}

/** Drops a sentence's final full stop so it can sit inside a question. */
export function withoutFinalStop(text: string): string {
	return text.replace(/[.;:,\s]+$/u, '');
}

/** Joins options as English: "A", "A and B", "A, B and C". */
export function listInEnglish(items: string[]): string {
	if (items.length <= 1) return items.join('');
	return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
