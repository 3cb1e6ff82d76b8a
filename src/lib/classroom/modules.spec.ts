import { describe, expect, it } from 'vitest';
import { assignedModules, assignmentTitle, type ModuleRef } from './modules';

const modules: ModuleRef[] = [
	{ id: 's1', slug: 'origins', title: 'Origins' },
	{ id: 's2', slug: 'growth', title: 'Growth' },
	{ id: 's3', slug: 'legacy', title: 'Legacy' }
];

describe('assignedModules', () => {
	it('is every lesson module when none were chosen', () => {
		expect(assignedModules({ chosenSectionIds: null }, modules)).toEqual(modules);
	});

	it('keeps the chosen modules in article order, not in the order they were chosen', () => {
		const chosen = assignedModules({ chosenSectionIds: ['s3', 's1'] }, modules);
		expect(chosen.map((m) => m.id)).toEqual(['s1', 's3']);
	});

	it('leaves out a chosen module that is no longer in the article', () => {
		const chosen = assignedModules({ chosenSectionIds: ['s2', 'gone'] }, modules);
		expect(chosen.map((m) => m.id)).toEqual(['s2']);
	});
});

describe('assignmentTitle', () => {
	it('is the article title for the whole article', () => {
		expect(assignmentTitle({ articleTitle: 'Tea', chosenSectionIds: null }, modules)).toBe('Tea');
	});

	it('names the one module chosen', () => {
		const chosen = [modules[1]!];
		expect(assignmentTitle({ articleTitle: 'Tea', chosenSectionIds: ['s2'] }, chosen)).toBe(
			'Tea: Growth'
		);
	});

	it('counts several modules chosen', () => {
		const chosen = modules.slice(0, 2);
		expect(assignmentTitle({ articleTitle: 'Tea', chosenSectionIds: ['s1', 's2'] }, chosen)).toBe(
			'Tea: 2 modules'
		);
	});
});
