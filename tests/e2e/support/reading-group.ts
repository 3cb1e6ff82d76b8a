// Cheaper ways to read pages for the reading, phone-width, source-mark and import specs:
// - `reader` / `noJsReader`: a page in a browser context that lives as long as the worker, so a
//   test that reads as an anonymous visitor does not pay for a new context. Each test gets it
//   with no cookies (a hidden-marks choice or a session cannot leak from one test to the next),
//   a client address of its own, the default window size and the light scheme. A test that
//   listens to its events stops listening before it ends.
// - `parseHtml`: what a page's HTML holds, read with the browser's own parser in a page that is
//   already open (no navigation, no scripts, no layout), for checks of a page's text fetched over
//   HTTP with `page.request`.
// - `requestAs` / `sessionState`: an HTTP client holding a user's session, without a browser.
import {
	test as base,
	expect,
	request as playwrightRequest,
	type APIRequestContext,
	type Browser,
	type BrowserContext,
	type Page
} from '@playwright/test';
import { baseURL, sessionState } from './actors';
export { sessionState };
import { uniqueAddress } from './fixtures';

/** Playwright's default window, which `reader` is set back to before each test. */
export const DEFAULT_VIEWPORT = { width: 1280, height: 720 };

async function longLivedContext(browser: Browser, javaScriptEnabled: boolean) {
	const context = await browser.newContext({ javaScriptEnabled, viewport: DEFAULT_VIEWPORT });
	await context.newPage();
	return context;
}

async function freshPage(context: BrowserContext) {
	await context.clearCookies();
	// A client address of its own for each test, as the suite's `test` gives (fixtures.ts).
	await context.setExtraHTTPHeaders({ 'X-Forwarded-For': uniqueAddress() });
	const page = context.pages()[0]!;
	await page.setViewportSize(DEFAULT_VIEWPORT);
	await page.emulateMedia({ colorScheme: 'light' });
	return page;
}

export const test = base.extend<
	{ reader: Page; noJsReader: Page },
	{ readerContext: BrowserContext; noJsReaderContext: BrowserContext }
>({
	readerContext: [
		async ({ browser }, use) => {
			const context = await longLivedContext(browser, true);
			await use(context);
			await context.close();
		},
		{ scope: 'worker' }
	],
	noJsReaderContext: [
		async ({ browser }, use) => {
			const context = await longLivedContext(browser, false);
			await use(context);
			await context.close();
		},
		{ scope: 'worker' }
	],
	reader: async ({ readerContext }, use) => use(await freshPage(readerContext)),
	noJsReader: async ({ noJsReaderContext }, use) => use(await freshPage(noJsReaderContext))
});
export { expect };

/**
 * Runs `look` on `html` parsed by the browser of `page` (into a detached document: nothing of it
 * runs or loads). `look` must stand alone: it is sent to the browser as source text.
 */
export async function parseHtml<R, A = undefined>(
	page: Page,
	html: string,
	look: (doc: Document, arg: A) => R,
	arg?: A
): Promise<R> {
	return page.evaluate(
		`(${look.toString()})(new DOMParser().parseFromString(${JSON.stringify(html)}, 'text/html'), ${JSON.stringify(arg ?? null)})`
	) as Promise<R>;
}

/** A page's answer over HTTP (with the cookies of `page`'s context): status and HTML. */
export async function fetchPage(page: Page | APIRequestContext, path: string) {
	const client = 'request' in page ? page.request : page;
	const response = await client.get(path);
	return { status: response.status(), html: await response.text(), response };
}

/** An HTTP client signed in as `userId` (no browser): for answers whose status or HTML is the point. */
export async function requestAs(userId: string): Promise<APIRequestContext> {
	return playwrightRequest.newContext({
		baseURL: baseURL(),
		storageState: await sessionState(userId),
		extraHTTPHeaders: { 'X-Forwarded-For': uniqueAddress(), origin: baseURL() }
	});
}
