import type { Session, SessionUser } from '$lib/server/auth/session';

// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	namespace App {
		interface Error {
			message: string;
			requestId?: string;
		}
		interface Locals {
			user: SessionUser | null;
			session: Session | null;
			/** An LTI page's form posts back to the LMS here (its origin joins the page's form-action). */
			ltiFormTarget?: string;
		}
	}
}

export {};
