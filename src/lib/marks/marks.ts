/**
 * Source marks (issue 13): for every sentence or list item of a module that makes a claim, what
 * the text gives as its source —
 * - `named`: a person, body or document the text names ("…, said the mayor, Ana Silva",
 *   "according to the council's report");
 * - `vague`: a source the reader cannot check ("critics argue", "officials", "many believe");
 * - `none`: stated as fact, with no source;
 * - `article`: the article's own view or advice ("Readers should…", "This essay sets out…").
 * Drafts, drawn by rules over the text (the attribution reading of src/lib/suggest, with
 * compromise): a teacher or admin confirms, corrects or removes them. Each mark is anchored by
 * a verbatim quote of its sentence, like quiz evidence, so it survives a re-import where its
 * text survives. Pure: no I/O.
 */
import nlp from 'compromise';
import type { Article } from '../article/types';
import { readSections, type Attribution, type Reading, type Sentence } from '../suggest/reading';
import type { MarkInput } from './claims';

export { markKinds, type MarkKind } from './claims';

/** A draft mark: a `MarkInput` (section, quote, kind, source, speaker, note, provenance). */
export type SourceMark = MarkInput;

/** The article's own voice: advice to the reader, or the text speaking of itself. */
const OWN_VOICE = [
	'^(this|the) (essay|article|piece|guide) #Verb',
	'^(we|i) #Adverb? (think|believe|argue|recommend|suggest|urge)',
	"^(never|always|don’t|don't) #Verb",
	'^(consider|remember|ask|check|compare|look|read|beware|keep|avoid|cross-check|verify|watch|track|follow) #Determiner?'
];
/** The text about itself: "this guide", "the examples below". */
const ABOUT_ITSELF =
	/\b(this|our) (essay|article|piece|guide|explainer|column|feature)\b|\b(the|these) [\p{L} -]{0,30}\b(below|above)\b/iu;
/** A recommendation the text makes without crediting anyone: "Readers who … should ask". */
const RECOMMENDS = /\b(should|ought to)\b/i;
/** The text addressing its readers: "Readers affected by the flood can submit…". */
const ADDRESSES =
	/^(readers|you|we)\b[^.;]{0,40}?\b(should|must|can|could|need to|ought to|may|might)\b/i;
/** Modules where what the text states unsourced is its own conclusion or advice. */
const OWN_SECTIONS =
	/\b(conclusion|conclusions|takeaways?|tips|what this means|lessons for|advice|our view)\b/i;
/** "…obtained by The Intercept and verified by The New York Times": who handled a document. */
const HANDED_OVER =
	/\b(?:obtained|verified|published|released|compiled|leaked|shared|provided|supplied|forwarded|sent)\s+(?:(?:to|with)\s+(?:us|me|the\s+\p{L}+)\s+)?by\s+((?:the\s+)?[^,.;()]+?)(?=\s+(?:in|on|last|and|this|after|before|under|via|through|during)\b|[,.;()]|$)/iu;
/** "He added that…": a sentence that goes on reporting the last speaker. */
const GOES_ON =
	'^(he|she|they) #Adverb? (added|said|says|argued|warned|explained|noted|insisted|recalled)';
/** Verbs that credit what follows (or precedes) to their subject. */
const SAYS =
	'(said|says|told|argued|argues|claimed|claims|insisted|warned|announced|estimated|estimates|stated|describe|describes|described|concluded|reported|found|finds|wrote|writes|suggested|noted|confirmed|denied|admitted|states|recommends|recommended|show|shows|showed|call|calls|conveyed|frames|framed)';
/** A body or role the text names in lower case: "the mayor", "the finance committee". */
const ROLE =
	/^(?:(?:the|its|their|an?)\s+)?(?:[\p{L}'’-]+\s+){0,4}?(mayor|council|committee|department|ministry|minister|government|police|court|spokesman|spokeswoman|spokesperson|president|chair|director|board|agency|union|office|report|study|review|survey|summary|audit|analysis|memo|records|documents|emails|minutes|inquiry|commission|institute|university|company|firm|charity|website|association|organisation|organization|foundation|authority|service|leaders?|engineer|media)(?:\s+(?:written|published|released|prepared|commissioned|issued)\s+(?:in|by|on|last)\s+[^,]+)?$/iu;
/** Who the text cannot let the reader check: the subjects of a vague attribution. */
const VAGUE_WHO =
	'(critics|observers|experts|analysts|officials|sources|researchers|scientists|commentators|insiders|economists|historians|diplomats|campaigners|sceptics|skeptics|supporters|opponents|many|some|others)';
const VAGUE_SAY =
	'(say|said|says|argue|argued|believe|believed|estimate|estimated|blame|blamed|warn|warned|claim|claimed|fear|suggest|suggested|think|thought|note|noted|insist|point|contend|maintain|agree)';
/** "Sources familiar with the talks said", "Some experts blame", "The scientific consensus is". */
const VAGUE_OPENING = new RegExp(
	`^((?:(?:some|many|most|several|other|the|a few)\\s+)?(?:[\\p{Ll}-]+\\s+)?${VAGUE_WHO}\\b(?:\\s+(?:familiar|close|who|at|in|with|on|from)\\b[^,.;]{0,40}?)?\\s+(?:have\\s+|had\\s+)?(?:\\p{Ll}+ly\\s+)?${VAGUE_SAY})\\b`,
	'iu'
);
const CONSENSUS = /^((?:the\s+)?(?:[\p{Ll}]+\s+)?consensus)\s+(?:is|was|holds|notes|remains)\b/iu;
/** What the article's material is or where it came from: "an internal memo, which was leaked". */
const MATERIAL =
	/\b(memos?|documents?|records?|reports?|surveys?|summary|summaries|transcripts?|files?|e-?mails?|cables?|letters?|notes|minutes|recordings?|data|figures|examples|screenshots|materials?|archives?|excerpts|papers|logs|footage|tapes?|threads|calls|leaks)\b/i;
const ORIGIN =
	/\b(leaked|declassified|de-?classified|obtained|released|published|forwarded|shared|provided|supplied|verified|authenticated|classified|come from|came from|comes from|drawn from|based on|written by|written in|compiled|illustrated with|invented|fabricated|real|genuine|authentic|confidential|secret|internal|public)\b/i;

/**
 * The NLP reading of the article's lesson modules that both the marking rules and the
 * contradiction finder start from: read it once (`courseClaims`) and hand it to both.
 */
export function lessonReading(article: Article): Reading {
	return readSections(
		article.sections.filter((s) => s.kind === 'lesson'),
		article.prompts.map((p) => p.text)
	);
}

/** Draft marks for every claim-making sentence of the article's lesson modules, in order. */
export function draftMarks(article: Article, reading = lessonReading(article)): SourceMark[] {
	let lastSpeaker: { section: string; name: string } | null = null;
	return reading.sentences.flatMap((sentence): SourceMark[] => {
		if (sentence.inTable || !makesClaim(sentence)) return [];
		const quote = reading.quotes.find((q) => q.sentence === sentence);
		const previous = lastSpeaker?.section === sentence.section.slug ? lastSpeaker.name : null;
		lastSpeaker = quote ? { section: sentence.section.slug, name: quote.speaker } : null;
		const mark = markOf(sentence, quote?.speaker ?? null, previous, reading.attributions);
		return [
			{
				section: sentence.section.slug,
				quote: sentence.text,
				...mark,
				provenance: tellsProvenance(sentence.text)
			}
		];
	});
}

type Drafted = Pick<SourceMark, 'kind' | 'source' | 'speaker' | 'note'>;

/** The rules, in order: a quotation, a sentence going on with it, a credit, a hedge, the text’s own voice. */
function markOf(
	sentence: Sentence,
	speaker: string | null,
	previous: string | null,
	attributions: Map<Sentence, Attribution>
): Drafted {
	const text = sentence.text;
	const named = (source: string, note: string, who: string | null = null): Drafted => ({
		kind: 'named',
		source,
		speaker: who,
		note
	});
	if (speaker) return named(speaker, `A quotation the text attributes to ${speaker}.`, speaker);
	const doc = nlp(text);
	if (previous && doc.has(GOES_ON)) {
		return named(previous, `Goes on reporting ${previous}, quoted just before.`, previous);
	}
	const claim = sentence.label
		? text.slice(sentence.label.length).replace(/^\s*(–|:)\s*/, '')
		: text;
	const attribution = attributions.get(sentence) ?? { kind: 'none' as const };
	if (attribution.kind === 'named') {
		return named(attribution.source, `The text credits ${attribution.source}.`);
	}
	const handler = HANDED_OVER.exec(text)?.[1]?.trim();
	// The first hand named ("obtained by X and verified by Y": X).
	if (handler && /^(the\s|\p{Lu})/u.test(handler)) {
		return named(handler, `The text says ${handler} handled the material.`);
	}
	const credited = creditOf(claim);
	if (credited) return named(credited, `The text credits ${credited}.`);
	const vague = vagueOf(claim) ?? (attribution.kind === 'vague' ? attribution.source : null);
	if (vague) {
		return {
			kind: 'vague',
			source: vague,
			speaker: null,
			note: `“${vague}”: a source the reader cannot check.`
		};
	}
	if (ownVoice(text, claim) || OWN_SECTIONS.test(sentence.section.title)) {
		return {
			kind: 'article',
			source: null,
			speaker: null,
			note: 'The article’s own view or advice.'
		};
	}
	return {
		kind: 'none',
		source: null,
		speaker: null,
		note: 'Stated as fact; the text gives no source.'
	};
}

/**
 * A named subject of a verb that credits: "Councillor Dev Mehta told reporters…", "The
 * Riverside Teachers' Union argued…", "At the meeting, the mayor described…", "The council's
 * budget report found…", or a credit at the end: "…, the institute's report says."
 */
function creditOf(text: string): string | null {
	const body = text.replace(/^[^,:]{0,40}[,:]\s+(?=\p{L})/u, '');
	// "The company's chief engineer, Tom Adeyemi, told…": the appositive names the same one.
	const appositive = /^([^,]{3,50}),\s+([^,]{3,60}),\s+(.*)$/u.exec(text);
	const plain = appositive ? `${appositive[1]} ${appositive[3]}` : text;
	for (const candidate of [text, body, plain]) {
		const opening = new RegExp(`^((?:[\\p{L}'’.-]+\\s+){0,7}?)${SAYS}\\b`, 'u').exec(candidate);
		const subject = opening?.[1]?.trim();
		if (subject && namesSomeone(subject)) {
			// The person an appositive names is the source: "…engineer, Tom Adeyemi, told".
			const named = candidate === plain && appositive?.[2];
			return named && namesSomeone(named) ? named.trim() : subject;
		}
	}
	const trailing = new RegExp(`,\\s+([^,]{3,60}?)\\s+${SAYS}\\.?$`, 'u').exec(text);
	const credit = trailing?.[1]?.trim();
	if (credit && namesSomeone(credit)) return credit;
	return null;
}

/** A proper name ("Europol", "Dev Mehta", "the Riverside Teachers' Union") or a named role. */
function namesSomeone(subject: string): boolean {
	if (/^(it|this|that|these|those|he|she|they|we|i|you|there|which|who)$/i.test(subject))
		return false;
	if (ROLE.test(subject)) return true;
	const words = subject.split(/\s+/);
	if (words.length > 6) return false;
	// Every word after a leading "the" is a name, or joins names ("of", "for", "and").
	const rest = /^the$/i.test(words[0]!) ? words.slice(1) : words;
	return (
		rest.length > 0 &&
		/^\p{Lu}/u.test(rest[0]!) &&
		rest.every((w) => /^(\p{Lu}|of$|for$|and$|the$|de$)/u.test(w)) &&
		!nlp(rest[0]!).has('#Pronoun')
	);
}

/** The hedge as written, when the sentence (or list item) opens on a source no one can check. */
function vagueOf(text: string): string | null {
	const opening = VAGUE_OPENING.exec(text) ?? CONSENSUS.exec(text);
	return opening ? opening[1]!.trim() : null;
}

/** Whether the passage says what the material is or where it came from. */
export function tellsProvenance(text: string): boolean {
	return MATERIAL.test(text) && ORIGIN.test(text);
}

/** A sentence that asserts something: not a question, not a heading-like fragment. */
function makesClaim(sentence: Sentence): boolean {
	const text = sentence.text.trim();
	if (text.endsWith('?')) return false;
	if (text.split(/\s+/).length < 4) return false;
	return nlp(text).has('#Verb');
}

function ownVoice(text: string, claim: string): boolean {
	if ([ABOUT_ITSELF, RECOMMENDS, ADDRESSES].some((re) => re.test(text)) || imperative(claim))
		return true;
	const doc = nlp(text);
	return OWN_VOICE.some((pattern) => doc.has(pattern));
}

/** A list item that tells the reader what to do: "… – hover over a link before you click it." */
function imperative(claim: string): boolean {
	const [word = '', second = ''] = claim.split(/\s+/);
	const first = word.toLowerCase();
	// Plurals, "-ing" and "-ed" forms open statements ("Officials say", "Running the line costs").
	if (!/^\p{L}+$/u.test(first) || /(s|ing|ed)$/.test(first)) return false;
	if (nlp(first).has('#Imperative')) return true;
	return (
		/^(over|to|the|a|an|your|which|what|how|any|every|it|this|that|for|on|in|with|out|up|before|after|where|who|whether)$/i.test(
			second
		) && nlp(`they ${first}`).has('they #Verb')
	);
}
