// OIDC login initiation (LTI 1.3): the LMS sends the browser here, by GET or POST, before a
// launch; Lectern stores a state and nonce and sends the browser on to the LMS's login.
import { error, fail, redirect, type Cookies } from '@sveltejs/kit';
import { database } from '$lib/server/db';
import { STATE_COOKIE, beginLogin } from '$lib/server/lti/launch';
import type { Actions, PageServerLoad } from './$types';

function rememberState(cookies: Cookies, url: URL, state: string) {
	// Where the browser keeps cookies in the LMS frame, the state is checked against this one
	// too; where it does not (third-party cookies blocked), the stored state alone is the check.
	if (url.protocol !== 'https:') return;
	cookies.set(STATE_COOKIE, state, {
		path: '/lti',
		httpOnly: true,
		secure: true,
		sameSite: 'none',
		maxAge: 600
	});
}

export const load: PageServerLoad = async ({ url, cookies }) => {
	if (url.searchParams.size === 0) return {};
	const started = await beginLogin(database().db, Object.fromEntries(url.searchParams), url.origin);
	if (!started.ok) error(started.status, started.message);
	rememberState(cookies, url, started.state);
	// An LMS that keeps state for tools (platform storage): the page stores it there, then goes on.
	if (started.storage) return { storage: started.storage, redirectTo: started.redirectTo };
	redirect(302, started.redirectTo);
};

export const actions: Actions = {
	default: async ({ request, url, cookies }) => {
		const form = await request.formData();
		const params = Object.fromEntries(
			[...form].filter((e): e is [string, string] => typeof e[1] === 'string')
		);
		const started = await beginLogin(database().db, params, url.origin);
		if (!started.ok) return fail(started.status, { errors: { form: started.message } });
		rememberState(cookies, url, started.state);
		if (started.storage) return { storage: started.storage, redirectTo: started.redirectTo };
		redirect(303, started.redirectTo);
	}
};
