import { classThread } from '$lib/server/discussion/class-thread';
import { threadPermalink } from '$lib/server/discussion/thread-page';

/** A post's permalink: sent on to the page of the class thread that shows it, at its place. */
export const GET = threadPermalink(classThread, 'postId');
