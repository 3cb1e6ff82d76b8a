import { parseArticle } from '../article/parse';
import { ArticleFormatError, type Article } from '../article/types';
import { refuse, type Refusal } from '../refusal';

/** The largest article a form takes, as a file or pasted. */
export const MAX_ARTICLE_BYTES = 512 * 1024;

export type ArticleInput = { ok: true; article: Article; text: string } | Refusal;

/**
 * The article a form holds, parsed, with its text (to carry from the preview to the publish
 * step): the file field `article`, or else the pasted `text`. Or why not, said beside the
 * field: nothing given, too large, or the format's own `line N: reason`.
 */
export async function articleFromForm(form: FormData): Promise<ArticleInput> {
	const file = form.get('article');
	if (file instanceof File && file.size > 0) {
		if (file.size > MAX_ARTICLE_BYTES)
			return refuse(400, 'That file is larger than 512 kB.', 'article');
		const bytes = new Uint8Array(await file.arrayBuffer());
		return parsed(bytes, 'article', () => new TextDecoder().decode(bytes));
	}
	const text = form.get('text');
	if (typeof text !== 'string' || text.trim() === '')
		return refuse(400, 'Choose an article file (.txt) or paste the article’s text.', 'article');
	if (new TextEncoder().encode(text).length > MAX_ARTICLE_BYTES)
		return refuse(400, 'That text is longer than 512 kB.', 'text');
	return parsed(text, 'text', () => text);
}

function parsed(input: string | Uint8Array, field: string, text: () => string): ArticleInput {
	try {
		return { ok: true, article: parseArticle(input), text: text() };
	} catch (error) {
		if (error instanceof ArticleFormatError) return refuse(400, error.message, field);
		throw error;
	}
}
