import { parseArticle } from '../article/parse';
import { ArticleFormatError, type Article } from '../article/types';
import { refuse, type Refusal } from '../refusal';

/** The largest article file a form takes. */
export const MAX_ARTICLE_BYTES = 512 * 1024;

/**
 * The article a form's file field (`article`) holds, parsed; or why not, said beside the field:
 * no file, too large, or the format's own `line N: reason`.
 */
export async function articleFromUpload(
	file: FormDataEntryValue | null
): Promise<{ ok: true; article: Article } | Refusal> {
	if (!(file instanceof File) || file.size === 0)
		return refuse(400, 'Choose an article file (.txt).', 'article');
	if (file.size > MAX_ARTICLE_BYTES)
		return refuse(400, 'That file is larger than 512 kB.', 'article');
	try {
		return { ok: true, article: parseArticle(new Uint8Array(await file.arrayBuffer())) };
	} catch (error) {
		if (error instanceof ArticleFormatError) return refuse(400, error.message, 'article');
		throw error;
	}
}
