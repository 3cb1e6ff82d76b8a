import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { roles } from '$lib/access';
import { suspensionRefusal } from '$lib/access/suspension';
import {
	activeSuspensionsOf,
	answerTeacherRequest,
	endSessions,
	changeRole,
	importArticleAudited,
	listAllArticles,
	listTeacherRequests,
	setArticleStatus,
	setDisabled
} from '$lib/server/admin';
import { articleFromForm } from '$lib/server/article-upload';
import { listAllApiTokens, revokeApiTokenAsAdmin } from '$lib/server/api-tokens';
import { recentAudit } from '$lib/server/audit';
import { authorize } from '$lib/server/auth/actor';
import { database } from '$lib/server/db';
import { refuse } from '$lib/refusal';
import { parseForm, refused } from '$lib/server/forms';
import { applyModeration, checkSuspension } from '$lib/server/moderation';
import { searchUsers } from '$lib/server/users';
import { adminAction } from './admin-action';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	authorize(event, 'admin.view');
	const q = (event.url.searchParams.get('q') ?? '').slice(0, 100);
	const { db } = database();
	const [users, articles, audit, teacherRequests, apiTokens] = await Promise.all([
		searchUsers(db, q),
		listAllArticles(db),
		recentAudit(db, 30),
		listTeacherRequests(db),
		listAllApiTokens(db)
	]);
	const suspended = await activeSuspensionsOf(
		db,
		users.map((u) => u.id)
	);
	return {
		q,
		users: users.map((u) => ({ ...u, suspendedUntil: suspended.get(u.id) ?? null })),
		articles,
		audit,
		teacherRequests,
		apiTokens,
		me: event.locals.user!.id
	};
};

const userTarget = z.object({ userId: z.uuid('Choose a user.') });
const roleForm = userTarget.extend({
	role: z.enum(roles, { error: 'Choose a role.' }),
	// A change of role is asked twice: the first submit shows what it means, `confirm=yes` does it.
	confirm: z.literal('yes', { error: 'Confirm the change of role with its button.' }).optional()
});
const tokenForm = z.object({ tokenId: z.uuid('Choose a token.') });
const articleForm = z.object({
	articleId: z.uuid('Choose an article.'),
	status: z.enum(['published', 'draft'])
});

export const actions: Actions = {
	role: async (event) => {
		authorize(event, 'user.manage');
		const admin = event.locals.user!;
		const parsed = parseForm(roleForm, await event.request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors });
		const { userId, role, confirm } = parsed.data;
		if (userId === admin.id)
			return fail(400, { errors: { form: 'You cannot change your own account here.' } });
		const result = await changeRole(database().db, admin, {
			userId,
			role,
			confirmed: confirm === 'yes'
		});
		if (!result.ok) return refused(result);
		return result.done
			? { done: true, roleChanged: result.change }
			: { confirmRole: result.change };
	},
	disable: adminAction('user.manage', userTarget, (db, admin, d) =>
		setDisabled(db, admin, d.userId, true)
	),
	enable: adminAction('user.manage', userTarget, (db, admin, d) =>
		setDisabled(db, admin, d.userId, false)
	),
	endSessions: adminAction('user.manage', userTarget, (db, admin, d) =>
		endSessions(db, admin, d.userId)
	),
	approveTeacher: adminAction('user.manage', userTarget, (db, admin, d) =>
		answerTeacherRequest(db, admin, d.userId, true)
	),
	declineTeacher: adminAction('user.manage', userTarget, (db, admin, d) =>
		answerTeacherRequest(db, admin, d.userId, false)
	),
	/** Ends a site-wide suspension early: the moderation rule and audit, from the user list. */
	liftSuspension: async (event) => {
		const actor = authorize(event, 'user.manage')!;
		const parsed = parseForm(userTarget, await event.request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors });
		const { db } = database();
		const command = { action: 'lift', userId: parsed.data.userId } as const;
		const decision = await checkSuspension(db, actor, command);
		if (!decision.ok) {
			if (decision.reason === 'access') error(403, 'You do not have access to this page.');
			return refused(suspensionRefusal(decision));
		}
		const result = await applyModeration(db, event.locals.user!, command);
		if (!result.ok) return refused(result);
		return { done: true };
	},
	revokeToken: adminAction('user.manage', tokenForm, async (db, admin, d) =>
		(await revokeApiTokenAsAdmin(db, admin, d.tokenId))
			? { ok: true }
			: refuse(404, 'There is no such token: it may be revoked already.')
	),
	publish: adminAction('article.manage', articleForm, (db, admin, d) =>
		setArticleStatus(db, admin, d.articleId, d.status)
	),
	import: async (event) => {
		authorize(event, 'article.manage');
		const upload = await articleFromForm(await event.request.formData());
		if (!upload.ok) return refused(upload);
		const { article } = upload;
		const result = await importArticleAudited(database().db, event.locals.user!, 'admin', article);
		return { imported: { slug: result.slug, outcome: result.outcome, warnings: article.warnings } };
	}
};
