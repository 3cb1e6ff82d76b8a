import { describe, expect, it } from 'vitest';
import { hostileQuestions } from '../../../tests/fixtures/quiz/export-questions';
import { bankQuestionResource, encodedJson, exportScope, exportedQuestions } from './api';
import type { BankQuestion, QuestionStatus } from './question-bank';

const statuses: QuestionStatus[] = ['published', 'suggested', 'archived', 'published', 'suggested'];
const bank: BankQuestion[] = hostileQuestions()
	.slice(0, statuses.length)
	.map((question, i) => ({
		id: question.id,
		sectionId: `section-${i}`,
		section: i === 2 ? null : 'intro',
		status: statuses[i]!,
		origin: 'authored',
		version: i + 1,
		position: i,
		question
	}));

describe('exportScope', () => {
	it('reads ?status=published (the default) and ?status=all, and nothing else', () => {
		expect(exportScope(new URLSearchParams())).toBe('published');
		expect(exportScope(new URLSearchParams('status=published'))).toBe('published');
		expect(exportScope(new URLSearchParams('status=all&q=x'))).toBe('all');
		for (const bad of ['status=archived', 'status=', 'status=ALL', 'status=suggested'])
			expect(exportScope(new URLSearchParams(bad)), bad).toBeNull();
	});
});

describe('exportedQuestions', () => {
	it('holds the published questions, in bank order; with `all` the suggestions too', () => {
		const ids = (scope: 'published' | 'all') => exportedQuestions(bank, scope).map((q) => q.id);
		expect(ids('published')).toEqual([bank[0]!.id, bank[3]!.id]);
		expect(ids('all')).toEqual([bank[0]!.id, bank[1]!.id, bank[3]!.id, bank[4]!.id]);
	});
});

describe('bankQuestionResource', () => {
	it('is the documented six fields: no answer key, no evidence', () => {
		const q = bank[2]!;
		expect(bankQuestionResource(q)).toEqual({
			id: q.id,
			section: null,
			type: q.question.type,
			status: 'archived',
			prompt: q.question.text,
			version: 3
		});
	});
});

describe('encodedJson', () => {
	it('answers the data as JSON with the byte length of its UTF-8, whatever the characters', async () => {
		const data = { name: 'Zoë 学生 👩🏽‍🏫', scores: [1, 2.5, null], nested: { ok: true } };
		const response = encodedJson(data, { status: 201, headers: { 'Cache-Control': 'no-store' } });
		expect(response.status).toBe(201);
		expect(response.headers.get('content-type')).toBe('application/json');
		expect(response.headers.get('cache-control')).toBe('no-store');
		const bytes = new Uint8Array(await response.arrayBuffer());
		expect(response.headers.get('content-length')).toBe(String(bytes.byteLength));
		expect(bytes.byteLength).toBeGreaterThan(JSON.stringify(data).length);
		expect(JSON.parse(new TextDecoder().decode(bytes))).toEqual(data);
	});

	it('keeps a content type it is given', () => {
		const response = encodedJson([], { headers: { 'content-type': 'application/problem+json' } });
		expect(response.headers.get('content-type')).toBe('application/problem+json');
	});
});
