import { describe, expect, it } from 'vitest';
import { ACCESS, actions, can, subjects, type Actor, type Subject } from './index';

const actorFor = (subject: Subject): Actor | null =>
	subject === 'anonymous'
		? null
		: subject === 'guest'
			? { id: 'u-guest', role: 'learner', isGuest: true }
			: { id: `u-${subject}`, role: subject, isGuest: false };

// The expected answer for every subject × action, written out independently of ACCESS:
// A = allowed outright, - = denied, S = own resource only, T = class teacher, M = class member,
// C = class teacher or member. Columns: anonymous guest learner teacher moderator admin.
const EXPECTED: Record<(typeof actions)[number], string> = {
	'article.read': 'A A A A A A',
	'progress.record': 'A A A A A A',
	'quiz.take': 'A A A A A A',
	'review.use': 'A A A A A A',
	'account.manage': '- - A A A A',
	'apiToken.manage': '- - - A - A',
	'apiToken.revoke': '- - S S S S',
	'thread.read': 'A A A A A A',
	'post.create': '- - A A A A',
	'post.edit': '- - S S S S',
	'post.delete': '- - S S S S',
	'post.report': '- - A A A A',
	'moderation.view': '- - - A A A',
	'moderation.actPublic': '- - - - A A',
	'moderation.actClass': '- - T T T T',
	'suspension.site': '- - - - A A',
	'suspension.class': '- - T T T T',
	'audit.read': '- - - - - A',
	'admin.view': '- - - - - A',
	'user.manage': '- - - - - A',
	'article.manage': '- - - - - A',
	'lti.manage': '- - - - - A',
	'article.import': '- - - A - A',
	'article.edit': '- - - S - A',
	'class.create': '- - - A - A',
	'class.join': '- - A - - -',
	'class.view': '- - C C C C',
	'class.manage': '- - T T T T',
	'class.results': '- - M M M M',
	'gradebook.read': '- - T T T T'
};

describe('the access table', () => {
	it('has an entry for every action and every subject', () => {
		expect(Object.keys(ACCESS).sort()).toEqual([...actions].sort());
		for (const action of actions)
			expect(Object.keys(ACCESS[action]).sort()).toEqual([...subjects].sort());
	});

	for (const action of actions) {
		describe(action, () => {
			const codes = EXPECTED[action].split(' ');
			subjects.forEach((subject, i) => {
				const code = codes[i];
				const actor = actorFor(subject);
				it(`${subject}: ${code}`, () => {
					const own = { ownerId: actor?.id ?? 'nobody' };
					const other = { ownerId: 'someone-else' };
					const teacher = { classRelation: 'teacher' as const };
					const member = { classRelation: 'member' as const };
					const stranger = { classRelation: null };
					const results = [own, other, teacher, member, stranger].map((r) => can(actor, action, r));
					const expected = {
						A: [true, true, true, true, true],
						'-': [false, false, false, false, false],
						S: [true, false, false, false, false],
						T: [false, false, true, false, false],
						M: [false, false, false, true, false],
						C: [false, false, true, true, false]
					}[code!];
					expect(results).toEqual(expected);
				});
			});
		});
	}

	it('never lets an anonymous visitor claim ownership of a resource without an owner', () => {
		expect(can(null, 'post.edit', { ownerId: undefined })).toBe(false);
		expect(can({ id: 'x', role: 'learner', isGuest: false }, 'post.edit', {})).toBe(false);
	});
});
