import { describe, expect, it } from 'vitest';
import { describeAuditEntry } from './describe';

const id = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe('an audit entry in words', () => {
	it('names a role change with the person and the new role, never the code', () => {
		const what = describeAuditEntry(
			{ action: 'user.role', targetType: 'user', targetId: id, details: { role: 'teacher' } },
			{ name: 'Ada Lovelace' }
		);
		expect(what.text).toBe('Changed the role of Ada Lovelace to Teacher');
		expect(what.text).not.toContain('user.role');
		expect(what.text).not.toContain(id.slice(0, 8));
	});

	it('says what moderators did to posts and discussions, with a link to them', () => {
		const hid = describeAuditEntry(
			{ action: 'hide', targetType: 'post', targetId: id },
			{ name: 'a post by Sam', href: '/lessons/x/discuss/1/post/p' }
		);
		expect(hid).toMatchObject({
			verb: 'Hid',
			target: 'a post by Sam',
			href: '/lessons/x/discuss/1/post/p',
			text: 'Hid a post by Sam'
		});
		expect(describeAuditEntry({ action: 'lock', targetType: 'thread', targetId: id }).text).toBe(
			'Locked a discussion'
		);
	});

	it('says how long a suspension lasts and where it applies', () => {
		const site = describeAuditEntry(
			{
				action: 'suspend',
				targetType: 'user',
				targetId: id,
				details: { suspendedUntil: '2026-03-09T09:05:00.000Z', duration: '7d' }
			},
			{ name: 'Troll' }
		);
		expect(site.text).toBe('Suspended Troll for 7 days, until 9 Mar 2026, 09:05 UTC, everywhere');
		const inClass = describeAuditEntry(
			{
				action: 'suspend',
				targetType: 'user',
				targetId: id,
				details: { duration: '1d', classId: id, className: '7B' }
			},
			{ name: 'Kid' }
		);
		expect(inClass.text).toBe('Suspended Kid for 1 day, in 7B only');
	});

	it('describes imports, publishing and hand-overs from what the entry recorded', () => {
		expect(
			describeAuditEntry({
				action: 'article.import',
				targetType: 'article',
				targetId: id,
				details: { title: 'On Rivers', outcome: 'created', source: 'cli' }
			}).text
		).toBe('Imported “On Rivers” new article, from the command line');
		expect(
			describeAuditEntry(
				{ action: 'article.publish', targetType: 'article', targetId: id },
				{ name: '“On Rivers”', href: '/lessons/on-rivers' }
			).text
		).toBe('Published “On Rivers”');
		expect(
			describeAuditEntry({
				action: 'class.handOver',
				targetType: 'class',
				targetId: id,
				details: { className: '7B', toName: 'Ms Ray' }
			}).text
		).toBe('Handed over 7B to Ms Ray');
	});

	it('says a target is gone rather than showing its id, and never hides an unknown action', () => {
		expect(
			describeAuditEntry({ action: 'user.disable', targetType: 'user', targetId: id }).text
		).toBe('Disabled the account of someone since deleted');
		const unknown = describeAuditEntry({ action: 'x.new', targetType: 'widget', targetId: id });
		expect(unknown.text).toBe(`Did “x.new” to widget ${id.slice(0, 8)}`);
	});
});
