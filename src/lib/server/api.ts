import type { ArticleSummary } from './articles';

/** The public API's shape of an article (PRODUCT.md, "Routes"). */
export function articleResource(a: ArticleSummary, questionCount: number) {
	return {
		slug: a.slug,
		title: a.title,
		sections: a.sections.map((s) => ({ slug: s.slug, title: s.title })),
		questionCount,
		promptCount: a.prompts.length
	};
}
