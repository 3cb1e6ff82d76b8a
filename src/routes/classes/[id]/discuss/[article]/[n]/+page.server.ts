import { classThread } from '$lib/server/discussion/class-thread';
import { threadActions, threadLoad } from '$lib/server/discussion/thread-page';
import type { Actions } from './$types';

export const load = threadLoad(classThread);

export const actions = threadActions(classThread) satisfies Actions;
