// Moodle XML (docs.moodle.org/en/Moodle_XML_format): a <quiz> of <question type="…"> elements.
// Text that Moodle shows as HTML goes in CDATA as escaped HTML; text Moodle compares with a
// learner's answer (short answers, numbers, matching choices) is plain, XML-escaped text.
import type { Question } from '../schema';
import {
	ORDERING_NOTE,
	decimal,
	literalAsterisks,
	multipleWeight,
	orderingPairs,
	stemText,
	unixNewlines,
	unknownType,
	type ExportOptions
} from './shared';

/** Characters XML 1.0 forbids outright (controls other than tab and line breaks, lone surrogates). */
const FORBIDDEN =
	// eslint-disable-next-line no-control-regex -- matching control characters is the point
	/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function xmlSafe(text: string): string {
	return unixNewlines(text).replace(FORBIDDEN, '');
}

/** Text for an element or attribute value. */
export function escapeXml(text: string): string {
	return xmlSafe(text)
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&apos;');
}

/** Plain text as HTML: special characters escaped, line breaks as <br>. */
export function plainToHtml(text: string): string {
	return xmlSafe(text)
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/\n/g, '<br>');
}

/** A CDATA section holding the text; a "]]>" inside is split across two sections. */
function cdata(text: string): string {
	return `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

/** An XML comment: no "--" inside, no "-" at the end. */
function xmlComment(text: string): string {
	const safe = xmlSafe(text)
		.replace(/-(?=-)/g, '- ')
		.replace(/-$/, '- ');
	return `<!-- ${safe} -->`;
}

/** <tag format="html"><text><![CDATA[…]]></text></tag>: text Moodle displays. */
function htmlText(tag: string, text: string, indent: string, attributes = ''): string {
	return `${indent}<${tag}${attributes} format="html"><text>${cdata(plainToHtml(text))}</text></${tag}>`;
}

/** The category path: Moodle splits on "/", and reads "//" as one slash in a name. */
function categoryPath(title: string): string {
	return unixNewlines(title).replace(/\n+/g, ' ').trim().replace(/\//g, '//');
}

function moodleType(q: Question): string {
	switch (q.type) {
		case 'single':
		case 'multiple':
			return 'multichoice';
		case 'truefalse':
			return 'truefalse';
		case 'matching':
		case 'ordering':
			return 'matching';
		case 'short':
			return 'shortanswer';
		case 'numeric':
			return 'numerical';
		default:
			return unknownType(q);
	}
}

const I2 = '    ';
const I3 = '      ';

function emptyFeedback(indent: string): string {
	return `${indent}<feedback format="html"><text></text></feedback>`;
}

function choice(fraction: number, text: string): string {
	return [
		`${I2}<answer fraction="${decimal(fraction)}" format="html">`,
		`${I3}<text>${cdata(plainToHtml(text))}</text>`,
		emptyFeedback(I3),
		`${I2}</answer>`
	].join('\n');
}

function plainAnswer(fraction: number, text: string, extra: string[] = []): string {
	return [
		`${I2}<answer fraction="${decimal(fraction)}" format="plain_text">`,
		`${I3}<text>${escapeXml(text)}</text>`,
		emptyFeedback(I3),
		...extra,
		`${I2}</answer>`
	].join('\n');
}

function subquestion(left: string, right: string): string {
	return [
		`${I2}<subquestion format="html">`,
		`${I3}<text>${cdata(plainToHtml(left))}</text>`,
		`${I3}<answer><text>${escapeXml(right)}</text></answer>`,
		`${I2}</subquestion>`
	].join('\n');
}

function typeParts(q: Question): string[] {
	switch (q.type) {
		case 'single':
		case 'multiple': {
			const single = q.type === 'single';
			const right = new Set(single ? [q.answer] : q.answers);
			const weight = single ? 100 : multipleWeight(right.size);
			return [
				`${I2}<single>${single}</single>`,
				`${I2}<shuffleanswers>true</shuffleanswers>`,
				`${I2}<answernumbering>abc</answernumbering>`,
				...q.options.map((o) => choice(right.has(o) ? weight : single ? 0 : -100, o))
			];
		}
		case 'truefalse':
			return [plainAnswer(q.answer ? 100 : 0, 'true'), plainAnswer(q.answer ? 0 : 100, 'false')];
		case 'matching':
			return [
				`${I2}<shuffleanswers>true</shuffleanswers>`,
				...q.pairs.map((p) => subquestion(p.left, p.right))
			];
		case 'ordering':
			return [
				`${I2}<shuffleanswers>true</shuffleanswers>`,
				...orderingPairs(q.items).map((p) => subquestion(p.left, p.right))
			];
		case 'short':
			return [
				`${I2}<usecase>0</usecase>`,
				...q.accepted.map((a) => plainAnswer(100, literalAsterisks(a)))
			];
		case 'numeric':
			return [
				plainAnswer(100, decimal(q.answer), [
					`${I3}<tolerance>${decimal(q.tolerance)}</tolerance>`
				]),
				// No units: the unit, if any, is said in the question text.
				`${I2}<unitgradingtype>0</unitgradingtype>`,
				`${I2}<unitpenalty>0.1000000</unitpenalty>`,
				`${I2}<showunits>3</showunits>`,
				`${I2}<unitsleft>0</unitsleft>`
			];
		default:
			return unknownType(q);
	}
}

function questionElement(q: Question): string {
	const notes = [xmlComment(`evidence: ${q.evidence.section}: "${q.evidence.quote}"`)];
	if (q.type === 'ordering') notes.push(xmlComment(ORDERING_NOTE));
	const name = q.type === 'ordering' ? `${q.id} (${ORDERING_NOTE})` : q.id;
	return [
		...notes.map((n) => `  ${n}`),
		`  <question type="${moodleType(q)}">`,
		`${I2}<name><text>${escapeXml(name)}</text></name>`,
		htmlText('questiontext', stemText(q), I2),
		htmlText('generalfeedback', q.explanation, I2),
		`${I2}<defaultgrade>1</defaultgrade>`,
		`${I2}<hidden>0</hidden>`,
		...typeParts(q),
		`  </question>`
	].join('\n');
}

/**
 * The questions as a Moodle XML `<quiz>`, every one of them, in the order given; a category
 * question first when a title is given. Each question is named by its id,
 * with its explanation as general feedback and its evidence in a comment before it. Ordering,
 * which Moodle core lacks, is exported as matching each item to its position ("1st", "2nd", …),
 * and says so in its name. Throws on a type it does not know.
 */
export function toMoodleXml(questions: readonly Question[], options: ExportOptions = {}): string {
	const parts = ['<?xml version="1.0" encoding="UTF-8"?>', '<quiz>'];
	if (options.title !== undefined && options.title.trim() !== '') {
		parts.push(
			'  <question type="category">',
			`${I2}<category><text>${escapeXml(categoryPath(options.title))}</text></category>`,
			'  </question>'
		);
	}
	for (const q of questions) parts.push(questionElement(q));
	parts.push('</quiz>');
	return parts.join('\n') + '\n';
}
