// QTI 3.0 (1EdTech Question and Test Interoperability, ASI 3.0): one `qti-assessment-item` per
// question, each with its interaction, its correct response and response processing written out
// (no template to fetch: a player scores it as it stands), and the content package's
// `imsmanifest.xml` listing them. Each of Lectern's types maps to the interaction a learner
// would expect: choice (single, multiple, true/false), match (matching), order (ordering), text
// entry (short answers, numbers).
import type { Question } from '../schema';
import { decimal, stemText, unknownType } from './shared';
import { escapeXml } from './moodle-xml';

export const QTI_NAMESPACE = 'http://www.imsglobal.org/xsd/imsqtiasi_v3p0';
export const QTI_PACKAGE_NAMESPACE = 'http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1';
const ITEM_SCHEMA = 'https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd';
const PACKAGE_SCHEMA =
	'https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqtiv3p0_imscpv1p2_v1p0.xsd';

/** A file of the package: its path inside the zip and its text. */
export interface QtiFile {
	path: string;
	text: string;
}

/** An item's identifier: QTI's start with a letter; Lectern's question ids are slugs. */
export const qtiIdentifier = (questionId: string) => `q-${questionId}`;

const t = escapeXml;
const value = (v: string) => `<qti-value>${t(v)}</qti-value>`;
const float = (n: number) => `<qti-base-value base-type="float">${decimal(n)}</qti-base-value>`;
const setScore = (expression: string) =>
	`<qti-set-outcome-value identifier="SCORE">${expression}</qti-set-outcome-value>`;

/** SCORE 1 when `condition` holds, else 0. */
function scoreIf(condition: string): string {
	return [
		'<qti-response-processing>',
		'  <qti-response-condition>',
		`    <qti-response-if>${condition}${setScore(float(1))}</qti-response-if>`,
		`    <qti-response-else>${setScore(float(0))}</qti-response-else>`,
		'  </qti-response-condition>',
		'</qti-response-processing>'
	].join('\n');
}

const RESPONSE = '<qti-variable identifier="RESPONSE"/>';
/** All or nothing, as Lectern grades: the response is the correct one. */
const MATCH_CORRECT = scoreIf(
	`<qti-match>${RESPONSE}<qti-correct identifier="RESPONSE"/></qti-match>`
);

interface ItemParts {
	declaration: string;
	body: string;
	processing: string;
}

function declaration(
	cardinality: 'single' | 'multiple' | 'ordered',
	baseType: string,
	correct: string[],
	extra = ''
): string {
	return [
		`<qti-response-declaration identifier="RESPONSE" cardinality="${cardinality}" base-type="${baseType}">`,
		`  <qti-correct-response>${correct.map(value).join('')}</qti-correct-response>${extra}`,
		'</qti-response-declaration>'
	].join('\n');
}

const choiceId = (i: number) => `c${i + 1}`;

function choiceBody(prompt: string, options: readonly string[], maxChoices: number): string {
	return [
		`<qti-choice-interaction response-identifier="RESPONSE" max-choices="${maxChoices}" shuffle="false">`,
		`  <qti-prompt>${t(prompt)}</qti-prompt>`,
		...options.map(
			(o, i) => `  <qti-simple-choice identifier="${choiceId(i)}">${t(o)}</qti-simple-choice>`
		),
		'</qti-choice-interaction>'
	].join('\n');
}

function textEntryBody(prompt: string, expectedLength: number): string {
	return [
		`<p>${t(prompt)}</p>`,
		`<p><qti-text-entry-interaction response-identifier="RESPONSE" expected-length="${expectedLength}"/></p>`
	].join('\n');
}

function parts(q: Question): ItemParts {
	const prompt = stemText(q);
	switch (q.type) {
		case 'single':
			return {
				declaration: declaration('single', 'identifier', [choiceId(q.options.indexOf(q.answer))]),
				body: choiceBody(prompt, q.options, 1),
				processing: MATCH_CORRECT
			};
		case 'multiple':
			return {
				declaration: declaration(
					'multiple',
					'identifier',
					q.options.flatMap((o, i) => (q.answers.includes(o) ? [choiceId(i)] : []))
				),
				body: choiceBody(prompt, q.options, 0),
				processing: MATCH_CORRECT
			};
		case 'truefalse':
			return {
				declaration: declaration('single', 'identifier', [q.answer ? 'true' : 'false']),
				body: [
					'<qti-choice-interaction response-identifier="RESPONSE" max-choices="1" shuffle="false">',
					`  <qti-prompt>${t(prompt)}</qti-prompt>`,
					'  <qti-simple-choice identifier="true">True</qti-simple-choice>',
					'  <qti-simple-choice identifier="false">False</qti-simple-choice>',
					'</qti-choice-interaction>'
				].join('\n'),
				processing: MATCH_CORRECT
			};
		case 'matching': {
			// Each right-hand value once (two items may match the same one), used as often as needed.
			const rights = [...new Set(q.pairs.map((p) => p.right))];
			const rightId = (right: string) => `r${rights.indexOf(right) + 1}`;
			return {
				declaration: declaration(
					'multiple',
					'directedPair',
					q.pairs.map((p, i) => `l${i + 1} ${rightId(p.right)}`)
				),
				body: [
					`<qti-match-interaction response-identifier="RESPONSE" max-associations="${q.pairs.length}" shuffle="false">`,
					`  <qti-prompt>${t(prompt)}</qti-prompt>`,
					'  <qti-simple-match-set>',
					...q.pairs.map(
						(p, i) =>
							`    <qti-simple-associable-choice identifier="l${i + 1}" match-max="1">${t(p.left)}</qti-simple-associable-choice>`
					),
					'  </qti-simple-match-set>',
					'  <qti-simple-match-set>',
					...rights.map(
						(r) =>
							`    <qti-simple-associable-choice identifier="${rightId(r)}" match-max="0">${t(r)}</qti-simple-associable-choice>`
					),
					'  </qti-simple-match-set>',
					'</qti-match-interaction>'
				].join('\n'),
				processing: MATCH_CORRECT
			};
		}
		case 'ordering': {
			// Shown from the second item round to the first: never already in order.
			const shown = q.items.map((_, i) => (i + 1) % q.items.length);
			return {
				declaration: declaration(
					'ordered',
					'identifier',
					q.items.map((_, i) => choiceId(i))
				),
				body: [
					'<qti-order-interaction response-identifier="RESPONSE" shuffle="false">',
					`  <qti-prompt>${t(prompt)}</qti-prompt>`,
					...shown.map(
						(i) =>
							`  <qti-simple-choice identifier="${choiceId(i)}">${t(q.items[i]!)}</qti-simple-choice>`
					),
					'</qti-order-interaction>'
				].join('\n'),
				processing: MATCH_CORRECT
			};
		}
		case 'short': {
			// QTI compares a mapped answer as written, or ignoring case: not, as Lectern does,
			// ignoring accents, punctuation and spacing too.
			const mapping = [
				'',
				'  <qti-mapping default-value="0" lower-bound="0" upper-bound="1">',
				...q.accepted.map(
					(a) => `    <qti-map-entry map-key="${t(a)}" mapped-value="1" case-sensitive="false"/>`
				),
				'  </qti-mapping>'
			].join('\n');
			return {
				declaration: declaration('single', 'string', [q.accepted[0]!], mapping),
				body: textEntryBody(prompt, Math.max(...q.accepted.map((a) => a.length), 10)),
				processing: [
					'<qti-response-processing>',
					'  <qti-response-condition>',
					`    <qti-response-if><qti-is-null>${RESPONSE}</qti-is-null>${setScore(float(0))}</qti-response-if>`,
					`    <qti-response-else>${setScore('<qti-map-response identifier="RESPONSE"/>')}</qti-response-else>`,
					'  </qti-response-condition>',
					'</qti-response-processing>'
				].join('\n')
			};
		}
		case 'numeric': {
			const tolerance = decimal(q.tolerance);
			const equal =
				q.tolerance > 0
					? `<qti-equal tolerance-mode="absolute" tolerance="${tolerance} ${tolerance}">`
					: '<qti-equal tolerance-mode="exact">';
			return {
				declaration: declaration('single', 'float', [decimal(q.answer)]),
				body: textEntryBody(prompt, Math.max(decimal(q.answer).length + 2, 6)),
				processing: scoreIf(`${equal}${RESPONSE}<qti-correct identifier="RESPONSE"/></qti-equal>`)
			};
		}
		default:
			return unknownType(q);
	}
}

/** One question as a QTI 3.0 item: its text, its interaction, its key and its scoring. */
export function toQtiItem(q: Question): string {
	const { declaration: response, body, processing } = parts(q);
	// Only lines that open or close an element: a line break inside a text stays as written
	// (escaped text never starts a line with "<").
	const indent = (text: string) =>
		text
			.split('\n')
			.map((line) => (line.startsWith('<') ? `  ${line}` : line))
			.join('\n');
	return [
		'<?xml version="1.0" encoding="UTF-8"?>',
		`<qti-assessment-item xmlns="${QTI_NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"`,
		`  xsi:schemaLocation="${QTI_NAMESPACE} ${ITEM_SCHEMA}"`,
		`  identifier="${qtiIdentifier(q.id)}" title="${t(q.id)}" adaptive="false" time-dependent="false" xml:lang="en">`,
		indent(response),
		indent(
			[
				'<qti-outcome-declaration identifier="SCORE" cardinality="single" base-type="float">',
				'  <qti-default-value><qti-value>0</qti-value></qti-default-value>',
				'</qti-outcome-declaration>',
				'<qti-outcome-declaration identifier="MAXSCORE" cardinality="single" base-type="float">',
				'  <qti-default-value><qti-value>1</qti-value></qti-default-value>',
				'</qti-outcome-declaration>'
			].join('\n')
		),
		indent(`<qti-item-body>\n${indent(body)}\n</qti-item-body>`),
		indent(processing),
		'</qti-assessment-item>',
		''
	].join('\n');
}

/**
 * The questions as a QTI 3.0 content package's files: `imsmanifest.xml` and `items/<id>.xml`,
 * one item per question, in the order given. Throws on a type it does not know.
 */
export function toQtiPackage(
	questions: readonly Question[],
	options: { identifier?: string } = {}
): QtiFile[] {
	const items = questions.map((q) => ({
		id: qtiIdentifier(q.id),
		path: `items/${qtiIdentifier(q.id)}.xml`,
		text: toQtiItem(q)
	}));
	const manifest = [
		'<?xml version="1.0" encoding="UTF-8"?>',
		`<manifest xmlns="${QTI_PACKAGE_NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"`,
		`  xsi:schemaLocation="${QTI_PACKAGE_NAMESPACE} ${PACKAGE_SCHEMA}"`,
		`  identifier="${t(options.identifier ?? 'lectern-questions')}">`,
		'  <metadata>',
		'    <schema>QTI Package</schema>',
		'    <schemaversion>3.0.0</schemaversion>',
		'  </metadata>',
		'  <organizations/>',
		'  <resources>',
		...items.map(
			(item) =>
				`    <resource identifier="${item.id}" type="imsqti_item_xmlv3p0" href="${item.path}"><file href="${item.path}"/></resource>`
		),
		'  </resources>',
		'</manifest>',
		''
	].join('\n');
	return [
		{ path: 'imsmanifest.xml', text: manifest },
		...items.map(({ path, text }) => ({ path, text }))
	];
}
