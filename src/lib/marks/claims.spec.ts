import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../article/parse';
import {
	contradictionKey,
	importedClaims,
	markKey,
	planClaimImport,
	type ClaimOrigin,
	type ClaimStatus,
	type MarkInput,
	type StoredClaim
} from './claims';
import { ClaimsFileError, parseClaimsFile } from './course';

const fixture = (name: string) =>
	readFileSync(new URL(`../../../tests/fixtures/claims/${name}`, import.meta.url), 'utf8');
const article = parseArticle(fixture('pier-bell.txt'));
const file = () => JSON.parse(fixture('pier-bell.claims.json')) as Record<string, unknown>;

const mark = (section: string, quote: string, kind: MarkInput['kind'] = 'none'): MarkInput => ({
	section,
	quote,
	kind,
	source: null,
	speaker: null,
	note: '',
	provenance: false
});
type Incoming = MarkInput & { status: 'suggested' | 'confirmed'; origin: 'rules' | 'file' };
const draft = (quote: string): Incoming => ({
	...mark('s', quote),
	status: 'suggested',
	origin: 'rules'
});
const fromFile = (quote: string): Incoming => ({
	...mark('s', quote, 'named'),
	status: 'confirmed',
	origin: 'file'
});
const stored = (
	id: string,
	quote: string,
	origin: ClaimOrigin,
	status: ClaimStatus,
	{ archived = false, anchored = true } = {}
): StoredClaim => ({
	id,
	key: markKey({ section: 's', quote }),
	origin,
	status,
	archived,
	anchored
});
const plan = (s: StoredClaim[], incoming: Incoming[]) => planClaimImport(s, incoming, markKey);

describe('planClaimImport', () => {
	it('inserts what is new, refreshes the rules’ drafts and deletes the drafts no longer drawn', () => {
		const result = plan(
			[stored('1', 'kept', 'rules', 'suggested'), stored('2', 'dropped', 'rules', 'suggested')],
			[draft('kept'), draft('new')]
		);
		expect(result.insert.map((c) => c.quote)).toEqual(['new']);
		expect(result.update).toEqual([{ id: '1', claim: draft('kept') }]);
		expect(result.remove).toEqual(['2']);
		expect(result.archive).toEqual([]);
		expect(result.restore).toEqual([]);
	});

	it('archives (never deletes) any claim whose text is gone, a person’s and a draft alike', () => {
		const gone = { anchored: false };
		const result = plan(
			[
				stored('p', 'a', 'person', 'confirmed', gone),
				stored('r', 'b', 'rules', 'suggested', gone),
				stored('f', 'c', 'file', 'confirmed', gone),
				stored('x', 'd', 'rules', 'removed', { anchored: false, archived: true })
			],
			[]
		);
		expect(result.archive).toEqual(['p', 'r', 'f']);
		expect(result.remove).toEqual([]);
	});

	it('brings back an archived claim whose text is back, as it was', () => {
		const archived = { archived: true };
		const result = plan(
			[
				stored('p', 'a', 'person', 'confirmed', archived),
				stored('c', 'b', 'rules', 'confirmed', archived),
				stored('r', 'c', 'rules', 'suggested', archived)
			],
			[draft('b')]
		);
		expect(result.restore).toEqual(['p', 'c']);
		// A draft the rules no longer draw is not worth bringing back.
		expect(result.remove).toEqual(['r']);
		expect(result.update).toEqual([]);
	});

	it('never touches a person’s mark, nor redrafts a removed one', () => {
		const result = plan(
			[stored('p', 'a', 'person', 'confirmed'), stored('x', 'b', 'rules', 'removed')],
			[draft('a'), draft('b'), fromFile('a')]
		);
		expect(result).toEqual({ insert: [], update: [], archive: [], remove: [], restore: [] });
	});

	it('keeps a rules draft a person confirmed, whatever the rules draw again', () => {
		const result = plan([stored('c', 'a', 'rules', 'confirmed')], [draft('a')]);
		expect(result).toEqual({ insert: [], update: [], archive: [], remove: [], restore: [] });
		expect(plan([stored('c', 'a', 'rules', 'confirmed')], []).remove).toEqual([]);
	});

	it('lets the file confirm a draft, replace its own claims, and drop them back to the rules', () => {
		const result = plan(
			[
				stored('d', 'a', 'rules', 'suggested'),
				stored('f', 'b', 'file', 'confirmed'),
				stored('g', 'c', 'file', 'confirmed'),
				stored('h', 'd', 'file', 'confirmed')
			],
			[fromFile('a'), fromFile('b'), draft('c')]
		);
		expect(result.update).toEqual([
			{ id: 'd', claim: fromFile('a') },
			{ id: 'f', claim: fromFile('b') },
			{ id: 'g', claim: draft('c') }
		]);
		expect(result.remove).toEqual(['h']);
		expect(result.insert).toEqual([]);
	});

	it('matches contradictions by their two passages in either order', () => {
		const a = { section: 's', quote: 'one' };
		const b = { section: 't', quote: 'two' };
		expect(contradictionKey({ a, b })).toBe(contradictionKey({ a: b, b: a }));
		expect(contradictionKey({ a, b })).not.toBe(contradictionKey({ a, b: { ...b, section: 's' } }));
	});
});

describe('importedClaims', () => {
	const hand = parseClaimsFile(article, file());

	it('puts the file’s claims first, confirmed, and the rules’ drafts for the rest', () => {
		const quote = hand.marks[0]!.quote;
		const claims = importedClaims(
			{
				marks: [mark('introduction', quote), mark('introduction', 'The bell was cast in 1874')],
				contradictions: []
			},
			hand
		);
		expect(claims.marks.map((m) => [m.quote, m.status, m.origin])).toEqual([
			[quote, 'confirmed', 'file'],
			[hand.marks[1]!.quote, 'confirmed', 'file'],
			['The bell was cast in 1874', 'suggested', 'rules']
		]);
		expect(claims.marks[0]!.kind).toBe('named');
		expect(claims.contradictions).toHaveLength(1);
		expect(claims.contradictions[0]).toMatchObject({ status: 'confirmed', origin: 'file' });
	});

	it('drafts alone, without a file, and one claim per passage', () => {
		const same = mark('introduction', 'The bell was cast in 1874');
		const pair = {
			a: { section: 'introduction', quote: 'x', label: null },
			b: { section: 'how-it-came-back', quote: 'y', label: null },
			subject: 'it',
			note: 'n'
		};
		const flipped = { ...pair, a: pair.b, b: pair.a };
		const claims = importedClaims({ marks: [same, same], contradictions: [pair, flipped] });
		expect(claims.marks).toHaveLength(1);
		expect(claims.marks[0]).toMatchObject({ status: 'suggested', origin: 'rules' });
		expect(claims.contradictions).toHaveLength(1);
	});
});

describe('parseClaimsFile', () => {
	it('reads a good file, filling the defaults', () => {
		const hand = parseClaimsFile(article, file());
		expect(hand.marks).toHaveLength(2);
		expect(hand.marks[1]).toMatchObject({ speaker: null, provenance: false, kind: 'vague' });
		expect(hand.contradictions[0]!.a.label).toBe('900 kilograms');
	});

	it('names the anchor that does not stand word for word in its module', () => {
		const bad = file();
		const marks = bad.marks as { quote: string }[];
		marks[1]!.quote = 'Some residents believe the bell rang twice.';
		expect(() => parseClaimsFile(article, bad)).toThrow(ClaimsFileError);
		expect(() => parseClaimsFile(article, bad)).toThrow(/marks\.1: .*rang twice/);
		const elsewhere = file();
		(elsewhere.contradictions as { b: { section: string } }[])[0]!.b.section = 'introduction';
		expect(() => parseClaimsFile(article, elsewhere)).toThrow(/contradictions\.0\.b/);
	});

	it('refuses a file of another article, an unknown kind and an unknown field', () => {
		expect(() => parseClaimsFile(article, { ...file(), article: 'another' })).toThrow(
			/for “another”/
		);
		const kind = file();
		(kind.marks as { kind: string }[])[0]!.kind = 'rumour';
		expect(() => parseClaimsFile(article, kind)).toThrow(/marks\.0\.kind/);
		const extra = file();
		(extra.marks as Record<string, unknown>[])[0]!.colour = 'red';
		expect(() => parseClaimsFile(article, extra)).toThrow(ClaimsFileError);
		expect(() => parseClaimsFile(article, 'not an object')).toThrow(ClaimsFileError);
	});
});
