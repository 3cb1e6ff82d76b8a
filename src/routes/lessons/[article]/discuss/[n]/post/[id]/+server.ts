import { publicThread } from '$lib/server/discussion/public-thread';
import { threadPermalink } from '$lib/server/discussion/thread-page';

/** A post's permalink: sent on to the page of the public thread that shows it, at its place. */
export const GET = threadPermalink(publicThread, 'id');
