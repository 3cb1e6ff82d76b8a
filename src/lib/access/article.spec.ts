import { describe, expect, it } from 'vitest';
import { mayEditArticle, mayImportArticle, mayReadArticle, type Viewer } from './article';
import { roles } from './index';

const person = (role: Viewer['role'], id = `u-${role}`): Viewer => ({ id, role, isGuest: false });
const guest: Viewer = { id: 'g', role: 'learner', isGuest: true };
const published = { status: 'published', ownerId: 'u-teacher' } as const;
const draft = { status: 'draft', ownerId: 'u-teacher' } as const;
const bundledDraft = { status: 'draft', ownerId: null } as const;

describe('reading an article', () => {
	it('a published article is everyone’s, signed in or not', () => {
		expect(mayReadArticle(null, published)).toBe(true);
		expect(mayReadArticle(guest, published)).toBe(true);
		for (const role of roles) expect(mayReadArticle(person(role, 'someone'), published)).toBe(true);
	});

	it('a draft is its owner’s and the admins’, and nobody else’s without a class', () => {
		expect(mayReadArticle(person('teacher'), draft)).toBe(true);
		expect(mayReadArticle(person('admin', 'another'), draft)).toBe(true);
		expect(mayReadArticle(null, draft)).toBe(false);
		expect(mayReadArticle(guest, draft)).toBe(false);
		for (const role of ['learner', 'teacher', 'moderator'] as const)
			expect(mayReadArticle(person(role, 'stranger'), draft), role).toBe(false);
	});

	it('a draft assigned to a class is its teacher’s and its students’', () => {
		const student = person('learner', 'student');
		expect(
			mayReadArticle(student, draft, { teachesAClassWithIt: false, inAClassWithIt: true })
		).toBe(true);
		const colleague = person('teacher', 'colleague');
		expect(
			mayReadArticle(colleague, draft, { teachesAClassWithIt: true, inAClassWithIt: false })
		).toBe(true);
		// A guest identity is never in a class.
		expect(mayReadArticle(guest, draft, { teachesAClassWithIt: false, inAClassWithIt: true })).toBe(
			false
		);
	});

	it('a draft without an owner (its owner’s account deleted) is the admins’ alone', () => {
		expect(mayReadArticle(person('teacher', 'u-teacher'), bundledDraft)).toBe(false);
		expect(mayReadArticle(person('admin'), bundledDraft)).toBe(true);
	});
});

describe('editing an article', () => {
	it('its owner while a teacher, and admins', () => {
		expect(mayEditArticle(person('teacher'), draft)).toBe(true);
		expect(mayEditArticle(person('teacher'), published)).toBe(true);
		expect(mayEditArticle(person('admin', 'another'), draft)).toBe(true);
		expect(mayEditArticle(person('admin', 'another'), bundledDraft)).toBe(true);
	});

	it('nobody else: not another teacher, not the owner once demoted, not a guest or nobody', () => {
		expect(mayEditArticle(person('teacher', 'colleague'), draft)).toBe(false);
		expect(mayEditArticle(person('learner', 'u-teacher'), draft)).toBe(false);
		expect(mayEditArticle(person('moderator', 'u-teacher'), draft)).toBe(false);
		expect(mayEditArticle(person('teacher', 'u-teacher'), bundledDraft)).toBe(false);
		expect(mayEditArticle(guest, draft)).toBe(false);
		expect(mayEditArticle(null, draft)).toBe(false);
	});
});

describe('importing an article', () => {
	it('teachers and admins import; learners, moderators, guests and nobody do not', () => {
		expect(mayImportArticle(person('teacher'))).toBe(true);
		expect(mayImportArticle(person('admin'))).toBe(true);
		expect(mayImportArticle(person('learner'))).toBe(false);
		expect(mayImportArticle(person('moderator'))).toBe(false);
		expect(mayImportArticle(guest)).toBe(false);
		expect(mayImportArticle(null)).toBe(false);
	});
});
