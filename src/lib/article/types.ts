import { z } from 'zod';

export const listItemSchema = z.object({
	/** The emphasised lead of `Label – text` or `Label: text`, when the item has one. */
	label: z.string().min(1).optional(),
	/** The separator exactly as written (` – ` or `: `), so label + separator + text is the author's line. */
	separator: z.string().optional(),
	text: z.string(),
	line: z.number().int().positive()
});

export const blockSchema = z.discriminatedUnion('type', [
	z.object({
		type: z.literal('paragraph'),
		text: z.string().min(1),
		line: z.number().int().positive()
	}),
	z.object({
		type: z.literal('list'),
		items: z.array(listItemSchema).min(1),
		line: z.number().int().positive()
	}),
	z.object({
		type: z.literal('table'),
		header: z.array(z.string()).min(1),
		rows: z.array(z.array(z.string())),
		line: z.number().int().positive()
	})
]);

export const sectionKinds = ['lesson', 'prompts', 'sources'] as const;

export const sectionSchema = z.object({
	slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
	title: z.string().min(1),
	kind: z.enum(sectionKinds),
	blocks: z.array(blockSchema).min(1),
	line: z.number().int().positive()
});

export const promptSchema = z.object({
	number: z.number().int().positive(),
	text: z.string().min(1),
	sectionSlug: z.string(),
	line: z.number().int().positive()
});

export const articleSchema = z.object({
	title: z.string().min(1),
	slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
	sections: z.array(sectionSchema).min(1),
	prompts: z.array(promptSchema),
	sources: z.array(z.string()),
	warnings: z.array(z.string())
});

export type ListItem = z.infer<typeof listItemSchema>;
export type Block = z.infer<typeof blockSchema>;
export type TableBlock = Extract<Block, { type: 'table' }>;
export type SectionKind = (typeof sectionKinds)[number];
export type Section = z.infer<typeof sectionSchema>;
export type Prompt = z.infer<typeof promptSchema>;
export type Article = z.infer<typeof articleSchema>;

/** A rejected article: `message` always starts with `line N: `. */
export class ArticleFormatError extends Error {
	constructor(
		readonly line: number,
		readonly reason: string
	) {
		super(`line ${line}: ${reason}`);
		this.name = 'ArticleFormatError';
	}
}
