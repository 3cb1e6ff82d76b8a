import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { hostileQuestions } from '../../../../tests/fixtures/quiz/export-questions';
import { seedArticle, seedBankJson } from '../../../../tests/fixtures/quiz/load';
import { questionTypes, type Question } from '../schema';
import { articleQuestions } from '../select';
import {
	QTI_NAMESPACE,
	QTI_PACKAGE_NAMESPACE,
	qtiIdentifier,
	toQtiItem,
	toQtiPackage
} from './qti';

type Node = Record<string, unknown>;
const parser = new XMLParser({
	ignoreAttributes: false,
	parseTagValue: false,
	parseAttributeValue: false,
	trimValues: true,
	isArray: (name) =>
		[
			'qti-value',
			'qti-simple-choice',
			'qti-simple-match-set',
			'qti-simple-associable-choice',
			'qti-map-entry',
			'resource'
		].includes(name)
});

function item(q: Question) {
	const xml = toQtiItem(q);
	expect(XMLValidator.validate(xml), q.id).toBe(true);
	return (parser.parse(xml) as { 'qti-assessment-item': Node })['qti-assessment-item'];
}
const correct = (i: Node) =>
	((i['qti-response-declaration'] as Node)['qti-correct-response'] as Node)[
		'qti-value'
	] as string[];
const declared = (i: Node, name: string) => (i['qti-response-declaration'] as Node)[`@_${name}`];
const body = (i: Node) => i['qti-item-body'] as Node;

const byType = new Map(hostileQuestions().map((q) => [q.type, q]));

describe('QTI 3.0 items', () => {
	it('every item is well-formed, in the QTI 3.0 namespace, named by its question, with SCORE and its processing', () => {
		for (const q of hostileQuestions()) {
			const i = item(q);
			expect(i['@_xmlns']).toBe(QTI_NAMESPACE);
			expect(i['@_identifier']).toBe(qtiIdentifier(q.id));
			expect(i['@_xml:lang']).toBe('en');
			const outcomes = i['qti-outcome-declaration'] as Node[];
			expect(outcomes.map((o) => o['@_identifier'])).toEqual(['SCORE', 'MAXSCORE']);
			expect(i['qti-response-processing']).toBeDefined();
		}
		// One of each of Lectern's types is in the fixture: none goes unexported.
		expect([...byType.keys()].sort()).toEqual([...questionTypes].sort());
	});

	it('maps single, multiple and true/false to a choice interaction with the key as the correct response', () => {
		const single = item(byType.get('single')!);
		const choices = (body(single)['qti-choice-interaction'] as Node)['qti-simple-choice'] as Node[];
		const q = byType.get('single') as Extract<Question, { type: 'single' }>;
		expect(choices.map((c) => c['#text'])).toEqual(q.options);
		expect((body(single)['qti-choice-interaction'] as Node)['@_max-choices']).toBe('1');
		const key = choices.find((c) => c['#text'] === q.answer)!['@_identifier'];
		expect(correct(single)).toEqual([key]);

		const multiple = byType.get('multiple') as Extract<Question, { type: 'multiple' }>;
		const m = item(multiple);
		expect(declared(m, 'cardinality')).toBe('multiple');
		const mChoices = (body(m)['qti-choice-interaction'] as Node)['qti-simple-choice'] as Node[];
		expect(
			correct(m).map((id) => mChoices.find((c) => c['@_identifier'] === id)!['#text'])
		).toEqual(multiple.answers);

		const tf = byType.get('truefalse') as Extract<Question, { type: 'truefalse' }>;
		expect(correct(item(tf))).toEqual([String(tf.answer)]);
	});

	it('maps matching to a match interaction of directed pairs, ordering to an order interaction never shown in order', () => {
		const matching = byType.get('matching') as Extract<Question, { type: 'matching' }>;
		const m = item(matching);
		expect(declared(m, 'base-type')).toBe('directedPair');
		const sets = (body(m)['qti-match-interaction'] as Node)['qti-simple-match-set'] as Node[];
		const text = (set: Node, id: string) =>
			(set['qti-simple-associable-choice'] as Node[]).find((c) => c['@_identifier'] === id)![
				'#text'
			];
		expect(
			correct(m).map((pair) => {
				const [left, right] = pair.split(' ');
				return { left: text(sets[0]!, left!), right: text(sets[1]!, right!) };
			})
		).toEqual(matching.pairs);

		const ordering = byType.get('ordering') as Extract<Question, { type: 'ordering' }>;
		const o = item(ordering);
		expect(declared(o, 'cardinality')).toBe('ordered');
		const shown = (body(o)['qti-order-interaction'] as Node)['qti-simple-choice'] as Node[];
		const inOrder = correct(o).map((id) => shown.find((c) => c['@_identifier'] === id)!['#text']);
		expect(inOrder).toEqual(ordering.items);
		expect(shown.map((c) => c['#text'])).not.toEqual(ordering.items);
	});

	it('maps short answers to text entry scored by the accepted answers, numbers to text entry within the tolerance', () => {
		const short = byType.get('short') as Extract<Question, { type: 'short' }>;
		const s = item(short);
		expect(declared(s, 'base-type')).toBe('string');
		const entries = ((s['qti-response-declaration'] as Node)['qti-mapping'] as Node)[
			'qti-map-entry'
		] as Node[];
		expect(entries.map((e) => e['@_map-key'])).toEqual(short.accepted);
		expect(entries.every((e) => e['@_case-sensitive'] === 'false')).toBe(true);

		const numeric = byType.get('numeric') as Extract<Question, { type: 'numeric' }>;
		const n = item(numeric);
		expect(declared(n, 'base-type')).toBe('float');
		expect(Number(correct(n)[0])).toBe(numeric.answer);
		expect(toQtiItem(numeric)).toContain(
			numeric.tolerance > 0 ? 'tolerance-mode="absolute"' : 'tolerance-mode="exact"'
		);
	});

	it('keeps hostile text as text: every character escaped, nothing parsed as markup', () => {
		for (const q of hostileQuestions()) {
			const xml = toQtiItem(q);
			expect(XMLValidator.validate(xml)).toBe(true);
			expect(xml).not.toContain('<b>x</b>');
		}
	});
});

describe('the QTI 3.0 content package', () => {
	it('lists one item resource per question of the seed’s bank in imsmanifest.xml', () => {
		const questions = articleQuestions(seedArticle(), seedBankJson());
		const files = toQtiPackage(questions, { identifier: 'lectern-seed' });
		expect(files.map((f) => f.path)).toEqual([
			'imsmanifest.xml',
			...questions.map((q) => `items/${qtiIdentifier(q.id)}.xml`)
		]);
		const manifest = files[0]!.text;
		expect(XMLValidator.validate(manifest)).toBe(true);
		const parsed = (parser.parse(manifest) as { manifest: Node }).manifest;
		expect(parsed['@_xmlns']).toBe(QTI_PACKAGE_NAMESPACE);
		const resources = (parsed.resources as Node).resource as Node[];
		expect(resources.map((r) => [r['@_type'], r['@_href']])).toEqual(
			questions.map((q) => ['imsqti_item_xmlv3p0', `items/${qtiIdentifier(q.id)}.xml`])
		);
		for (const file of files.slice(1)) expect(XMLValidator.validate(file.text)).toBe(true);
	});
});
