import { describe, expect, it } from 'vitest';
import { classIdOfScope, classScope, isPublicScope, PUBLIC_SCOPE } from './scope';

describe('thread scopes', () => {
	it('names a class thread by its class', () => {
		expect(classScope('c-1')).toBe('class:c-1');
		expect(classIdOfScope(classScope('c-1'))).toBe('c-1');
	});

	it('tells a public thread from a class thread', () => {
		expect(isPublicScope(PUBLIC_SCOPE)).toBe(true);
		expect(isPublicScope(classScope('c-1'))).toBe(false);
		expect(classIdOfScope(PUBLIC_SCOPE)).toBeNull();
	});

	it('does not take a scope that merely resembles public for public', () => {
		expect(isPublicScope('Public')).toBe(false);
		expect(isPublicScope('')).toBe(false);
	});
});
