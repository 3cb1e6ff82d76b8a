import { describe, expect, it } from 'vitest';
import { slugify, uniqueSlug } from './slug';

describe('slugify', () => {
	it('lower-cases', () => {
		expect(slugify('NATO Expansion')).toBe('nato-expansion');
	});

	it('strips accents', () => {
		expect(slugify('Café Élan')).toBe('cafe-elan');
		expect(slugify('Señor Müller’s naïve Ångström')).toBe('senor-mullers-naive-angstrom');
	});

	it('drops straight and curly apostrophes instead of turning them into dashes', () => {
		expect(slugify('Russia’s')).toBe('russias');
		expect(slugify("Putin's Rationale")).toBe('putins-rationale');
		expect(slugify('Ukraine Dismissal: Putin’s Rationale')).toBe(
			'ukraine-dismissal-putins-rationale'
		);
	});

	it('turns every run of other characters into one dash', () => {
		expect(slugify('Practical Tips for Policymakers & researchers')).toBe(
			'practical-tips-for-policymakers-researchers'
		);
		expect(slugify('Implications for U.S.Foreign Policy')).toBe(
			'implications-for-u-s-foreign-policy'
		);
		expect(slugify('a — b … c / d')).toBe('a-b-c-d');
		expect(slugify('Real‑World (non-breaking hyphen)')).toBe('real-world-non-breaking-hyphen');
	});

	it('trims dashes from both ends', () => {
		expect(slugify('  “Quoted”!  ')).toBe('quoted');
		expect(slugify('Sea.”')).toBe('sea');
		expect(slugify('-- dashes --')).toBe('dashes');
	});

	it('keeps digits', () => {
		expect(slugify('Recent NATO Decisions (2025)')).toBe('recent-nato-decisions-2025');
	});

	it('gives the seed article its documented slug', () => {
		expect(slugify('Declassified Putin-Bush Talks Surface Tensions Over NATO, Ukraine')).toBe(
			'declassified-putin-bush-talks-surface-tensions-over-nato-ukraine'
		);
	});

	it('returns an empty string when nothing is left to keep', () => {
		expect(slugify('')).toBe('');
		expect(slugify('!!! ’’’ ---')).toBe('');
		expect(slugify('Война и мир')).toBe('');
	});

	it('always yields a slug of a–z, 0–9 and single inner dashes', () => {
		for (const text of [
			'A  B',
			'x--y',
			'  ’tis  ',
			'Ärger über Öl',
			'ﬁne ligature',
			'Ⅻ chapters'
		]) {
			expect(slugify(text)).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
		}
	});
});

describe('uniqueSlug', () => {
	it('gives x, then x-2, then x-3 within one scope', () => {
		const taken = new Set<string>();
		expect(uniqueSlug('x', taken)).toBe('x');
		expect(uniqueSlug('x', taken)).toBe('x-2');
		expect(uniqueSlug('x', taken)).toBe('x-3');
		expect([...taken]).toEqual(['x', 'x-2', 'x-3']);
	});

	it('steps past slugs already taken, such as reserved route names', () => {
		const taken = new Set(['quiz', 'discuss', 'quiz-2']);
		expect(uniqueSlug('quiz', taken)).toBe('quiz-3');
		expect(uniqueSlug('discuss', taken)).toBe('discuss-2');
		expect(uniqueSlug('other', taken)).toBe('other');
	});

	it('keeps scopes apart', () => {
		expect(uniqueSlug('x', new Set(['x']))).toBe('x-2');
		expect(uniqueSlug('x', new Set())).toBe('x');
	});

	it('falls back to "untitled" for an empty base', () => {
		const taken = new Set<string>();
		expect(uniqueSlug('', taken)).toBe('untitled');
		expect(uniqueSlug('', taken)).toBe('untitled-2');
	});
});
