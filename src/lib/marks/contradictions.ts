/**
 * Candidate contradictions (issue 13): places where one article gives the same named thing two
 * different figures or dates, or describes one thing with two labels that cannot both hold
 * ("leaked" and "declassified", "confirmed" and "unverified"). Drafts for an editor to confirm ("these disagree", with a note)
 * or dismiss; never shown to learners until confirmed. Pure: rules over the figures and years the
 * prose reading finds (src/lib/suggest/reading) and over label words, no I/O.
 */
import type { Article } from '../article/types';
import nlp from 'compromise';
import type { Figure, Reading, Sentence } from '../suggest/reading';
import { lessonReading } from './marks';

export interface PassageRef {
	section: string;
	/** The sentence, verbatim (an anchor like quiz evidence). */
	quote: string;
	/** The figure, year or label as the sentence writes it. */
	value: string;
}

export interface ContradictionCandidate {
	a: PassageRef;
	b: PassageRef;
	/** What both passages speak of, as the words they share. */
	subject: string;
	note: string;
}

/** A word in more than this share of the sentences is the article's topic, not a subject. */
const TOPIC_SHARE = 0.12;
/** How many words either side of a value name what it measures. */
const WINDOW = 6;
/** How many words either side of a label name what it describes. */
const LABEL_WINDOW = 5;

/** The words around a value in its sentence: what it is the figure or date of. */
function near(sentence: string, value: string, window = WINDOW): string {
	const at = sentence.indexOf(value);
	if (at < 0) return sentence;
	const before = sentence.slice(0, at).trim().split(/\s+/).slice(-window).join(' ');
	const after = sentence
		.slice(at + value.length)
		.trim()
		.split(/\s+/)
		.slice(0, window + 1)
		.join(' ');
	return `${before} ${after}`;
}

/** Words too common to say two sentences speak of the same thing. */
const COMMON = new Set(
	(
		'the a an of in on at to for and or but by with from as is was were be been being are its their his her this that these those it they he she we you which who whom what when where while year years time per cent percent about some more than less new old later next date ' +
		'way ways all any each every both only also just still even not no nor into onto over under after before since until during between through against among can could will would shall should may might must have has had having does did done do make made there here then than them our your my one two three four five six seven eight nine ten half most many much few such same other another own very well around some across near'
	).split(' ')
);

/** A word folded so that "tagged" meets "tags" and "eels" meets "eel". */
function stem(word: string): string {
	const w = word.toLowerCase().replace(/['’]s$/u, '');
	if (w.length > 5 && w.endsWith('ies')) return w.slice(0, -3) + 'y';
	if (w.length > 5 && /(ing)$/.test(w)) return w.slice(0, -3).replace(/(.)\1$/u, '$1');
	if (w.length > 4 && /ed$/.test(w)) return w.slice(0, -2).replace(/(.)\1$/u, '$1');
	if (w.length > 6 && /ions?$/.test(w)) return w.replace(/ions?$/, '');
	if (w.length > 3 && /[^s]s$/.test(w)) return w.slice(0, -1);
	return w;
}

/** The content words of a text, folded, without the common ones. */
function contentWords(text: string): Set<string> {
	return new Set(
		(text.match(/[\p{L}'’-]+/gu) ?? [])
			.filter((w) => w.length > 2 && !COMMON.has(w.toLowerCase()))
			.map(stem)
			.filter((w) => w.length > 2 && !COMMON.has(w))
	);
}

/**
 * Labels that cannot both describe one thing: the first family of a pair against the second.
 * Each family lists the words as a text writes them.
 */
const LABEL_FAMILIES = {
	leaked: /\b(leaked|leak|leaks)\b/i,
	declassified: /\b(declassified|de-classified)\b/i,
	secret: /\b(secret|confidential|(?<![\p{L}\p{Pd}])classified|private|internal|unpublished)\b/iu,
	public: /\b(public|publicly|published)\b/i,
	confirmed: /\b(confirmed|verified|proven|established)\b/i,
	unverified: /\b(unverified|unconfirmed|unproven|disputed|uncertain)\b/i,
	real: /\b(real|genuine|authentic)\b/i,
	invented: /\b(invented|fictional|fictitious|made-up|fabricated|hypothetical)\b/i,
	conversation: /\b(conversations?|talks|phone calls?|dialog|dialogue|exchanges?)\b/i,
	release: /\b(releases?|released to the public|excerpts)\b/i
} as const;
type LabelFamily = keyof typeof LABEL_FAMILIES;
const INCOMPATIBLE: [LabelFamily, LabelFamily][] = [
	['leaked', 'declassified'],
	['leaked', 'public'],
	['secret', 'public'],
	['confirmed', 'unverified'],
	['real', 'invented'],
	['conversation', 'release']
];
/** Words that name an article's material: two of them may name one thing ("the memo", "a document"). */
const MATERIAL =
	/^(memo|document|record|transcript|file|email|e-mail|cable|letter|note|minute|recording|material|archive|excerpt|paper|log|tape|thread|communicat|communication)$/;

interface LabelUse {
	sentence: Sentence;
	family: LabelFamily;
	label: string;
	/** The nouns around the label: what it describes. */
	around: Set<string>;
	/** Those of them that are not the article's topic. */
	telling: Set<string>;
}

function labelsIn(sentence: Sentence, telling: (word: string) => boolean): LabelUse[] {
	const families = (Object.keys(LABEL_FAMILIES) as LabelFamily[]).filter((f) =>
		LABEL_FAMILIES[f].test(sentence.text)
	);
	if (families.length === 0) return [];
	// What a label describes is a noun ("memo", "spawning ground"), not a verb it shares.
	const nouns = contentWords(
		(nlp(sentence.text).match('#Noun').out('array') as string[]).join(' ')
	);
	return families.map((family) => {
		const label = LABEL_FAMILIES[family].exec(sentence.text)![0];
		const around = new Set(
			[...contentWords(near(sentence.text, label, LABEL_WINDOW))].filter(
				(w) => nouns.has(w) && !labelWord(w)
			)
		);
		return { sentence, family, label, around, telling: new Set([...around].filter(telling)) };
	});
}

/** A word that is itself a label ("released", "public"): it cannot be what two labels describe. */
function labelWord(word: string): boolean {
	return Object.values(LABEL_FAMILIES).some((re) => re.test(word)) || /^releas/.test(word);
}

/** What two labelled passages both speak of: shared words, or both name the material. */
function sharedSubject(x: LabelUse, y: LabelUse): string[] {
	const shared = [...x.telling].filter((w) => y.telling.has(w));
	if (shared.length > 0) return shared;
	// How the material came out ("leaked", "declassified") describes all of it, whatever a
	// passage calls it ("the records", "the communications").
	const howItCameOut = (u: LabelUse) => u.family === 'leaked' || u.family === 'declassified';
	if (!howItCameOut(x) || !howItCameOut(y)) return [];
	const material = (u: LabelUse) => [...u.around].find((w) => MATERIAL.test(w));
	const mx = material(x);
	const my = material(y);
	return mx && my ? ['the material'] : [];
}

/**
 * Pairs of sentences that give different values of one kind (the same unit, money folded to one
 * scale, or both years) and share a telling word around their values — and pairs of sentences
 * that give one subject two labels that cannot both hold ("leaked" and "a public document",
 * "confirmed" and "unverified") — within one article, each pair once, in article order.
 */
export function contradictionCandidates(
	article: Article,
	reading = lessonReading(article)
): ContradictionCandidate[] {
	const prose = reading.sentences.filter((s) => !s.inTable);
	// A word most sentences use (the article's topic: "NATO", "Ukraine") says nothing about
	// whether two passages speak of one thing.
	const frequency = new Map<string, number>();
	for (const sentence of prose) {
		for (const word of contentWords(sentence.text))
			frequency.set(word, (frequency.get(word) ?? 0) + 1);
	}
	const topicLimit = Math.max(3, prose.length * TOPIC_SHARE);
	const telling = (word: string) => (frequency.get(word) ?? 0) <= topicLimit;
	const values = [
		...reading.figures.map(scaled),
		...countsMissed(reading),
		...reading.years.map((y) => ({
			sentence: y.sentence,
			kind: 'year',
			value: y.year,
			text: y.text,
			unit: null
		}))
	].filter((v) => !v.sentence.inTable);
	const windowOf = (v: Value) =>
		new Set([...contentWords(near(v.sentence.text, v.text))].filter(telling));
	const wholeOf = (v: Value) => new Set([...contentWords(v.sentence.text)].filter(telling));
	const seen = new Set<string>();
	const candidates: ContradictionCandidate[] = [];
	for (const [i, x] of values.entries()) {
		for (const y of values.slice(i + 1)) {
			if (x.kind !== y.kind || x.value === y.value || x.sentence === y.sentence) continue;
			// Items of a list with different labels ("Compressed hours – 40 hours…", "Reduced
			// hours – 32 hours…") are different things.
			if (x.sentence.label && y.sentence.label && x.sentence.label !== y.sentence.label) continue;
			// Two counts of one noun ("26 eels", "36 eels") need one more word in common around
			// them, however often the article uses it; other values a telling word around both
			// and two in both sentences.
			const shared = x.unit
				? intersect(
						contentWords(near(x.sentence.text, x.text)),
						contentWords(near(y.sentence.text, y.text))
					)
				: intersect(windowOf(x), windowOf(y));
			if (shared.length === 0) continue;
			if (!x.unit && intersect(wholeOf(x), wholeOf(y)).length < 2) continue;
			const key = `${x.sentence.order}:${y.sentence.order}`;
			if (seen.has(key)) continue;
			seen.add(key);
			candidates.push({
				a: { section: x.sentence.section.slug, quote: x.sentence.text, value: x.text },
				b: { section: y.sentence.section.slug, quote: y.sentence.text, value: y.text },
				subject: [...(x.unit ? [x.unit] : []), ...shared].join(' '),
				note: `Both passages speak of ${shared.map((t) => `“${t}”`).join(', ')}: one gives ${x.text}, the other ${y.text}.`
			});
		}
	}
	const labels = prose.flatMap((s) => labelsIn(s, telling));
	const described = new Set<string>();
	for (const [i, x] of labels.entries()) {
		for (const y of labels.slice(i + 1)) {
			if (x.sentence === y.sentence) continue;
			const clash = INCOMPATIBLE.some(
				([p, q]) => (x.family === p && y.family === q) || (x.family === q && y.family === p)
			);
			if (!clash) continue;
			const shared = sharedSubject(x, y);
			if (shared.length === 0) continue;
			const subject = shared.join(' ');
			// One candidate per subject and pair of labels: the first two passages that clash.
			const pair = [x.family, y.family].sort().join('/');
			const key = `${x.sentence.order}:${y.sentence.order}`;
			if (seen.has(key) || described.has(`${pair}:${subject}`)) continue;
			seen.add(key);
			described.add(`${pair}:${subject}`);
			candidates.push({
				a: { section: x.sentence.section.slug, quote: x.sentence.text, value: x.label },
				b: { section: y.sentence.section.slug, quote: y.sentence.text, value: y.label },
				subject,
				note: `Both passages speak of ${subject}: one calls it “${x.label}”, the other “${y.label}”.`
			});
		}
	}
	return candidates.sort(
		(p, q) =>
			order(p.a, reading.sentences) - order(q.a, reading.sentences) ||
			order(p.b, reading.sentences) - order(q.b, reading.sentences)
	);
}

interface Value {
	sentence: Sentence;
	/** Values of one kind may disagree: a year, money of one currency, a count of one noun. */
	kind: string;
	value: number;
	text: string;
	/** What a count counts ("eel"), when it is a noun of the text. */
	unit: string | null;
}

const SCALE: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };
const SCALED = /^(?:([€$£])?)(thousand|million|billion|trillion)?(.*)$/u;

/** A figure on one scale: "€1.2 million" and "€900,000" are both money in euros. */
function scaled(figure: Figure): Value {
	const [, currency = '', magnitude = '', rest = ''] = SCALED.exec(figure.unitKey) ?? [];
	const value = figure.value * (SCALE[magnitude] ?? 1);
	if (currency)
		return {
			sentence: figure.sentence,
			kind: `money:${currency}`,
			value,
			text: figure.text,
			unit: null
		};
	return {
		sentence: figure.sentence,
		kind: `figure:${rest}`,
		value,
		text: figure.text,
		unit: rest && rest !== '%' ? rest : null
	};
}

/** "7 million reports": counts whose noun the prose reading leaves aside (it reads "reports" as a verb). */
const COUNT = /\b(\d[\d,]*(?:\.\d+)?)\s+(?:(thousand|million|billion)\s+)?(\p{Ll}{3,}s)\b/gu;

function countsMissed(reading: Reading): Value[] {
	return reading.sentences.flatMap((sentence) =>
		[...sentence.text.matchAll(COUNT)].flatMap((m): Value[] => {
			const text = m[0];
			if (reading.figures.some((f) => f.sentence === sentence && f.text.includes(m[1]!))) return [];
			if (/^\d{4}$/.test(m[1]!) || !nlp(`many ${m[3]}`).has('many #Noun')) return [];
			const noun = stem(m[3]!);
			const value = Number(m[1]!.replace(/,/g, '')) * (SCALE[m[2] ?? ''] ?? 1);
			return [{ sentence, kind: `figure:${noun}`, value, text, unit: noun }];
		})
	);
}

function intersect(a: Set<string>, b: Set<string>): string[] {
	return [...a].filter((w) => b.has(w));
}

function order(ref: PassageRef, sentences: Sentence[]): number {
	return sentences.findIndex((s) => s.section.slug === ref.section && s.text === ref.quote);
}
