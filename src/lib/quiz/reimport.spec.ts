import { describe, expect, it } from 'vitest';
import { importedOrigin, planQuestionImport, type StoredQuestionState } from './reimport';
import type { Question } from './schema';

const q = (id: string, text = `Question ${id}?`): Question => ({
	id,
	type: 'truefalse',
	text,
	answer: true,
	explanation: 'Because the article says so.',
	evidence: { section: 'a', quote: 'Alpha' }
});
const stored = (
	question: Question,
	over: Partial<StoredQuestionState> = {}
): StoredQuestionState => ({
	id: question.id,
	origin: importedOrigin(question.id),
	status: importedOrigin(question.id) === 'authored' ? 'published' : 'suggested',
	archived: false,
	version: 1,
	data: question,
	writtenByPerson: false,
	...over
});

describe('importedOrigin', () => {
	it('tells the bank’s questions from the tables’ and the prose’s by their id', () => {
		expect(importedOrigin('who-said-it')).toBe('authored');
		expect(importedOrigin('table-1a2b')).toBe('generated');
		expect(importedOrigin('suggest-3c4d')).toBe('suggested');
	});
});

describe('planQuestionImport', () => {
	it('publishes new authored questions and keeps generated and suggested ones as drafts', () => {
		const plan = planQuestionImport([], [q('a'), q('table-1'), q('suggest-2')]);
		expect(plan.steps.map((s) => [s.kind, 'status' in s && s.status])).toEqual([
			['insert', 'published'],
			['insert', 'suggested'],
			['insert', 'suggested']
		]);
		expect(plan.archive).toEqual([]);
	});

	it('versions a changed question, only re-places an unchanged one', () => {
		const plan = planQuestionImport(
			[stored(q('a'), { version: 3 }), stored(q('b'))],
			[q('a', 'Reworded?'), q('b')]
		);
		expect(plan.steps.map((s) => [s.kind, 'version' in s && s.version])).toEqual([
			['update', 4],
			['place', 1]
		]);
	});

	it('keeps what a teacher made of a draft: accepted stays published, discarded stays archived', () => {
		const plan = planQuestionImport(
			[stored(q('suggest-1'), { status: 'published' }), stored(q('table-2'), { archived: true })],
			[q('suggest-1', 'New wording?'), q('table-2')]
		);
		expect(plan.steps).toMatchObject([
			{ kind: 'update', status: 'published', archived: false, version: 2 },
			{ kind: 'place', status: 'suggested', archived: true }
		]);
	});

	it('brings an archived authored question back, published', () => {
		const plan = planQuestionImport(
			[stored(q('a'), { archived: true, status: 'published' })],
			[q('a')]
		);
		expect(plan.steps[0]).toMatchObject({ kind: 'place', status: 'published', archived: false });
	});

	it('never touches or archives what a person wrote', () => {
		const edited = stored(q('suggest-1'), { writtenByPerson: true, version: 2 });
		const own = stored(q('t-1'), { origin: 'teacher', status: 'published' });
		const plan = planQuestionImport([edited, own], [q('suggest-1', 'Import wording?')]);
		expect(plan.steps).toEqual([
			{ kind: 'protected', question: q('suggest-1', 'Import wording?') }
		]);
		expect(plan.archive).toEqual([]);
	});

	it('archives live questions the text no longer yields, once', () => {
		const plan = planQuestionImport(
			[stored(q('a')), stored(q('table-9')), stored(q('b'), { archived: true })],
			[]
		);
		expect(plan.archive).toEqual(['a', 'table-9']);
	});
});
