import { slugify, uniqueSlug } from './slug';
import {
	ArticleFormatError,
	articleSchema,
	type Article,
	type Block,
	type ListItem,
	type Prompt,
	type Section,
	type SectionKind
} from './types';

interface Line {
	number: number;
	text: string;
}

const TOC_HEADING = /^table of contents$/i;
const TOC_ENTRY = /^-\s*(\d+)\.\s+(.+)$/;
const LIST_ITEM = /^-\s+(.*)$/;
const TABLE_SEPARATOR = /^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$/;
const INVITES_COMMENT = /^(share your thoughts|tell us)\b/i;
/** A list label is short: longer leads are sentences that happen to hold a dash or colon. */
const MAX_LABEL_LENGTH = 80;

/**
 * Turns an article in Lectern's plain-text shape (PRODUCT.md) into a validated `Article`.
 * Pure: text in, data out. Throws `ArticleFormatError` ("line N: reason") on malformed input.
 */
export function parseArticle(input: string | Uint8Array): Article {
	const text = typeof input === 'string' ? input : decodeUtf8(input);
	const lines = splitLines(text);
	const warnings: string[] = [];

	if (lines.every((l) => l.text.trim() === ''))
		throw new ArticleFormatError(1, 'the file is empty');
	const titleLine = lines[0]!;
	const title = titleLine.text.trim();
	if (!title) throw new ArticleFormatError(1, 'the first line must be the article title');
	const slug = slugify(title);
	if (!slug) {
		throw new ArticleFormatError(
			titleLine.number,
			'the title needs at least one letter or digit from a–z or 0–9 to make the article’s address'
		);
	}

	let cursor = 1;
	while (cursor < lines.length && lines[cursor]!.text.trim() === '') cursor++;
	const tocLine = lines[cursor];
	if (!tocLine || !TOC_HEADING.test(tocLine.text.trim())) {
		throw new ArticleFormatError(
			tocLine?.number ?? lines.length,
			'expected "Table of Contents" after the title'
		);
	}
	cursor++;

	const entries: { number: number; heading: string; line: number }[] = [];
	for (; cursor < lines.length; cursor++) {
		const match = TOC_ENTRY.exec(lines[cursor]!.text.trim());
		if (!match) break;
		entries.push({
			number: Number(match[1]),
			heading: match[2]!.trim(),
			line: lines[cursor]!.number
		});
	}
	if (entries.length === 0) {
		throw new ArticleFormatError(
			tocLine.number + 1,
			'the table of contents has no "- N. Heading" entries'
		);
	}
	entries.forEach((entry, i) => {
		if (entry.number !== i + 1) {
			warnings.push(
				`line ${entry.line}: contents entry numbered ${entry.number}, expected ${i + 1}`
			);
		}
	});
	if (entries[0]!.heading !== title) {
		warnings.push(`line ${entries[0]!.line}: the first contents entry does not repeat the title`);
	}

	// Body: optionally starts by repeating the title as a heading.
	let bodyStart = cursor;
	while (bodyStart < lines.length && lines[bodyStart]!.text.trim() === '') bodyStart++;
	if (bodyStart < lines.length && lines[bodyStart]!.text.trim() === entries[0]!.heading)
		bodyStart++;

	const headingAt: number[] = [];
	let searchFrom = bodyStart;
	for (const entry of entries.slice(1)) {
		const found = findHeading(lines, entry.heading, searchFrom);
		if (found < 0) {
			throw new ArticleFormatError(
				entry.line,
				`contents entry ${entry.number} "${entry.heading}" has no heading on a line of its own in the body`
			);
		}
		headingAt.push(found);
		searchFrom = found + 1;
	}

	// Route names under /lessons/<article>/ that a section slug must not shadow.
	const takenSlugs = new Set<string>(['quiz', 'discuss', 'edit']);
	const sections: Section[] = [];
	const prompts: Prompt[] = [];
	const sources: string[] = [];

	entries.forEach((entry, i) => {
		const isIntro = i === 0;
		const start = isIntro ? bodyStart : headingAt[i - 1]! + 1;
		const end = i + 1 < entries.length ? headingAt[i]! : lines.length;
		const headingLine = isIntro ? entry.line : lines[headingAt[i - 1]!]!.number;
		const blocks = parseBlocks(lines.slice(start, end));
		if (blocks.length === 0) {
			warnings.push(`line ${headingLine}: section "${entry.heading}" has no text; skipped`);
			return;
		}
		const kind = sectionKind(entry.heading);
		const slug = uniqueSlug(isIntro ? 'introduction' : slugify(entry.heading), takenSlugs);
		sections.push({ slug, title: entry.heading, kind, blocks, line: headingLine });

		for (const { text, line } of blockLines(blocks)) {
			if (kind === 'prompts' || INVITES_COMMENT.test(text)) {
				prompts.push({ number: prompts.length + 1, text, sectionSlug: slug, line });
			} else if (kind === 'sources') {
				sources.push(text);
			}
		}
	});

	if (sections.length === 0) {
		throw new ArticleFormatError(tocLine.number, 'every section is empty: the article has no text');
	}

	return articleSchema.parse({ title, slug, sections, prompts, sources, warnings });
}

function findHeading(lines: Line[], heading: string, from: number): number {
	for (let i = from; i < lines.length; i++) if (lines[i]!.text.trim() === heading) return i;
	const loose = normalizeHeading(heading);
	for (let i = from; i < lines.length; i++)
		if (normalizeHeading(lines[i]!.text) === loose) return i;
	return -1;
}

function normalizeHeading(text: string): string {
	return text.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

function sectionKind(heading: string): SectionKind {
	const h = normalizeHeading(heading);
	if (h === 'reader questions') return 'prompts';
	if (/^(further reading|sources)\b/.test(h)) return 'sources';
	return 'lesson';
}

/** Each non-blank line is a paragraph; runs of `- ` lines are a list; runs of `|` lines a table. */
function parseBlocks(lines: Line[]): Block[] {
	const blocks: Block[] = [];
	for (let i = 0; i < lines.length;) {
		const line = lines[i]!;
		const text = line.text.trim();
		if (text === '') {
			i++;
		} else if (text.startsWith('|')) {
			let j = i;
			while (j < lines.length && lines[j]!.text.trim().startsWith('|')) j++;
			blocks.push(parseTable(lines.slice(i, j)));
			i = j;
		} else if (LIST_ITEM.test(text)) {
			const items: ListItem[] = [];
			let j = i;
			for (; j < lines.length; j++) {
				const match = LIST_ITEM.exec(lines[j]!.text.trim());
				if (!match) break;
				items.push(parseListItem(match[1]!, lines[j]!.number));
			}
			blocks.push({ type: 'list', items, line: line.number });
			i = j;
		} else {
			blocks.push({ type: 'paragraph', text, line: line.number });
			i++;
		}
	}
	return blocks;
}

function parseListItem(text: string, line: number): ListItem {
	const match = /^(.+?)( – |: )(.+)$/.exec(text);
	if (match && match[1]!.length <= MAX_LABEL_LENGTH) {
		return { label: match[1]!, separator: match[2]!, text: match[3]!, line };
	}
	return { text, line };
}

function parseTable(lines: Line[]): Block {
	const [head, separator, ...rest] = lines;
	const header = splitCells(head!.text);
	if (!separator || !TABLE_SEPARATOR.test(separator.text.trim())) {
		throw new ArticleFormatError(
			separator?.number ?? head!.number + 1,
			'a table header must be followed by a |---| separator row'
		);
	}
	const rows = rest.map((row) => {
		const cells = splitCells(row.text);
		if (cells.length !== header.length) {
			throw new ArticleFormatError(
				row.number,
				`table row has ${cells.length} cells but the header has ${header.length}`
			);
		}
		return cells;
	});
	if (header.every((cell) => cell === '')) {
		throw new ArticleFormatError(head!.number, 'a table header needs at least one named column');
	}
	return { type: 'table', header, rows, line: head!.number };
}

/** Splits `| a | b |` into cells; `\|` is a literal pipe inside a cell. */
function splitCells(row: string): string[] {
	let body = row.trim();
	if (body.startsWith('|')) body = body.slice(1);
	if (body.endsWith('|') && !body.endsWith('\\|')) body = body.slice(0, -1);
	return body.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

function* blockLines(blocks: Block[]): Generator<{ text: string; line: number }> {
	for (const block of blocks) {
		if (block.type === 'paragraph') yield block;
		if (block.type === 'list') {
			for (const item of block.items) {
				yield {
					text: item.label ? item.label + item.separator + item.text : item.text,
					line: item.line
				};
			}
		}
	}
}

function splitLines(text: string): Line[] {
	const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
	return body.split(/\r\n|\r|\n/).map((t, i) => {
		// eslint-disable-next-line no-control-regex
		if (/[\u0000-\u0008\u000B\u000E-\u001F\u007F]/.test(t)) {
			throw new ArticleFormatError(
				i + 1,
				'the file is not plain text (it holds control characters)'
			);
		}
		return { number: i + 1, text: t };
	});
}

/** Decodes strict UTF-8; on failure names the line holding the first invalid byte. */
function decodeUtf8(bytes: Uint8Array): string {
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		const bad = firstInvalidUtf8Offset(bytes);
		let line = 1;
		for (let i = 0; i < bad; i++) if (bytes[i] === 0x0a) line++;
		throw new ArticleFormatError(line, 'the file is not UTF-8 text');
	}
}

function firstInvalidUtf8Offset(bytes: Uint8Array): number {
	for (let i = 0; i < bytes.length;) {
		const b = bytes[i]!;
		const need =
			b < 0x80
				? 0
				: b >= 0xc2 && b < 0xe0
					? 1
					: b >= 0xe0 && b < 0xf0
						? 2
						: b >= 0xf0 && b < 0xf5
							? 3
							: -1;
		if (need < 0) return i;
		// The second byte's range also rules out overlong forms, surrogates and code points
		// above U+10FFFF, which TextDecoder rejects too (Unicode Table 3-7).
		const [low, high] =
			b === 0xe0
				? [0xa0, 0xbf]
				: b === 0xed
					? [0x80, 0x9f]
					: b === 0xf0
						? [0x90, 0xbf]
						: b === 0xf4
							? [0x80, 0x8f]
							: [0x80, 0xbf];
		for (let k = 1; k <= need; k++) {
			const c = bytes[i + k];
			if (c === undefined || c < (k === 1 ? low : 0x80) || c > (k === 1 ? high : 0xbf)) return i;
		}
		i += need + 1;
	}
	return bytes.length;
}
