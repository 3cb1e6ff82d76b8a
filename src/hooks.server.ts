import { randomUUID } from 'node:crypto';
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { bundledArticles } from './content/articles';
import { connect } from '$lib/server/db';
import { prepareDatabase } from '$lib/server/startup';

export const init: ServerInit = async () => {
	await prepareDatabase(await connect(), bundledArticles);
};

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const h = response.headers;
	h.set('X-Content-Type-Options', 'nosniff');
	h.set('Referrer-Policy', 'strict-origin-when-cross-origin');
	h.set('X-Frame-Options', 'DENY');
	h.set(
		'Permissions-Policy',
		'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()'
	);
	h.set('Cross-Origin-Opener-Policy', 'same-origin');
	return response;
};

export const handle = sequence(securityHeaders);

/** Unexpected errors are logged once, with an id the person can quote; they see a calm page. */
export const handleError: HandleServerError = ({ error, event, status }) => {
	const requestId = randomUUID();
	if (status !== 404)
		console.error(`[${requestId}] ${event.request.method} ${event.url.pathname}`, error);
	return { message: status === 404 ? 'Not found' : 'Something went wrong on our side.', requestId };
};
