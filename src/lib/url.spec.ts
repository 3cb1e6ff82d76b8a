import { describe, expect, it } from 'vitest';
import { decodeComponent } from './url';

describe('decodeComponent', () => {
	it('decodes a well-formed component', () => {
		expect(decodeComponent('caf%C3%A9%20%2F%3F')).toBe('café /?');
		expect(decodeComponent('plain')).toBe('plain');
	});
	it.each(['%', '%ZZ', '%C0', '%E0%A4%A', '%ED%A0%80', 'a%2', '%FF'])(
		'answers null for the malformed %s instead of throwing',
		(value) => {
			expect(decodeComponent(value)).toBeNull();
		}
	);
});
