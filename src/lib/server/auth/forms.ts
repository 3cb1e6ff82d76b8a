import { z } from 'zod';
import { checkbox, text } from '../forms';
import { newPasswordSchema } from './password-policy';

// Control characters and bidirectional overrides have no place in a name people read.
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;

export const displayNameSchema = text('Display name', { max: 60 }).refine(
	(v) => !UNPRINTABLE.test(v),
	'Display name cannot contain control characters.'
);

export const emailSchema = z
	.string({ error: 'E-mail is required.' })
	.trim()
	.max(254, 'That e-mail address is too long.')
	.pipe(z.email('Enter an e-mail address like name@example.org.'));

export const signUpSchema = z.object({
	email: emailSchema,
	displayName: displayNameSchema,
	password: newPasswordSchema,
	teacher: checkbox
});

export const signInSchema = z.object({
	identifier: text('E-mail or username', { max: 254 }),
	password: z
		.string({ error: 'Password is required.' })
		.min(1, 'Password is required.')
		.max(1024, 'That password is too long.')
});

export const changePasswordSchema = z
	.object({
		current: z
			.string({ error: 'Enter your current password.' })
			.min(1, 'Enter your current password.')
			.max(1024),
		password: newPasswordSchema,
		confirm: z.string({ error: 'Repeat the new password.' })
	})
	.refine((v) => v.password === v.confirm, {
		path: ['confirm'],
		message: 'The two new passwords differ.'
	});

export const profileSchema = z.object({ displayName: displayNameSchema });

export const deleteAccountSchema = z.object({
	deletePassword: z
		.string({ error: 'Enter your password to confirm.' })
		.min(1, 'Enter your password to confirm.')
		.max(1024),
	confirm: z.literal('on', {
		error: 'Tick the box to confirm that you want to delete your account.'
	})
});

/** Asking for a reset link by e-mail. */
export const forgotPasswordSchema = z.object({ email: emailSchema });

/** A new password chosen from an e-mailed link (the same NIST rules as everywhere). */
export const resetPasswordSchema = z
	.object({
		password: newPasswordSchema,
		confirm: z.string({ error: 'Repeat the new password.' }).max(1024)
	})
	.refine((v) => v.password === v.confirm, {
		path: ['confirm'],
		message: 'The two new passwords differ.'
	});
