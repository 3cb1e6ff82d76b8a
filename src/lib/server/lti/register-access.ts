// Who may register an LMS dynamically: a signed-in administrator, or whoever holds a one-time
// registration link an administrator made in /admin/lti (the LMS opens it in its own frame,
// where the administrator's Lectern cookie may not be sent).
import { z } from 'zod';
import { can } from '../../access';
import { refuse, type Refusal } from '../../refusal';
import type { Actor } from '../../access';
import type { Database } from '../db/client';
import {
	readPlatformConfiguration,
	registerWith,
	type PlatformConfiguration
} from './registration';
import { consumeToken, issueToken, peekToken } from './tokens';

export const REGISTRATION_LINK_LIFETIME_MS = 7 * 24 * 3_600_000;

export const registerSchema = z.object({
	openid_configuration: z
		.string({ error: 'The LMS sent no openid_configuration.' })
		.min(1, 'The LMS sent no openid_configuration.')
		.max(2048),
	registration_token: z.string().max(4096).optional(),
	key: z.string().max(100).optional()
});
export type RegisterInput = z.output<typeof registerSchema>;

const NOT_ALLOWED =
	'Registering an LMS needs an administrator: open this page signed in as one, or use a registration link made in Administration → LMS.';

/** A registration link for the LMS's "tool URL" field. */
export async function makeRegistrationLink(db: Database, adminId: string, origin: string) {
	const key = await issueToken(
		db,
		'register',
		{},
		{ userId: adminId, lifetimeMs: REGISTRATION_LINK_LIFETIME_MS }
	);
	return `${origin}/lti/register?key=${key}`;
}

async function allowed(db: Database, actor: Actor | null, key: string | undefined) {
	if (can(actor, 'lti.manage')) return true;
	return key ? (await peekToken(db, key, 'register')) !== undefined : false;
}

export type RegisterView = { ok: true; configuration: PlatformConfiguration } | Refusal;

export async function prepareRegistration(
	db: Database,
	actor: Actor | null,
	input: RegisterInput
): Promise<RegisterView> {
	if (!(await allowed(db, actor, input.key))) return refuse(403, NOT_ALLOWED);
	return readPlatformConfiguration(input.openid_configuration);
}

export async function completeRegistration(
	db: Database,
	actor: Actor | null,
	input: RegisterInput,
	origin: string
) {
	if (!(await allowed(db, actor, input.key))) return refuse(403, NOT_ALLOWED);
	const read = await readPlatformConfiguration(input.openid_configuration);
	if (!read.ok) return read;
	if (!can(actor, 'lti.manage') && !(await consumeToken(db, input.key!, 'register'))) {
		return refuse(403, NOT_ALLOWED);
	}
	return registerWith(db, read.configuration, input.registration_token, origin);
}
