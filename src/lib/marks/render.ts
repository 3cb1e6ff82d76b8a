/**
 * What a reader sees of an article's claims on a module page (issue 13): each paragraph and
 * list item cut into runs of plain and marked text, the words that name each mark (visible and
 * spoken), the anchors of passages that disagree and the notes beside them, and a sentence that
 * sums the module's marks up. Pure: the page renders what this returns.
 */
import type { Block } from '../article/types';
import type { ClaimStatus, MarkKind } from './claims';

/** A mark as the page reads it (the stored mark's reader-facing fields). */
export interface ReaderMark {
	id: string;
	quote: string;
	kind: MarkKind;
	source: string | null;
	speaker: string | null;
	status: ClaimStatus;
}

interface ReaderPassage {
	section: string;
	sectionTitle: string;
	quote: string;
	label: string | null;
}

/** A contradiction as the page reads it. */
export interface ReaderContradiction {
	id: string;
	a: ReaderPassage;
	b: ReaderPassage;
	subject: string;
	note: string;
}

/** A stretch of a passage: `strong` for a list item's label, as the author wrote it. */
export interface Part {
	text: string;
	strong: boolean;
}

/** Consecutive text under one mark (or none): one `<mark>` on the page. */
export interface Segment {
	mark: string | null;
	parts: Part[];
}

/** How a mark is named on the page: a short visible tag and the words a screen reader says. */
export interface MarkLabel {
	id: string;
	kind: MarkKind;
	suggested: boolean;
	tag: string;
	spoken: string;
}

/** A note beside a passage that disagrees with another one. */
export interface DisagreementNote {
	id: string;
	/** This passage's words, so a note after a list or a table says which passage it means. */
	quote: string;
	subject: string;
	note: string;
	/** The other passage: its module (null when it is this one), its words and its anchor. */
	other: { section: string; sectionTitle: string; quote: string; label: string | null };
	href: string;
}

export interface PassageMarkup {
	/** Null for a table cell (cells carry anchors, never marks). */
	segments: Segment[] | null;
	/** Ids of the contradiction passages that start here. */
	anchors: string[];
}

export interface MarkSummary {
	named: number;
	vague: number;
	none: number;
	article: number;
	suggested: number;
	disagreements: number;
}

export interface ModuleMarkup {
	/** By `passageKey`: only passages that carry a mark or an anchor. */
	passages: Record<string, PassageMarkup>;
	/** By mark id: the marks that stand in the text. */
	labels: Record<string, MarkLabel>;
	/** By block index: the notes shown after the block. */
	notes: Record<number, DisagreementNote[]>;
	summary: MarkSummary;
}

/** The key of a paragraph (`b3`), a list item (`b3i1`) or a table cell (`b3r-1c0`; row -1 the header). */
export function passageKey(block: number, item?: number, row?: number, cell?: number): string {
	if (item !== undefined) return `b${block}i${item}`;
	if (row !== undefined) return `b${block}r${row}c${cell}`;
	return `b${block}`;
}

/** The stable id of one side of a contradiction on its module page. */
export function passageAnchor(contradictionId: string, side: 'a' | 'b'): string {
	return `passage-${contradictionId}-${side}`;
}

/** The id of a mark's text on its module page. */
export function markAnchor(markId: string): string {
	return `mark-${markId}`;
}

interface Located {
	key: string;
	block: number;
	text: string;
	/** Characters of a list item's label (shown strong). */
	strong: number;
}

/** A module's passages in reading order: paragraphs and list items as written, then cells. */
function passagesOf(blocks: Block[]): { prose: Located[]; cells: Located[] } {
	const prose: Located[] = [];
	const cells: Located[] = [];
	blocks.forEach((b, i) => {
		if (b.type === 'paragraph')
			prose.push({ key: passageKey(i), block: i, text: b.text, strong: 0 });
		else if (b.type === 'list')
			b.items.forEach((it, j) =>
				prose.push({
					key: passageKey(i, j),
					block: i,
					text: (it.label ?? '') + (it.label ? (it.separator ?? '') : '') + it.text,
					strong: it.label?.length ?? 0
				})
			);
		else
			[b.header, ...b.rows].forEach((row, r) =>
				row.forEach((text, c) =>
					cells.push({ key: passageKey(i, undefined, r - 1, c), block: i, text, strong: 0 })
				)
			);
	});
	return { prose, cells };
}

/**
 * Cuts `text` into segments: each span is `[start, end)` of one mark (spans must not overlap,
 * sorted by start); the first `strong` characters are a list item's label.
 */
export function segmentText(
	text: string,
	spans: { mark: string; start: number; end: number }[],
	strong = 0
): Segment[] {
	const cuts = new Set([0, text.length, strong]);
	for (const s of spans) cuts.add(s.start).add(s.end);
	const points = [...cuts].filter((p) => p >= 0 && p <= text.length).sort((x, y) => x - y);
	const segments: Segment[] = [];
	for (let k = 0; k + 1 < points.length; k++) {
		const [from, to] = [points[k]!, points[k + 1]!];
		if (from === to) continue;
		const mark = spans.find((s) => s.start <= from && to <= s.end)?.mark ?? null;
		const part = { text: text.slice(from, to), strong: to <= strong };
		const last = segments.at(-1);
		if (last && last.mark === mark) last.parts.push(part);
		else segments.push({ mark, parts: [part] });
	}
	return segments;
}

const KIND_TAG: Record<MarkKind, string> = {
	named: 'named',
	vague: 'vague',
	none: 'no source',
	article: 'article’s view'
};

/** The visible tag and the spoken words of a mark ("Source: named — Ana Silva"). */
export function markLabel(mark: ReaderMark): MarkLabel {
	const suggested = mark.status === 'suggested';
	let tag: string;
	let spoken: string;
	if (mark.speaker) {
		const vague = mark.kind === 'named' ? '' : ` (${KIND_TAG[mark.kind]})`;
		tag = `quoted: ${mark.speaker}${vague}`;
		spoken = `Quoted: ${mark.speaker}${vague}`;
	} else if (mark.kind === 'none') {
		tag = KIND_TAG.none;
		spoken = 'Source: none given';
	} else if (mark.kind === 'article') {
		tag = KIND_TAG.article;
		spoken = 'Source: the article’s own view';
	} else {
		tag = mark.kind === 'named' && mark.source ? `named: ${mark.source}` : KIND_TAG[mark.kind];
		spoken = `Source: ${mark.kind}${mark.source ? ` — ${mark.source}` : ''}`;
	}
	if (suggested) spoken += '; suggested by Lectern, not yet checked by a teacher';
	return { id: mark.id, kind: mark.kind, suggested, tag, spoken };
}

/**
 * The module's claims as the page shows them. A mark stands at the first place its quote
 * stands in a paragraph or list item (table cells are not marked); one that stands nowhere, or
 * overlaps a mark earlier in `marks`' order, is left out. Contradiction passages get an anchor
 * (in cells too) and a note after their block.
 */
export function moduleMarkup(
	article: string,
	section: string,
	blocks: Block[],
	marks: ReaderMark[],
	contradictions: ReaderContradiction[]
): ModuleMarkup {
	const { prose, cells } = passagesOf(blocks);
	const spans = new Map<string, { mark: string; start: number; end: number }[]>();
	const labels: Record<string, MarkLabel> = {};
	for (const mark of marks) {
		if (!mark.quote) continue;
		const at = prose.find((p) => p.text.includes(mark.quote));
		if (!at) continue;
		const start = at.text.indexOf(mark.quote);
		const end = start + mark.quote.length;
		const taken = spans.get(at.key) ?? [];
		if (taken.some((s) => start < s.end && s.start < end)) continue;
		spans.set(at.key, [...taken, { mark: mark.id, start, end }]);
		labels[mark.id] = markLabel(mark);
	}
	const passages: Record<string, PassageMarkup> = {};
	for (const p of prose) {
		const here = spans.get(p.key);
		if (here)
			passages[p.key] = {
				segments: segmentText(
					p.text,
					[...here].sort((x, y) => x.start - y.start),
					p.strong
				),
				anchors: []
			};
	}
	const notes: Record<number, DisagreementNote[]> = {};
	for (const c of contradictions) {
		for (const side of ['a', 'b'] as const) {
			const mine = c[side];
			const other = c[side === 'a' ? 'b' : 'a'];
			if (mine.section !== section) continue;
			const at = [...prose, ...cells].find((p) => p.text.includes(mine.quote));
			if (!at) continue;
			const entry = (passages[at.key] ??= {
				segments: prose.includes(at) ? segmentText(at.text, [], at.strong) : null,
				anchors: []
			});
			entry.anchors.push(passageAnchor(c.id, side));
			const otherAnchor = passageAnchor(c.id, side === 'a' ? 'b' : 'a');
			(notes[at.block] ??= []).push({
				id: c.id,
				quote: mine.quote,
				subject: c.subject,
				note: c.note,
				other: { ...other, section: other.section === section ? '' : other.section },
				href:
					other.section === section
						? `#${otherAnchor}`
						: `/lessons/${article}/${other.section}#${otherAnchor}`
			});
		}
	}
	return { passages, labels, notes, summary: summarize(Object.values(labels), notes) };
}

function summarize(labels: MarkLabel[], notes: Record<number, DisagreementNote[]>): MarkSummary {
	const count = (kind: MarkKind) => labels.filter((l) => l.kind === kind).length;
	return {
		named: count('named'),
		vague: count('vague'),
		none: count('none'),
		article: count('article'),
		suggested: labels.filter((l) => l.suggested).length,
		disagreements: new Set(Object.values(notes).flatMap((n) => n.map((x) => x.id))).size
	};
}

const claims = (n: number) => `${n} ${n === 1 ? 'claim' : 'claims'}`;

/**
 * One sentence on what the module's marks show ("In this module the text credits 3 claims to
 * named sources, …"), or null when it has none: no sentence rather than a misleading one.
 */
export function summarySentence(s: MarkSummary): string | null {
	const clauses: string[] = [];
	if (s.named)
		clauses.push(
			`credits ${claims(s.named)} to ${s.named === 1 ? 'a named source' : 'named sources'}`
		);
	if (s.vague)
		clauses.push(
			s.named
				? `${s.vague} to ${s.vague === 1 ? 'a vague one' : 'vague ones'}`
				: `credits ${claims(s.vague)} to ${s.vague === 1 ? 'a vague source' : 'vague sources'}`
		);
	if (s.none) clauses.push(`states ${claims(s.none)} without a source`);
	if (s.article) clauses.push(`gives ${s.article} as its own view`);
	const disagree =
		s.disagreements === 0
			? ''
			: s.disagreements === 1
				? '1 passage here disagrees with another'
				: `${s.disagreements} passages here disagree with others`;
	if (!clauses.length && !disagree) return null;
	const list =
		clauses.length > 1
			? `${clauses.slice(0, -1).join(', ')} and ${clauses.at(-1)}`
			: (clauses[0] ?? '');
	const head = list ? `In this module the text ${list}` : '';
	const sentence = [head, disagree].filter(Boolean).join('; ');
	const suggested =
		s.suggested === 0
			? ''
			: ` ${s.suggested === 1 ? 'One mark was' : `${s.suggested} marks were`} suggested by Lectern and not yet checked by a teacher.`;
	return sentence.charAt(0).toUpperCase() + sentence.slice(1) + '.' + suggested;
}
