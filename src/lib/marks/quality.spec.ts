/**
 * How well the marking rules and the inconsistency finder read articles they were not written
 * against: three fixture articles (a council news story, a science feature, an explainer) each
 * with a key marked by hand (`tests/fixtures/articles/marks-*.key.json`): every claim-making
 * sentence or list item with its kind, its source as written (named and vague) and whether it
 * tells where the material came from; every pair of passages that disagree. The spec prints
 * precision and recall per kind, for the source names, the provenance flag and the
 * contradictions, and holds floors the rules meet today, so a rule that breaks shows here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../article/parse';
import { locateEvidence } from '../quiz/evidence';
import type { MarkKind } from './claims';
import { contradictionCandidates, type ContradictionCandidate } from './contradictions';
import { draftMarks } from './marks';

interface KeyMark {
	/** The start of the sentence or list item, as written: it starts one sentence only. */
	quote: string;
	kind: MarkKind;
	source?: string;
	provenance?: boolean;
}
interface Key {
	article: string;
	marks: KeyMark[];
	contradictions: { a: string; b: string; kind: 'figure' | 'year' | 'label' }[];
}

/** The articles the rules were improved against. */
const NAMES = ['marks-council-libraries', 'marks-science-eels', 'marks-explainer-phishing'];
/**
 * Articles written and keyed after the rules above were done, run once unseen (kind accuracy
 * 0.68, named-source recall 0.53, provenance recall 0.33, one contradiction of two missed);
 * the rules were then improved once on general failures they showed (appositives, "states",
 * "recommends", bodies named in lower case, "Readers … can"). They are no longer unseen.
 */
const HELD_OUT = ['marks-heldout-dam-inquiry', 'marks-heldout-teen-sleep'];
const read = (file: string) =>
	readFileSync(new URL(`../../../tests/fixtures/articles/${file}`, import.meta.url), 'utf8');
const load = (name: string) => {
	const article = parseArticle(read(`${name}.txt`));
	const key = JSON.parse(read(`${name}.key.json`)) as Key;
	return { article, key, marks: draftMarks(article), found: contradictionCandidates(article) };
};
type Fixture = ReturnType<typeof load>;

/** A source as a reader compares it: case, a leading "the" and an honorific set aside. */
function sameSource(drafted: string | null, keyed: string | undefined): boolean {
	const fold = (s: string) =>
		s
			.toLowerCase()
			.replace(/[’]/g, "'")
			.replace(/^(the|mayor|councillor|dr\.?|professor)\s+/, '')
			.trim();
	if (!drafted || !keyed) return false;
	const [a, b] = [fold(drafted), fold(keyed)];
	return a === b || a.includes(b) || b.includes(a);
}

interface Tally {
	tp: number;
	fp: number;
	fn: number;
}
const tally = (): Tally => ({ tp: 0, fp: 0, fn: 0 });
const precision = (t: Tally) => (t.tp + t.fp === 0 ? 1 : t.tp / (t.tp + t.fp));
const recall = (t: Tally) => (t.tp + t.fn === 0 ? 1 : t.tp / (t.tp + t.fn));

const kinds: MarkKind[] = ['named', 'vague', 'none', 'article'];

interface Score {
	perKind: Map<MarkKind, Tally>;
	sources: Tally;
	provenance: Tally;
	contradictions: Tally;
	keyed: number;
	kindRight: number;
}

/** Every draft against its article's key (see the module comment for what counts). */
function score(fixtures: Fixture[]): Score {
	const perKind = new Map(kinds.map((k) => [k, tally()]));
	const sources = tally();
	const provenance = tally();
	const contradictions = tally();
	let keyed = 0;
	let kindRight = 0;
	for (const { key, marks, found } of fixtures) {
		const matched = new Set<number>();
		for (const item of key.marks) {
			keyed += 1;
			const at = marks.findIndex((m) => m.quote.startsWith(item.quote));
			const draft = at >= 0 ? marks[at]! : null;
			if (draft) matched.add(at);
			const kind = perKind.get(item.kind)!;
			if (draft?.kind === item.kind) {
				kind.tp += 1;
				kindRight += 1;
			} else {
				kind.fn += 1;
				if (draft) perKind.get(draft.kind)!.fp += 1;
			}
			const rightSource = sameSource(draft?.source ?? null, item.source);
			if (item.kind === 'named') {
				if (draft?.kind === 'named' && rightSource) sources.tp += 1;
				else sources.fn += 1;
			}
			if (draft?.kind === 'named' && !(item.kind === 'named' && rightSource)) sources.fp += 1;
			const flagged = draft?.provenance === true;
			if (item.provenance && flagged) provenance.tp += 1;
			else if (item.provenance) provenance.fn += 1;
			else if (flagged) provenance.fp += 1;
		}
		// A draft for a sentence the key leaves out: the key says it makes no claim.
		marks.forEach((m, i) => {
			if (matched.has(i)) return;
			perKind.get(m.kind)!.fp += 1;
			if (m.provenance) provenance.fp += 1;
		});
		const pairOf = (c: ContradictionCandidate, a: string, b: string) =>
			(c.a.quote.startsWith(a) && c.b.quote.startsWith(b)) ||
			(c.a.quote.startsWith(b) && c.b.quote.startsWith(a));
		for (const pair of key.contradictions) {
			if (found.some((c) => pairOf(c, pair.a, pair.b))) contradictions.tp += 1;
			else contradictions.fn += 1;
		}
		contradictions.fp += found.filter(
			(c) => !key.contradictions.some((pair) => pairOf(c, pair.a, pair.b))
		).length;
	}
	return { perKind, sources, provenance, contradictions, keyed, kindRight };
}

const row = (label: string, t: Tally) =>
	`${label.padEnd(16)} ${precision(t).toFixed(2).padStart(9)} ${recall(t).toFixed(2).padStart(6)}   (${t.tp} right, ${t.fp} wrong, ${t.fn} missed)`;
const table = (title: string, names: string[], s: Score) =>
	[
		`${title} (${names.length} articles, ${s.keyed} keyed sentences): ${names.join(', ')}`,
		`${''.padEnd(16)} precision recall`,
		...kinds.map((k) => row(`kind ${k}`, s.perKind.get(k)!)),
		row('named source', s.sources),
		row('provenance', s.provenance),
		row('contradictions', s.contradictions),
		`kind accuracy    ${(s.kindRight / s.keyed).toFixed(2)} (${s.kindRight} of ${s.keyed})`
	].join('\n');

/** Floors for the later articles: a little under what the rules meet on them today. */
const HELD = {
	kindAccuracy: 0.85,
	sourceRecall: 0.85,
	provenanceRecall: 0.8,
	contradictionsMissed: 1,
	falseCandidates: 1
};

const tunedFixtures = NAMES.map(load);
const heldFixtures = HELD_OUT.map(load);
const tuned = score(tunedFixtures);
const held = score(heldFixtures);
console.log(`${table('Tuned against', NAMES, tuned)}\n\n${table('Held out', HELD_OUT, held)}`);

describe('the marking rules against hand-marked keys', () => {
	const all = [...tunedFixtures, ...heldFixtures];

	it('reads keys that stand in their articles, one sentence each', () => {
		for (const { article, key } of all) {
			const text = read(`${key.article}.txt`);
			for (const item of key.marks) {
				expect(text.split(item.quote).length - 1, item.quote).toBe(1);
			}
			expect(key.contradictions.length).toBeGreaterThan(0);
			expect(article.sections.length).toBeGreaterThan(3);
		}
	});

	it('drafts a mark for every keyed sentence, each anchored verbatim', () => {
		// On the later articles a sentence the splitter joins to the one before ("…10 a.m.
		// Supporters claim…") is counted as missed in the table instead.
		for (const { key, marks } of tunedFixtures) {
			for (const item of key.marks) {
				expect(
					marks.some((m) => m.quote.startsWith(item.quote)),
					item.quote
				).toBe(true);
			}
		}
		for (const { article, marks } of all) {
			for (const mark of marks) {
				expect(locateEvidence(article, mark), mark.quote).not.toBeNull();
			}
		}
	});

	it('on the articles it was improved against: every kind, source, flag and contradiction', () => {
		expect(tuned.kindRight / tuned.keyed).toBeGreaterThanOrEqual(0.95);
		for (const kind of kinds) {
			expect(precision(tuned.perKind.get(kind)!), kind).toBeGreaterThanOrEqual(0.9);
			expect(recall(tuned.perKind.get(kind)!), kind).toBeGreaterThanOrEqual(0.9);
		}
		expect(recall(tuned.sources)).toBeGreaterThanOrEqual(0.9);
		expect(precision(tuned.sources)).toBeGreaterThanOrEqual(0.9);
		expect(recall(tuned.provenance)).toBeGreaterThanOrEqual(0.9);
		expect(precision(tuned.provenance)).toBeGreaterThanOrEqual(0.9);
		expect(tuned.contradictions.fn).toBe(0);
		expect(tuned.contradictions.fp).toBeLessThanOrEqual(1);
	});

	it('on articles written after the rules: most kinds and sources right, contradictions found', () => {
		expect(held.kindRight / held.keyed).toBeGreaterThanOrEqual(HELD.kindAccuracy);
		expect(recall(held.sources)).toBeGreaterThanOrEqual(HELD.sourceRecall);
		expect(recall(held.provenance)).toBeGreaterThanOrEqual(HELD.provenanceRecall);
		expect(held.contradictions.fn).toBeLessThanOrEqual(HELD.contradictionsMissed);
		expect(held.contradictions.fp).toBeLessThanOrEqual(HELD.falseCandidates);
	});
});
