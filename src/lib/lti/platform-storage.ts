// 1EdTech LTI platform storage, the browser's side: a tool in the LMS's frame asks the LMS's page
// (or a frame of it the LMS names) to keep or give back a value, by postMessage. Used where the
// browser keeps no cookie for the tool inside the frame.

export interface StorageRequest {
	/** `_parent`, or the name of a frame of the parent window. */
	target: string;
	/** The LMS's origin: messages go to it only and are accepted from it only. */
	origin: string;
}

/** A login's state as the LMS's page keeps it for Lectern: where, under which key, what. */
export interface KeptState extends StorageRequest {
	key: string;
	value: string;
}

function frameOf(target: string): Window | null {
	if (window.parent === window) return null;
	if (target === '_parent') return window.parent;
	try {
		return (window.parent.frames as unknown as Record<string, Window | undefined>)[target] ?? null;
	} catch {
		return null;
	}
}

/** Sends `lti.put_data` or `lti.get_data`; the LMS's answer, or null without one in time. */
export function askPlatform(
	{ target, origin }: StorageRequest,
	message: { subject: 'lti.put_data' | 'lti.get_data'; key: string; value?: string },
	timeoutMs = 2000
): Promise<{ value?: unknown; error?: unknown } | null> {
	const frame = frameOf(target);
	if (!frame) return Promise.resolve(null);
	// getRandomValues works in any context (randomUUID needs a secure one).
	const id = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) =>
		b.toString(16).padStart(2, '0')
	).join('');
	return new Promise((resolve) => {
		const done = (answer: { value?: unknown; error?: unknown } | null) => {
			clearTimeout(timer);
			window.removeEventListener('message', listen);
			resolve(answer);
		};
		const listen = (event: MessageEvent) => {
			const data = event.data as { subject?: unknown; message_id?: unknown } | null;
			if (event.origin !== origin || !data || data.message_id !== id) return;
			if (data.subject !== `${message.subject}.response`) return;
			done(data as { value?: unknown; error?: unknown });
		};
		const timer = setTimeout(() => done(null), timeoutMs);
		window.addEventListener('message', listen);
		frame.postMessage({ ...message, message_id: id }, origin);
	});
}
