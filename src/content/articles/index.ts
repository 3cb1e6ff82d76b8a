// The articles Lectern ships with, bundled into the server build as data: each `<name>.txt`
// with, beside it, its optional authored question bank `<name>.quiz.json` and its optional
// hand-made claims `<name>.claims.json` (source marks and contradictions, all confirmed).
const texts = import.meta.glob('./*.txt', { query: '?raw', import: 'default', eager: true });
const banks = import.meta.glob('./*.quiz.json', { query: '?raw', import: 'default', eager: true });
const claims = import.meta.glob('./*.claims.json', {
	query: '?raw',
	import: 'default',
	eager: true
});

export interface BundledArticle {
	file: string;
	text: string;
	bank?: string;
	claims?: string;
}

export const bundledArticles: BundledArticle[] = Object.entries(texts).map(([path, text]) => ({
	file: path.slice(2),
	text: text as string,
	bank: banks[path.replace(/\.txt$/, '.quiz.json')] as string | undefined,
	claims: claims[path.replace(/\.txt$/, '.claims.json')] as string | undefined
}));
