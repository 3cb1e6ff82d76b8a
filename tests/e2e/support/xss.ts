// The stored-XSS suite's machinery (tests/e2e/xss.spec.ts): the payload corpus, a seeding
// client for the e2e database, sessions without the sign-in form, browser contexts that
// notice any script a payload manages to run, and the audit run in every page opened.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createClient, type Client, type InStatement } from '@libsql/client';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { E2E_DATABASE_URL, SESSION_COOKIE, expect, uniqueAddress } from './fixtures';

export interface Payload {
	source: string;
	payload: string;
}

/** tests/fixtures/xss/payloads.json: public XSS cheat-sheet data and Lectern's own cases. */
export const PAYLOADS: readonly Payload[] = JSON.parse(
	readFileSync(new URL('../../fixtures/xss/payloads.json', import.meta.url), 'utf8')
);

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Payloads a form would take as they are: one line, no control characters, at most `max` long. */
export function typeable(max: number): string[] {
	return PAYLOADS.map((p) => p.payload.trim()).filter(
		(p) => p.length > 0 && p.length <= max && !CONTROL.test(p)
	);
}

/** The e2e database, for seeding in bulk: one client, statements sent in write batches. */
export class Seeder {
	// The server writes to the same file meanwhile: wait for its write lock, as it waits for ours.
	readonly client: Client = createClient({ url: E2E_DATABASE_URL, timeout: 10_000 });

	async run(statements: InStatement[]) {
		for (let i = 0; i < statements.length; i += 400) {
			await this.client.batch(statements.slice(i, i + 400), 'write');
		}
	}

	async rows(sql: string, args: (string | number | null)[] = []) {
		return (await this.client.execute({ sql, args })).rows;
	}

	async value(sql: string, args: (string | number | null)[] = []) {
		const [row] = await this.rows(sql, args);
		if (!row) throw new Error(`no row for ${sql} ${JSON.stringify(args)}`);
		return row[0];
	}

	/** A session for `userId`, as the sign-in form would make it; returns the cookie's token. */
	async session(userId: string): Promise<string> {
		return (await this.sessions([userId]))[0]!;
	}

	/** Sessions for many users in one batch (tokens in the order given). */
	async sessions(userIds: string[]): Promise<string[]> {
		const tokens = userIds.map(() => randomBytes(20).toString('hex'));
		await this.run(
			userIds.map((userId, i) => ({
				sql: 'INSERT INTO sessions (id, user_id, expires_at) VALUES (?, ?, ?)',
				args: [
					createHash('sha256').update(tokens[i]!).digest('hex'),
					userId,
					Date.now() + 29 * 24 * 3600 * 1000
				]
			}))
		);
		return tokens;
	}

	close() {
		this.client.close();
	}
}

export const newId = () => randomUUID();

/**
 * Runs in every frame before the page's own scripts: `window.__xss` counts every call to
 * alert/confirm/prompt/print (and to document.write and string timers, which no page of
 * Lectern uses) so that a payload that runs anything is caught even if it opens no dialog.
 */
function sentinel() {
	const w = window as unknown as Record<string, unknown> & {
		__xss: number;
		__xssLog: string[];
	};
	w.__xss = 0;
	w.__xssLog = [];
	const hit = (what: string, args: unknown[]) => {
		const entry = `${what}(${args.map((a) => String(a).slice(0, 80)).join(', ')})`;
		// A frame's script counts against the page that holds it (when the page can see it).
		for (const target of new Set([w, window.top as unknown as typeof w])) {
			try {
				target.__xss++;
				target.__xssLog.push(entry);
			} catch {
				// a cross-origin top window: the frame's own count still rises
			}
		}
	};
	const trap = (target: object, name: string, result: unknown = undefined) => {
		Object.defineProperty(target, name, {
			configurable: false,
			writable: false,
			value: (...args: unknown[]) => {
				hit(name, args);
				return result;
			}
		});
	};
	trap(w, 'alert');
	trap(w, 'confirm', false);
	trap(w, 'prompt', null);
	trap(w, 'print');
	// (Not eval: Playwright's own page.evaluate goes through it.)
	trap(Document.prototype, 'write');
	trap(Document.prototype, 'writeln');
	for (const name of ['setTimeout', 'setInterval'] as const) {
		const original = window[name] as (...args: unknown[]) => number;
		Object.defineProperty(w, name, {
			configurable: false,
			writable: false,
			value: (handler: unknown, ...rest: unknown[]) => {
				if (typeof handler === 'string') {
					hit(name, [handler]);
					return 0;
				}
				return original.call(window, handler, ...rest);
			}
		});
	}
}

export interface AuditOptions {
	/** Strings the page must show as text (whitespace-insensitive): the payloads it displays. */
	texts?: string[];
}

export interface AuditResult {
	url: string;
	xss: number;
	xssLog: string[];
	problems: string[];
	missing: string[];
}

/**
 * Runs in the page: everything in the DOM that a payload could have put there. Self-contained
 * (Playwright sends its source to the browser).
 */
async function auditPage({ texts = [] }: AuditOptions): Promise<AuditResult> {
	// Let anything a payload queued (an error handler, a focus event) run first.
	await new Promise<void>((done) => {
		const channel = new MessageChannel();
		channel.port1.onmessage = () => done();
		channel.port2.postMessage(0);
	});
	const problems: string[] = [];
	const show = (el: Element) => el.outerHTML.slice(0, 160);
	// Every element Lectern's own templates use; anything else came from somewhere else.
	const pageTags = new Set(
		(
			'html head meta title link script body div span header nav main footer section article ' +
			'aside ul ol li a p h1 h2 h3 h4 h5 h6 strong em b i small code pre blockquote q br hr ' +
			'table caption thead tbody tfoot tr th td colgroup col figure figcaption details summary ' +
			'form fieldset legend label input select option optgroup textarea button output time ' +
			'progress meter dl dt dd del ins abbr mark sup sub kbd s u wbr cite ' +
			'svg g rect line text tspan title desc path circle polyline'
		).split(' ')
	);
	// renderPost's allow-list (src/lib/discussion/markdown.ts).
	const postTags = new Set(
		'p br strong em del code pre blockquote ul ol li a hr table thead tbody tr th td'.split(' ')
	);
	const postAttributes: Record<string, string[]> = {
		a: ['href', 'rel'],
		code: ['class'],
		ol: ['start']
	};
	const urlAttributes = new Set(
		(
			'href src action formaction xlink:href background poster data codebase dynsrc lowsrc ' +
			'srcset ping cite longdesc usemap manifest icon classid archive to from values by'
		).split(' ')
	);
	// Attributes whose values Lectern makes from ids, slugs and fixed words, never from text.
	const structuralAttributes = new Set(
		'class id href for name type rel role method action aria-labelledby aria-describedby'.split(' ')
	);
	const squash = (v: string) =>
		v
			.replace(
				// eslint-disable-next-line no-control-regex
				/[\u0000-\u0020\u007f-\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]/g,
				''
			)
			.toLowerCase();
	const all: Element[] = [];
	const collect = (root: ParentNode) => {
		for (const el of root.querySelectorAll('*')) {
			all.push(el);
			if (el instanceof HTMLTemplateElement) collect(el.content);
			if (el.shadowRoot) collect(el.shadowRoot);
		}
	};
	collect(document);

	for (const el of all) {
		const tag = el.localName.toLowerCase();
		// SvelteKit inlines the stylesheets in the head (kit.inlineStyleThreshold; their hashes
		// are in the CSP): the head holds no user text but the title and the description.
		const inlinedStyle = tag === 'style' && el.parentElement === document.head;
		if ((!pageTags.has(tag) && !inlinedStyle) || el instanceof HTMLUnknownElement) {
			problems.push(`an element no template makes: ${show(el)}`);
		}
		for (const attr of el.attributes) {
			const name = attr.name.toLowerCase();
			const value = squash(attr.value);
			if (name.startsWith('on')) problems.push(`an event handler attribute: ${show(el)}`);
			if (
				(urlAttributes.has(name) || name.endsWith(':href')) &&
				/^(javascript|vbscript|livescript|mocha|data):/.test(value)
			) {
				problems.push(`a script or data URL in ${name}: ${show(el)}`);
			}
			// Markup inside a structural attribute: the page's own tags were swallowed into it (an
			// attribute left open by stored HTML), so the document no longer has its shape.
			// (A fenced block's info string is the author's text, one word: checked below.)
			const infoString = name === 'class' && tag === 'code' && el.closest('.post-body');
			if (structuralAttributes.has(name) && !infoString && /<[a-z/!]/i.test(attr.value)) {
				problems.push(`markup inside a ${name} attribute: ${show(el)}`);
			}
			if (name === 'srcdoc' || name === 'formaction' || name === 'http-equiv') {
				problems.push(`a ${name} attribute: ${show(el)}`);
			}
			if (
				name === 'style' &&
				/javascript:|expression\(|url\(|behavior|binding|@import/.test(value)
			) {
				problems.push(`a style attribute that loads or runs something: ${show(el)}`);
			}
		}
	}

	// Scripts: SvelteKit's module files from /_app/, and its one inline start-up script.
	let kitInline = 0;
	for (const script of document.querySelectorAll('script')) {
		if (script.hasAttribute('src')) {
			const url = new URL(script.src, location.href);
			if (url.origin !== location.origin || !url.pathname.startsWith('/_app/')) {
				problems.push(`a script from elsewhere: ${show(script)}`);
			}
		} else if (
			script.type === 'application/json' &&
			script.hasAttribute('data-sveltekit-fetched')
		) {
			continue;
		} else if (/__sveltekit_\w+\s*=/.test(script.text) && kitInline++ === 0) {
			continue;
		} else {
			problems.push(`an inline script that is not SvelteKit's: ${show(script)}`);
		}
	}
	for (const link of document.querySelectorAll('link')) {
		if (link.closest('body')) problems.push(`a link element in the body: ${show(link)}`);
		else if (new URL(link.href, location.href).origin !== location.origin) {
			problems.push(`a link element to elsewhere: ${show(link)}`);
		}
	}
	for (const a of document.querySelectorAll('a[href], area[href]')) {
		const protocol = new URL((a as HTMLAnchorElement).href, location.href).protocol;
		if (!['http:', 'https:', 'mailto:'].includes(protocol)) {
			problems.push(`a link with the ${protocol} scheme: ${show(a)}`);
		}
	}
	for (const form of document.querySelectorAll('form')) {
		if (new URL(form.action, location.href).origin !== location.origin) {
			problems.push(`a form that posts elsewhere: ${show(form)}`);
		}
	}
	for (const meta of document.querySelectorAll('meta')) {
		if (meta.closest('body')) problems.push(`a meta element in the body: ${show(meta)}`);
	}

	// Post bodies: exactly renderPost's tags and attributes, links with its rel.
	for (const body of document.querySelectorAll('.post-body')) {
		for (const el of body.querySelectorAll('*')) {
			const tag = el.localName.toLowerCase();
			if (!postTags.has(tag)) problems.push(`a post body holds <${tag}>: ${show(el)}`);
			for (const attr of el.attributes) {
				if (!(postAttributes[tag] ?? []).includes(attr.name)) {
					problems.push(`a post body holds a ${attr.name} attribute: ${show(el)}`);
				}
			}
			// A fenced block's info string becomes one `language-…` class (inert, but no more).
			if (tag === 'code' && el.hasAttribute('class')) {
				const classes = [...el.classList];
				if (classes.length !== 1 || !classes[0]!.startsWith('language-')) {
					problems.push(`a post body holds a code class that is not a language: ${show(el)}`);
				}
			}
			if (tag === 'a' && el.hasAttribute('href')) {
				const rel = (el.getAttribute('rel') ?? '').split(/\s+/);
				if (!['nofollow', 'ugc', 'noopener'].every((r) => rel.includes(r))) {
					problems.push(`a post link without rel="nofollow ugc noopener": ${show(el)}`);
				}
			}
		}
	}

	// The text the page shows, outside scripts, with form values and meta descriptions.
	const norm = (v: string) =>
		v
			// eslint-disable-next-line no-control-regex
			.replace(/[\u0000\ufffd]/g, '')
			.replace(/\s+/g, ' ')
			.trim();
	const parts: string[] = [document.title, '\n'];
	const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
		acceptNode: (node) =>
			node.parentElement?.closest('script, style, template')
				? NodeFilter.FILTER_REJECT
				: NodeFilter.FILTER_ACCEPT
	});
	while (walker.nextNode()) parts.push(walker.currentNode.nodeValue ?? '');
	for (const field of document.querySelectorAll('input, textarea')) {
		parts.push('\n', (field as HTMLInputElement).value, '\n');
	}
	for (const meta of document.querySelectorAll('meta[content]')) {
		parts.push('\n', meta.getAttribute('content') ?? '', '\n');
	}
	const shown = norm(parts.join(''));
	// SQLite hands text back up to its first NUL: a payload with one shows only what precedes it.
	const missing = texts.filter((t) => !shown.includes(norm(t.split('\u0000')[0]!)));

	const w = window as unknown as { __xss?: number; __xssLog?: string[] };
	return {
		url: location.pathname + location.search,
		xss: w.__xss ?? -1,
		xssLog: w.__xssLog ?? [],
		problems,
		missing
	};
}

/**
 * A person's browser context with every alarm wired: dialogs, uncaught errors, pop-ups,
 * requests that leave the app, console errors (Content-Security-Policy reports counted
 * apart). The page's CSP would stop most injected script on its own; the suite proves that
 * the escaping alone already does, so by default it turns the CSP off (`bypassCSP`).
 */
export class Watched {
	readonly alarms: string[] = [];
	readonly cspReports: string[] = [];
	readonly findings: string[] = [];
	pagesAudited = 0;

	private constructor(
		readonly context: BrowserContext,
		private readonly origin: string
	) {}

	/**
	 * A context for the app at `baseURL`, signed in with `token` (see Seeder.session) if given.
	 * `enforceCsp`: keep the page's CSP (then its reports are counted, and tolerated).
	 */
	static async open(
		browser: Browser,
		baseURL: string,
		token?: string,
		{ enforceCsp = false } = {}
	): Promise<Watched> {
		const context = await browser.newContext({
			bypassCSP: !enforceCsp,
			extraHTTPHeaders: { 'X-Forwarded-For': uniqueAddress() }
		});
		const watched = new Watched(context, new URL(baseURL).origin);
		if (token) await watched.switchTo(baseURL, token);
		await context.addInitScript(sentinel);
		// Watched, not intercepted: routing would stop every request of every page for a round trip
		// to the test process (a third of this suite's time); the browser reports each request anyway.
		context.on('request', (request) => {
			if (!watched.isLocal(new URL(request.url()))) {
				watched.alarms.push(`a request left the app: ${request.url()}`);
			}
		});
		context.on('page', (page) => watched.watch(page));
		return watched;
	}

	private isLocal(url: URL) {
		return url.protocol === 'data:' || url.protocol === 'blob:' || url.origin === this.origin;
	}

	private watch(page: Page) {
		page.on('dialog', (dialog) => {
			this.alarms.push(`a ${dialog.type()} dialog opened on ${page.url()}: ${dialog.message()}`);
			void dialog.dismiss().catch(() => {});
		});
		page.on('pageerror', (error) => {
			this.alarms.push(`an uncaught error on ${page.url()}: ${error.message}`);
		});
		page.on('popup', (popup) => this.alarms.push(`a pop-up opened: ${popup.url()}`));
		page.on('console', (message) => {
			if (message.type() !== 'error') return;
			const text = message.text();
			if (/Content Security Policy/i.test(text)) this.cspReports.push(text);
			else this.alarms.push(`a console error on ${page.url()}: ${text}`);
		});
	}

	async newPage() {
		return this.context.newPage();
	}

	/** Signs the context in as someone else (replaces the session cookie). */
	async switchTo(baseURL: string, token: string) {
		await this.context.addCookies([
			{ name: SESSION_COOKIE, value: token, url: baseURL, httpOnly: true, sameSite: 'Lax' }
		]);
	}

	/**
	 * Audits the page as it is now (after a load or a client-side navigation); what is wrong is
	 * kept in `findings` under the page's address, so one test reports every page at once.
	 */
	async audit(page: Page, options: AuditOptions = {}) {
		const result = await page.evaluate(auditPage, options);
		this.pagesAudited++;
		const where = result.url;
		if (result.xss !== 0) this.findings.push(`${where}: script ran: ${result.xssLog.join('; ')}`);
		for (const p of result.problems) this.findings.push(`${where}: ${p}`);
		for (const m of result.missing) {
			this.findings.push(`${where}: does not show the payload as text: ${JSON.stringify(m)}`);
		}
		return result;
	}

	/** Opens `path`, waits for SvelteKit to hydrate it, audits it. */
	async visit(page: Page, path: string, options: AuditOptions = {}) {
		await this.load(page, path);
		return this.audit(page, options);
	}

	/** Opens `path` and waits for SvelteKit to hydrate it. */
	async load(page: Page, path: string) {
		const response = await page.goto(path);
		expect(response?.status(), `GET ${path}`).toBe(200);
		try {
			// Generous: hydrating a page of a hundred posts, each with its forms, takes a while on
			// a busy machine.
			await expect(page.locator('#svelte-announcer')).toBeAttached({ timeout: 15_000 });
		} catch (error) {
			throw new Error(`${path} did not hydrate; alarms: ${this.alarms.join(' | ') || 'none'}`, {
				cause: error
			});
		}
	}

	/**
	 * Opens each path in turn, each with its own expectations, in `page` (else in a new tab, closed
	 * after). One tab: each new tab starts a renderer of its own, and the machine's two cores are
	 * busy with the other worker anyway, so tabs side by side only cost more.
	 */
	async visitAll(paths: { path: string; texts?: string[] }[], page?: Page) {
		const tab = page ?? (await this.newPage());
		for (const next of paths) await this.visit(tab, next.path, { texts: next.texts });
		if (!page) await tab.close();
	}

	/** Every alarm and finding so far; the test fails on any. */
	expectClean(label: string) {
		console.log(
			`xss: ${label}: ${this.pagesAudited} page views audited, ${this.cspReports.length} CSP reports`
		);
		expect([...this.alarms, ...this.findings], label).toEqual([]);
	}

	async close() {
		await this.context.close();
	}
}

/**
 * What `make` returns, made once per run for every worker of it: the first worker to ask makes
 * it, the others wait for it and read it back (it must survive JSON). Playwright runs a file's
 * `beforeAll` in every worker that runs its tests; seeding the corpus twice doubled the data and
 * the admin's import for nothing. Kept beside the e2e database, which every run starts afresh.
 */
export async function oncePerRun<T>(name: string, make: () => Promise<T>, waitMs: number) {
	const dir = dirname(resolve(E2E_DATABASE_URL.replace(/^file:/, '')));
	const [claim, done, failed] = ['claim', 'json', 'failed'].map((ext) =>
		join(dir, `${name}.${ext}`)
	);
	let mine = false;
	try {
		writeFileSync(claim!, String(process.pid), { flag: 'wx' });
		mine = true;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
	}
	if (mine) {
		try {
			const made = await make();
			writeFileSync(`${done}.tmp`, JSON.stringify(made));
			renameSync(`${done}.tmp`, done!);
			return made;
		} catch (error) {
			writeFileSync(failed!, String((error as Error)?.stack ?? error));
			throw error;
		}
	}
	for (const until = Date.now() + waitMs; Date.now() < until;) {
		if (existsSync(done!)) return JSON.parse(readFileSync(done!, 'utf8')) as T;
		if (existsSync(failed!)) {
			throw new Error(`another worker failed to make ${name}: ${readFileSync(failed!, 'utf8')}`);
		}
		await new Promise((wake) => setTimeout(wake, 250));
	}
	throw new Error(`${name}: another worker is making it, and has not finished in ${waitMs} ms`);
}

/** A plain UTF-8 article in Lectern's input format, for the admin's import form. */
export function articleText(title: string, moduleLines: string[], prompts: string[]): string {
	return [
		title,
		'Table of Contents',
		`- 1. ${title}`,
		'- 2. Hostile module',
		'- 3. Reader questions',
		'This article exists for the stored-XSS suite: its module and prompts are hostile payloads.',
		'Hostile module',
		...moduleLines,
		'Reader questions',
		...prompts,
		''
	].join('\n');
}

/** Lines an article can hold as paragraphs of their own (no list, table or prompt syntax). */
export function paragraphLines(): string[] {
	return PAYLOADS.map((p) => p.payload.trim()).filter(
		(p) =>
			p.length > 0 &&
			!CONTROL.test(p.replace(/\t/g, ' ')) &&
			!/^[-|]/.test(p) &&
			!/^(share your thoughts|tell us|table of contents|reader questions|hostile module)/i.test(p)
	);
}
