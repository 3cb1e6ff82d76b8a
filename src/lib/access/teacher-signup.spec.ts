import { describe, expect, it } from 'vitest';
import { signUpRole, teacherSignupPolicy } from './teacher-signup';

describe('teacherSignupPolicy', () => {
	it('is open only when TEACHER_SIGNUP says open', () => {
		expect(teacherSignupPolicy('open')).toBe('open');
		expect(teacherSignupPolicy(' Open ')).toBe('open');
		expect(teacherSignupPolicy('OPEN')).toBe('open');
	});

	it('needs approval when unset, empty, set so, or mistyped', () => {
		for (const value of [undefined, '', 'approval', 'APPROVAL', 'opne', 'true', '1', 'yes']) {
			expect(teacherSignupPolicy(value), String(value)).toBe('approval');
		}
	});
});

describe('signUpRole', () => {
	it('makes a learner of anyone who does not ask to teach, under either policy', () => {
		expect(signUpRole('open', false)).toEqual({ role: 'learner', teacherRequested: false });
		expect(signUpRole('approval', false)).toEqual({ role: 'learner', teacherRequested: false });
	});

	it('makes a teacher at once when teacher sign-up is open', () => {
		expect(signUpRole('open', true)).toEqual({ role: 'teacher', teacherRequested: false });
	});

	it('makes a learner who waits for an administrator when teachers need approval', () => {
		expect(signUpRole('approval', true)).toEqual({ role: 'learner', teacherRequested: true });
	});
});
