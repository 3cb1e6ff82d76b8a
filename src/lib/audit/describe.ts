/**
 * An audit-log entry in words, as /admin and /moderation show it: what was done, to whom or
 * what (by name, with a link where one helps), and the details that matter (a new role, when a
 * suspension ends). Pure: the caller looks up the names of the targets (`AuditTarget`).
 */
import { roleNames } from '../access';

/** An entry as the audit log stores it. */
export interface AuditRecord {
	action: string;
	targetType: string;
	targetId: string;
	details?: Record<string, unknown> | null;
}

/** What the entry acted on, as the caller found it now (`null`: gone, or never looked up). */
export interface AuditTarget {
	name: string;
	href?: string | null;
}

export interface AuditDescription {
	/** "Changed the role of", "Hid", "Published"… */
	verb: string;
	/** The target in words: "Ada Lovelace", "a post by Ada Lovelace", "“The article”". */
	target: string;
	/** Where the target can be seen, if anywhere. */
	href: string | null;
	/** What followed: "to Teacher", "until 2 Mar 2026, 09:05 UTC", "in class 7B". */
	detail: string | null;
	/** The whole line, for places that show one string. */
	text: string;
}

const roleWords: Record<string, string> = roleNames;

const durationWords: Record<string, string> = { '1d': '1 day', '7d': '7 days', '30d': '30 days' };

const str = (value: unknown): string | null =>
	typeof value === 'string' && value.length > 0 ? value : null;

/** What is said of a target that could not be found (deleted since, or never named). */
const fallbackTarget: Record<string, string> = {
	user: 'someone since deleted',
	post: 'a post',
	thread: 'a discussion',
	article: 'an article',
	class: 'a class',
	apiToken: 'an API token'
};

type Phrase = { verb: string; detail?: (d: Record<string, unknown>) => string | null };

const utcDateTime = new Intl.DateTimeFormat('en-GB', {
	day: 'numeric',
	month: 'short',
	year: 'numeric',
	hour: '2-digit',
	minute: '2-digit',
	timeZone: 'UTC'
});
const until = (d: Record<string, unknown>) => {
	const at = str(d.suspendedUntil);
	const date = at ? new Date(at) : null;
	const end = date && !Number.isNaN(date.getTime()) ? `${utcDateTime.format(date)} UTC` : null;
	const length = durationWords[str(d.duration) ?? ''];
	const where = str(d.className)
		? `in ${str(d.className)} only`
		: d.classId
			? 'in one class only'
			: 'everywhere';
	return [length ? `for ${length}` : null, end ? `until ${end}` : null, where]
		.filter(Boolean)
		.join(', ');
};

const phrases: Record<string, Phrase> = {
	hide: { verb: 'Hid' },
	restore: { verb: 'Restored' },
	dismiss: { verb: 'Dismissed the reports on' },
	approve: { verb: 'Approved' },
	lock: { verb: 'Locked' },
	unlock: { verb: 'Unlocked' },
	suspend: { verb: 'Suspended', detail: until },
	lift: {
		verb: 'Lifted the suspension of',
		detail: (d) => (str(d.className) ? `in ${str(d.className)}` : d.classId ? 'in one class' : null)
	},
	'user.role': {
		verb: 'Changed the role of',
		detail: (d) => (roleWords[str(d.role) ?? ''] ? `to ${roleWords[str(d.role)!]}` : null)
	},
	'user.disable': { verb: 'Disabled the account of' },
	'user.enable': { verb: 'Re-enabled the account of' },
	'user.endSessions': { verb: 'Ended every session of' },
	'user.teacherApprove': { verb: 'Approved the request to teach of' },
	'user.teacherDecline': { verb: 'Declined the request to teach of' },
	'article.publish': { verb: 'Published' },
	'article.unpublish': { verb: 'Unpublished' },
	'article.import': {
		verb: 'Imported',
		detail: (d) => {
			const version = typeof d.version === 'number' ? `version ${d.version}` : null;
			const outcome =
				d.outcome === 'created'
					? 'new article'
					: d.outcome === 'updated'
						? 'updated'
						: d.outcome === 'unchanged'
							? 'no change'
							: null;
			const how = d.source === 'cli' ? 'from the command line' : null;
			return [outcome, version, how].filter(Boolean).join(', ') || null;
		}
	},
	'apiToken.revoke': {
		verb: 'Revoked',
		detail: (d) => (str(d.ownerName) ? `of ${str(d.ownerName)}` : null)
	},
	'class.handOver': {
		verb: 'Handed over',
		detail: (d) => (str(d.toName) ? `to ${str(d.toName)}` : null)
	}
};

/** The target's words when the caller found nothing: what the entry itself recorded. */
function recordedName(entry: AuditRecord): string | null {
	const d = entry.details ?? {};
	if (entry.targetType === 'class') return str(d.className);
	if (entry.targetType === 'apiToken') return str(d.name) ? `the token “${str(d.name)}”` : null;
	if (entry.targetType === 'article') return str(d.title) ? `“${str(d.title)}”` : null;
	return null;
}

/** `entry` in words; `target` is what the entry acted on, looked up by the caller. */
export function describeAuditEntry(
	entry: AuditRecord,
	target: AuditTarget | null = null
): AuditDescription {
	const phrase: Phrase = phrases[entry.action] ?? {
		verb: `Did “${entry.action}” to`
	};
	const name =
		target?.name ??
		recordedName(entry) ??
		fallbackTarget[entry.targetType] ??
		`${entry.targetType} ${entry.targetId.slice(0, 8)}`;
	const detail = phrase.detail?.(entry.details ?? {}) ?? null;
	return {
		verb: phrase.verb,
		target: name,
		href: target?.href ?? null,
		detail,
		text: [phrase.verb, name, detail].filter(Boolean).join(' ')
	};
}
