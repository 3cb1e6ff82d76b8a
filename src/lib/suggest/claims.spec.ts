import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../article/parse';
import type { Article } from '../article/types';
import type { MarkInput } from '../marks/claims';
import { locateEvidence } from '../quiz/evidence';
import {
	questionSchema,
	SUGGESTION_ID_PREFIX,
	type Question,
	type QuestionOf
} from '../quiz/schema';
import { normalizeAnswer } from '../quiz/text';
import { CLAIM_ID_PREFIX, claimQuestions, vagueOption, type ConfirmedClaims } from './claims';
import { isAttributed } from './english';
import { NONE_NAMED, type Suggestion } from './suggest';

const SEED = new URL(
	'../../content/articles/declassified-putin-bush-talks-surface-tensions-over-nato-ukraine.txt',
	import.meta.url
);
const LOAD_TIMEOUT = 60_000;

const mark = (
	section: string,
	quote: string,
	kind: MarkInput['kind'],
	source: string | null = null,
	speaker: string | null = null
): MarkInput => ({ section, quote, kind, source, speaker, note: '', provenance: false });

const passage = (section: string, quote: string, label: string | null = null) => ({
	section,
	quote,
	label
});

// ── A small article of our own: a harbour clock, people and bodies, quotes and hedges ──

const HARBOUR = [
	'The Harbour Clock',
	'Table of Contents',
	'- 1. The Harbour Clock',
	'- 2. Who built it',
	'- 3. Later years',
	'',
	'The harbour clock of Porto Velho has kept time above the quay since 1884, the city archive reported.',
	'',
	'Who built it',
	'',
	'According to the Maritime Museum, the clock was built by the engineer Rosa Lima in a workshop near the docks.',
	'',
	'“We rebuilt the whole mechanism by hand,” said Carlos Mendes, the clockmaker who restored it.',
	'',
	'“The bells were never meant to ring at night,” said Ana Pereira, who chairs the Harbour Trust.',
	'',
	'Critics argue that the restoration removed too much of the original brass.',
	'',
	'The tower is twelve metres tall and faces the old fish market.',
	'',
	'Later years',
	'',
	'Workers finished the harbour clock in 1890, after a long dispute over its bells.',
	'',
	'Local historians believe that the tower once held a second bell.',
	'',
	'The Harbour Trust reported that the clock had stopped only twice in a century.',
	'',
	'From the quay, the fifteen-metre tower is the tallest thing on the waterfront.',
	'',
	'The trust paid 400 escudos for the first repairs in 1931.',
	'',
	'The same repairs cost the city 900 escudos, a newspaper of the time wrote.',
	''
].join('\n');

const INTRO = 'introduction';
const BUILT = 'who-built-it';
const LATER = 'later-years';

const harbourClaims: ConfirmedClaims = {
	marks: [
		mark(
			INTRO,
			'The harbour clock of Porto Velho has kept time above the quay since 1884, the city archive reported.',
			'named',
			'the city archive'
		),
		mark(
			BUILT,
			'According to the Maritime Museum, the clock was built by the engineer Rosa Lima in a workshop near the docks.',
			'named',
			'the Maritime Museum'
		),
		mark(
			BUILT,
			'“We rebuilt the whole mechanism by hand,” said Carlos Mendes, the clockmaker who restored it.',
			'named',
			'Carlos Mendes',
			'Carlos Mendes'
		),
		mark(
			BUILT,
			'“The bells were never meant to ring at night,” said Ana Pereira, who chairs the Harbour Trust.',
			'named',
			'Ana Pereira',
			'Ana Pereira'
		),
		mark(
			BUILT,
			'Critics argue that the restoration removed too much of the original brass.',
			'vague',
			'Critics argue'
		),
		mark(BUILT, 'The tower is twelve metres tall and faces the old fish market.', 'none'),
		mark(
			LATER,
			'Local historians believe that the tower once held a second bell.',
			'vague',
			'Local historians believe'
		),
		mark(
			LATER,
			'The Harbour Trust reported that the clock had stopped only twice in a century.',
			'named',
			'The Harbour Trust'
		)
	],
	contradictions: [
		{
			a: passage(INTRO, 'kept time above the quay since 1884', 'since 1884'),
			b: passage(LATER, 'Workers finished the harbour clock in 1890', 'in 1890'),
			subject: 'the year the clock was finished',
			note: 'One passage has it keeping time from 1884, the other finished in 1890.'
		},
		{
			a: passage(BUILT, 'The tower is twelve metres tall', 'twelve metres tall'),
			b: passage(LATER, 'the fifteen-metre tower', 'fifteen metres tall'),
			subject: 'the height of the tower',
			note: 'Twelve metres in one module, fifteen in the next.'
		},
		{
			a: passage(LATER, 'The trust paid 400 escudos for the first repairs in 1931.'),
			b: passage(
				LATER,
				'The same repairs cost the city 900 escudos, a newspaper of the time wrote.'
			),
			subject: 'the cost of the first repairs',
			note: 'Two sums for the same repairs.'
		}
	]
};

// ── The seed, with a hand list from its real sentences ─────────────────────────────

const RECORDS = 'what-the-records-reveal';
const DIALOG = 'the-secret-dialog-what-the-leaked-exchanges-reveal';
const DISMISSAL = 'ukraine-dismissal-putins-rationale';
const BACKGROUND = 'background-nato-expansion-and-russian-security-concerns';
const EXAMPLES = 'real-world-examples-recent-nato-decisions-2025';

const seedClaims: ConfirmedClaims = {
	marks: [
		mark(
			RECORDS,
			'Key exchanges show Putin pressing for limits on NATO’s eastward expansion and seeking assurances that Moscow would not face a military alliance encroaching on its borders.',
			'none'
		),
		mark(
			RECORDS,
			'Observers stress that the released conversations do not rewrite history but add nuance to it.',
			'vague',
			'Observers stress'
		),
		mark(
			DISMISSAL,
			'Resource allocation – Kremlin officials have repeatedly noted that sustaining the war in Ukraine drains fiscal reserves needed for broader security goals.',
			'vague',
			'Kremlin officials have repeatedly noted'
		),
		mark(
			DIALOG,
			'Back‑channel warning – Bush conveyed that the U.S. could tolerate limited Russian moves if NATO halted further eastward steps.',
			'named',
			'Bush'
		),
		mark(
			DIALOG,
			'Explicit acknowledgment by Putin that NATO’s expansion is the primary catalyst for Russian military posturing.',
			'named',
			'Putin'
		),
		// Both hands are named in the sentence: no claim is left to ask about without the answer.
		mark(
			DIALOG,
			'Source – A set of encrypted email threads and recorded phone calls, obtained by The Intercept and verified by The New York Times (2024).',
			'named',
			'The Intercept'
		),
		mark(
			DISMISSAL,
			'Domestic narrative – Moscow’s state media frames Ukraine as an “unwashed pawn of the West,” reinforcing public support for a limited, rather than total, commitment.',
			'named',
			'Moscow’s state media',
			'Moscow’s state media'
		),
		// The article's own advice: no question.
		mark(
			'practical-tips-for-policymakers-researchers',
			'Track former officials who maintain unofficial contacts; assign a dedicated analyst to each network.',
			'article'
		)
	],
	contradictions: [
		{
			a: passage(
				RECORDS,
				'the consensus notes that the phrase “artificial state” appeared in discussions years before the current crisis narratives took shape',
				'an “artificial state”'
			),
			b: passage(
				DIALOG,
				'Dismissal of Ukraine as a “secondary theater,” suggesting a strategic de‑prioritization despite the ongoing war.',
				'a “secondary theater”'
			),
			subject: 'how Putin described Ukraine',
			note: 'One module has him calling it an artificial state, another a secondary theater.'
		},
		{
			a: passage(
				BACKGROUND,
				'followed by the 2024 NATO summit that invited Ukraine and georgia as “prospective members”'
			),
			b: passage(
				EXAMPLES,
				'Shifted from “full membership pathway” to “enhanced partnership” pending Russia’s compliance with the Black Sea naval cap.'
			),
			subject: 'NATO’s offer to Ukraine',
			note: 'Invited as prospective members in one module, moved away from membership in another.'
		}
	]
};

interface Case {
	name: string;
	article: Article;
	claims: ConfirmedClaims;
	suggestions: Suggestion[];
}

const cases = new Map<string, Case>();
function load(name: 'harbour' | 'seed'): Case {
	const cached = cases.get(name);
	if (cached) return cached;
	const article = parseArticle(name === 'harbour' ? HARBOUR : readFileSync(SEED, 'utf8'));
	const claims = name === 'harbour' ? harbourClaims : seedClaims;
	const found = { name, article, claims, suggestions: claimQuestions(article, claims) };
	cases.set(name, found);
	return found;
}
const both = () => [load('harbour'), load('seed')];

function as<T extends Question['type']>(q: Question, type: T): QuestionOf<T> {
	expect(q.type).toBe(type);
	return q as QuestionOf<T>;
}

function about(c: Case, quote: string): Suggestion[] {
	return c.suggestions.filter((s) => quote.startsWith(s.question.evidence.quote));
}

function one(c: Case, quote: string): Question {
	const found = about(c, quote);
	expect(found, quote).toHaveLength(1);
	return found[0]!.question;
}

const folded = (text: string) => normalizeAnswer(text);

describe('claimQuestions', () => {
	it(
		'makes questions the bank schema accepts, with evidence found verbatim, attributed to the article',
		() => {
			for (const c of both()) {
				expect(c.suggestions.length, c.name).toBeGreaterThan(0);
				for (const { question } of c.suggestions) {
					expect(questionSchema.safeParse(question).success, question.id).toBe(true);
					expect(locateEvidence(c.article, question.evidence), question.id).not.toBeNull();
					expect(question.evidence.quote.length).toBeLessThanOrEqual(300);
					expect(isAttributed(question.text), question.text).toBe(true);
					expect(question.explanation).toMatch(/the article/);
				}
			}
		},
		LOAD_TIMEOUT
	);

	it('gives ids that the importer keeps as suggestions, the same on every run', () => {
		for (const c of both()) {
			const ids = c.suggestions.map((s) => s.question.id);
			for (const id of ids) {
				expect(id.startsWith(CLAIM_ID_PREFIX)).toBe(true);
				expect(id.startsWith(SUGGESTION_ID_PREFIX)).toBe(true);
			}
			expect(new Set(ids).size).toBe(ids.length);
			expect(claimQuestions(c.article, c.claims).map((s) => s.question.id)).toEqual(ids);
		}
	});

	it('never lists an option twice', () => {
		for (const c of both()) {
			for (const { question: q } of c.suggestions) {
				if (q.type !== 'single' && q.type !== 'multiple') continue;
				expect(new Set(q.options.map(folded)).size, q.id).toBe(q.options.length);
			}
		}
	});

	it('asks at most one question per mark, and none of the article’s own view', () => {
		for (const c of both()) {
			for (const m of c.claims.marks) {
				const mine = c.suggestions.filter(
					(s) => s.rule !== 'claim-contradiction' && m.quote.startsWith(s.question.evidence.quote)
				);
				expect(mine.length, m.quote).toBeLessThanOrEqual(m.kind === 'article' ? 0 : 1);
			}
		}
	});

	it('asks which source a named claim has, with others of its kind and “None named” as distractors', () => {
		const c = load('harbour');
		const q = as(
			one(
				c,
				'According to the Maritime Museum, the clock was built by the engineer Rosa Lima in a workshop near the docks.'
			),
			'single'
		);
		expect(q.text).toBe(
			'Which source does the article give for the claim that the clock was built by the engineer Rosa Lima in a workshop near the docks?'
		);
		expect(q.answer).toBe('the Maritime Museum');
		expect(q.options).toContain(NONE_NAMED);
		// Bodies for a body: the trust and the archive, never the people the article quotes.
		const others = q.options.filter((o) => o !== q.answer && o !== NONE_NAMED);
		expect(others.length).toBeGreaterThan(0);
		for (const o of others) expect(['Carlos Mendes', 'Ana Pereira', 'Rosa Lima']).not.toContain(o);
		expect(q.explanation).toContain('It credits the Maritime Museum');
	});

	it('draws people for a person, from the names the article gives', () => {
		const c = load('seed');
		const q = as(
			one(
				c,
				'Back‑channel warning – Bush conveyed that the U.S. could tolerate limited Russian moves if NATO halted further eastward steps.'
			),
			'single'
		);
		expect(q.text).toBe(
			'Which source does the article give for the claim that the U.S. could tolerate limited Russian moves if NATO halted further eastward steps?'
		);
		expect(q.answer).toBe('Bush');
		expect(q.options).toContain(NONE_NAMED);
		expect(q.options).toContain('Putin');
		const text = c.article.sections.flatMap((s) => JSON.stringify(s.blocks)).join(' ');
		for (const o of q.options.filter((o) => o !== NONE_NAMED)) expect(text).toContain(o);
	});

	it('keys a hedged claim to its hedge as written, with “None named” beside it', () => {
		const c = load('harbour');
		const q = as(
			one(c, 'Critics argue that the restoration removed too much of the original brass.'),
			'single'
		);
		expect(q.text).toBe(
			'Which source does the article give for the claim that the restoration removed too much of the original brass?'
		);
		expect(q.answer).toBe(vagueOption('Critics argue'));
		expect(q.answer).toBe('A vague source: “Critics argue”');
		expect(q.options).toContain(NONE_NAMED);
		expect(q.options).toContain(vagueOption('Local historians believe'));
		expect(q.explanation).toContain('no person, body or document is named');
	});

	it('keys a claim stated as fact to “None named”, quoting the statement', () => {
		const c = load('seed');
		const quote =
			'Key exchanges show Putin pressing for limits on NATO’s eastward expansion and seeking assurances that Moscow would not face a military alliance encroaching on its borders.';
		const q = as(one(c, quote), 'single');
		expect(
			q.text.startsWith('Which source does the article give for its statement “Key exchanges')
		).toBe(true);
		expect(q.answer).toBe(NONE_NAMED);
		expect(q.options.length).toBeGreaterThanOrEqual(3);
		// Putin stands in the sentence: offered as its source, he could be read as one.
		expect(q.options).not.toContain('Putin');
		expect(q.explanation).toContain('names no source');
	});

	it('asks nothing when the claim cannot be put without giving its source away', () => {
		const c = load('seed');
		expect(
			about(
				c,
				'Source – A set of encrypted email threads and recorded phone calls, obtained by The Intercept and verified by The New York Times (2024).'
			)
		).toHaveLength(0);
	});

	it('asks who said a quotation, with the article’s other speakers as distractors', () => {
		const c = load('harbour');
		const q = as(
			one(
				c,
				'“We rebuilt the whole mechanism by hand,” said Carlos Mendes, the clockmaker who restored it.'
			),
			'single'
		);
		expect(q.text).toBe(
			'According to the article, who said “We rebuilt the whole mechanism by hand”?'
		);
		expect(q.answer).toBe('Carlos Mendes');
		expect(q.options).toContain('Ana Pereira');
		expect(q.options).not.toContain('the Maritime Museum');
		expect(q.explanation).toContain('the article quotes Carlos Mendes as saying');
	});

	it('asks who said a quotation the seed gives to a body', () => {
		const c = load('seed');
		const quote =
			'Domestic narrative – Moscow’s state media frames Ukraine as an “unwashed pawn of the West,” reinforcing public support for a limited, rather than total, commitment.';
		const q = one(c, quote);
		expect(q.text).toBe('According to the article, who said “unwashed pawn of the West”?');
		if (q.type === 'single') expect(q.answer).toBe('Moscow’s state media');
		else expect(as(q, 'short').accepted).toContain('Moscow’s state media');
	});

	it('asks which two descriptions a contradiction gives, by their labels', () => {
		const c = load('harbour');
		const s = c.suggestions.find((x) =>
			x.question.text.includes('the year the clock was finished')
		);
		const q = as(s!.question, 'multiple');
		expect(q.text).toBe(
			'The article describes the year the clock was finished in two ways. Which two descriptions does the article give?'
		);
		expect(q.answers).toEqual(['since 1884', 'in 1890']);
		const distractors = q.options.filter((o) => !q.answers.includes(o));
		expect(distractors.length).toBeGreaterThanOrEqual(2);
		// Drawn from the other contradictions' labels, never one of its own.
		const otherLabels = ['twelve metres tall', 'fifteen metres tall'];
		for (const d of distractors) expect(otherLabels).toContain(d);
		expect(q.evidence).toEqual({ section: INTRO, quote: 'kept time above the quay since 1884' });
		expect(q.explanation).toContain('“kept time above the quay since 1884”');
		expect(q.explanation).toContain('“Workers finished the harbour clock in 1890”');
		expect(q.explanation).toContain('disagrees with itself');
	});

	it('falls back to the passages’ words, never offering another passage about the subject', () => {
		const c = load('harbour');
		const s = c.suggestions.find((x) => x.question.text.includes('the cost of the first repairs'));
		const q = as(s!.question, 'multiple');
		expect(q.answers).toEqual([
			'The trust paid 400 escudos for the first repairs in 1931',
			'The same repairs cost the city 900 escudos, a newspaper of the time wrote'
		]);
		for (const d of q.options.filter((o) => !q.answers.includes(o))) {
			expect(folded(d)).not.toMatch(/\b(cost|repairs|first)\b/);
		}
	});

	it('never offers a passage as a distractor that holds or repeats one of the keys', () => {
		for (const c of both()) {
			for (const { question, rule } of c.suggestions) {
				if (rule !== 'claim-contradiction') continue;
				const q = as(question, 'multiple');
				const distractors = q.options.filter((o) => !q.answers.includes(o));
				for (const d of distractors) {
					const words = d.replace(/…$/u, '');
					for (const other of q.options.filter((o) => o !== d)) {
						expect(other.includes(words), `${d} / ${other}`).toBe(false);
					}
				}
			}
		}
	});

	it('gives the seed’s contradictions as multiple-choice questions with both passages as keys', () => {
		const c = load('seed');
		const found = c.suggestions.filter((s) => s.rule === 'claim-contradiction');
		expect(found).toHaveLength(2);
		for (const { question } of found) {
			const q = as(question, 'multiple');
			expect(q.answers).toHaveLength(2);
			expect(q.options.length).toBeGreaterThan(2);
		}
	});

	it('keeps to the cap per module', () => {
		const c = load('harbour');
		const capped = claimQuestions(c.article, c.claims, { maxPerModule: 2 });
		const perModule = new Map<string, number>();
		for (const s of capped)
			perModule.set(
				s.question.evidence.section,
				(perModule.get(s.question.evidence.section) ?? 0) + 1
			);
		expect(Math.max(...perModule.values())).toBe(2);
		// A mix: the capped module keeps a speaker question and a source question.
		const built = capped.filter((s) => s.question.evidence.section === BUILT).map((s) => s.rule);
		expect(new Set(built).size).toBe(2);
	});

	it('asks true or false of an unsourced statement when the article names no source at all', () => {
		const plain = parseArticle(
			[
				'The Quiet Pond',
				'Table of Contents',
				'- 1. The Quiet Pond',
				'',
				'The pond behind the mill freezes over every January and thaws in March.',
				''
			].join('\n')
		);
		const quote = 'The pond behind the mill freezes over every January and thaws in March.';
		const [s, ...rest] = claimQuestions(plain, {
			marks: [mark('introduction', quote, 'none')],
			contradictions: []
		});
		expect(rest).toEqual([]);
		const q = as(s!.question, 'truefalse');
		expect(q.text).toBe(
			'True or false: the article names a source for its statement “The pond behind the mill freezes over every January and thaws in March”.'
		);
		expect(q.answer).toBe(false);
		expect(isAttributed(q.text)).toBe(true);
		expect(locateEvidence(plain, q.evidence)).not.toBeNull();
	});

	it('skips a claim whose passage no longer stands in the text', () => {
		const c = load('harbour');
		const gone = claimQuestions(c.article, {
			marks: [mark(BUILT, 'The tower was painted blue in 1950.', 'none')],
			contradictions: []
		});
		expect(gone).toEqual([]);
	});
});
