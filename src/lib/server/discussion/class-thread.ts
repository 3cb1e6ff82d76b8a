// The class scope: a class's own thread for each prompt of an article assigned to it, read by
// the class alone (anyone else: 404) and moderated by its teacher.
import { error } from '@sveltejs/kit';
import { openClass } from '../classroom-access';
import { openClassThread } from '../classroom-discussion';
import { database } from '../db';
import type { ThreadScopeKind } from './scope';
import { suspensionsIn } from './threads';

type ClassPage = {
	cls: { id: string; name: string; timeZone: string };
	article: { id: string; slug: string; title: string };
};

export const classThread: ThreadScopeKind<ClassPage> = {
	async open(event) {
		const { actor, cls, relation } = await openClass(event, event.params.id ?? '', 'class.view');
		const { article = '', n = '' } = event.params;
		const opened = await openClassThread(database().db, cls.id, article, n);
		if (!opened) error(404, 'Not found');
		return {
			actor,
			thread: opened.thread,
			prompt: opened.prompt,
			promptCount: opened.promptCount,
			path: opened.path,
			moderation: {
				action: 'moderation.actClass',
				relation: { classRelation: relation },
				denyStatus: 404
			},
			page: {
				cls: { id: cls.id, name: cls.name, timeZone: cls.timeZone },
				article: opened.article
			}
		};
	},
	// The site-wide suspension and the one this class's teacher set.
	async suspensions(_event, { actor, thread }) {
		return suspensionsIn(database().db, actor!.id, thread.scope);
	},
	offersSignIn: false,
	notices: {
		held: 'Your post waits for your teacher’s approval.',
		reported: 'Thank you: your teacher will look at your report.',
		hidden:
			'Thank you. Several people reported this post, so it is hidden until your teacher reviews it.',
		locked: 'The discussion is locked: only the teacher can post.'
	}
};
