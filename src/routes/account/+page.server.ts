import { fail, redirect } from '@sveltejs/kit';
import { can } from '$lib/access';
import { changePassword, confirmPassword, renameUser } from '$lib/server/account';
import {
	apiTokenIdSchema,
	apiTokenNameSchema,
	createApiToken,
	listApiTokens,
	revokeApiToken
} from '$lib/server/api-tokens';
import { authorize } from '$lib/server/auth/actor';
import { listTaughtClasses } from '$lib/server/classroom';
import { changePasswordSchema, deleteAccountSchema, profileSchema } from '$lib/server/auth/forms';
import { deleteSessionCookie } from '$lib/server/auth/session';
import { database } from '$lib/server/db';
import {
	hiddenPostsOf,
	markRepliesSeen,
	newRepliesTo,
	repliesSeenAt
} from '$lib/server/discussion';
import { parseForm, refused } from '$lib/server/forms';
import { nextQuery, safeNext } from '$lib/server/redirects';
import { deleteAccount } from '$lib/server/users';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = authorize(event, 'account.manage', { ownerId: event.locals.user?.id });
	const user = event.locals.user!;
	// Replies to the person's posts since their last visit; seeing the list here marks them seen.
	const { db } = database();
	const since = await repliesSeenAt(db, user.id);
	const replies = await newRepliesTo(db, user.id, since);
	if (replies.count > 0) await markRepliesSeen(db, user.id);
	return {
		replies: { ...replies, since },
		// The person's posts that are hidden now, and why (the newest ten).
		hidden: await hiddenPostsOf(db, user.id),
		account: {
			id: actor!.id,
			email: user.email,
			username: user.username,
			displayName: user.displayName,
			role: user.role,
			mustChangePassword: user.mustChangePassword
		},
		// Personal API tokens: teachers and admins create them; anyone lists and revokes their own
		// (a demoted teacher's too).
		apiTokens: user.mustChangePassword ? null : await listApiTokens(db, actor!.id),
		mayCreateTokens: can(actor, 'apiToken.manage'),
		saved: event.url.searchParams.get('saved'),
		// The page a one-time-password account asked for, reached once the password is changed.
		passwordNext: nextQuery(event.url),
		// What deleting the account would do to the classes the person teaches.
		taughtClasses: (await listTaughtClasses(db, user.id)).map((c) => ({
			id: c.id,
			name: c.name,
			archived: c.archivedAt !== null
		}))
	};
};

export const actions: Actions = {
	/** A new API token, shown in this response only: it is never stored or shown again. */
	createToken: async (event) => {
		const actor = authorize(event, 'apiToken.manage')!;
		const parsed = parseForm(apiTokenNameSchema, await event.request.formData());
		if (!parsed.ok) return fail(400, { action: 'createToken', errors: parsed.errors });
		const created = await createApiToken(database().db, actor.id, parsed.data.tokenName);
		if (!created.ok) return refused(created, { action: 'createToken' });
		return { newToken: { name: parsed.data.tokenName, token: created.token } };
	},
	revokeToken: async (event) => {
		const actor = authorize(event, 'apiToken.revoke', { ownerId: event.locals.user?.id })!;
		const parsed = parseForm(apiTokenIdSchema, await event.request.formData());
		if (!parsed.ok) return fail(400, { action: 'revokeToken', errors: parsed.errors });
		await revokeApiToken(database().db, actor.id, parsed.data.tokenId);
		redirect(303, '/account?saved=token#api-tokens');
	},
	profile: async (event) => {
		const actor = authorize(event, 'account.manage', { ownerId: event.locals.user?.id })!;
		const parsed = parseForm(profileSchema, await event.request.formData());
		if (!parsed.ok) return fail(400, { action: 'profile', errors: parsed.errors });
		await renameUser(database().db, actor.id, parsed.data.displayName);
		redirect(303, '/account?saved=profile');
	},
	password: async (event) => {
		const actor = authorize(event, 'account.manage', { ownerId: event.locals.user?.id })!;
		const parsed = parseForm(changePasswordSchema, await event.request.formData());
		if (!parsed.ok) return fail(400, { action: 'password', errors: parsed.errors });
		const { db } = database();
		const check = await confirmPassword(db, actor.id, parsed.data.current);
		if (!check.ok) return refused({ ...check, field: 'current' }, { action: 'password' });
		if (parsed.data.current === parsed.data.password) {
			return fail(400, {
				action: 'password',
				errors: { password: 'Choose a password different from the current one.' }
			});
		}
		await changePassword(db, actor.id, parsed.data.password, event.locals.session!.id);
		redirect(303, safeNext(event.url, '/account?saved=password'));
	},
	delete: async (event) => {
		const actor = authorize(event, 'account.manage', { ownerId: event.locals.user?.id })!;
		const parsed = parseForm(deleteAccountSchema, await event.request.formData());
		if (!parsed.ok) return fail(400, { action: 'delete', errors: parsed.errors });
		const { db } = database();
		const check = await confirmPassword(db, actor.id, parsed.data.deletePassword);
		if (!check.ok) return refused({ ...check, field: 'deletePassword' }, { action: 'delete' });
		const deleted = await deleteAccount(db, actor.id);
		if (!deleted.ok) {
			return fail(409, {
				action: 'delete',
				errors: {
					form:
						deleted.reason === 'classes-in-use'
							? `You still teach ${deleted.classes.map((c) => `“${c.name}”`).join(', ')}. Hand each class to another teacher or archive it, then delete your account.`
							: 'Your archived classes need someone to keep them, and there is no other administrator to take them. Hand them to another teacher first.'
				}
			});
		}
		deleteSessionCookie(event.cookies);
		redirect(303, '/?deleted=1');
	}
};
