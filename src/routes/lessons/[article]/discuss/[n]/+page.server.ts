import { publicThread } from '$lib/server/discussion/public-thread';
import { threadActions, threadLoad } from '$lib/server/discussion/thread-page';
import type { Actions } from './$types';

export const load = threadLoad(publicThread);

export const actions = threadActions(publicThread) satisfies Actions;
