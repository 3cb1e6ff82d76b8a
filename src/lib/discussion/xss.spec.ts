import { readFileSync } from 'node:fs';
import sanitizeHtml from 'sanitize-html';
import { describe, expect, it } from 'vitest';
import { renderPost, sanitizePostHtml } from './markdown';

interface Payload {
	source: string;
	payload: string;
}

const fixture = (path: string): unknown =>
	JSON.parse(readFileSync(new URL(`../../../tests/fixtures/${path}`, import.meta.url), 'utf8'));

const payloads = fixture('xss/payloads.json') as Payload[];
const naughtyStrings = fixture('data/blns.json') as string[];

const ALLOWED_ATTRIBUTES: Record<string, readonly string[]> = {
	p: [],
	br: [],
	strong: [],
	em: [],
	del: [],
	code: ['class'],
	pre: [],
	blockquote: [],
	ul: [],
	ol: ['start'],
	li: [],
	a: ['href', 'rel'],
	hr: [],
	table: [],
	thead: [],
	tbody: [],
	tr: [],
	th: [],
	td: []
};

const FORBIDDEN_TAGS =
	/<\s*\/?\s*(script|img|iframe|svg|math|style|object|embed|form|input|button|textarea|select|base|link|meta|frame|frameset|video|audio|source|template|noscript|xmp|details)\b/i;

/** A link target a browser would run or load as a document, after it strips what it ignores. */
function isDangerousUrl(url: string): boolean {
	const compact = url.replace(/[\s\p{Cc}]+/gu, '').toLowerCase();
	const colon = compact.indexOf(':');
	if (colon === -1 || /[/?#]/.test(compact.slice(0, colon))) return false;
	return !['http', 'https', 'mailto'].includes(compact.slice(0, colon));
}

/**
 * Problems found by reading the HTML as plain text: every `<` must open an allowed tag whose
 * attributes are all `name="value"`, allowed for that tag, with `&` only in the four escapes
 * sanitize-html writes, so the decoded value below is exactly what a browser reads.
 */
function lexicalProblems(html: string): string[] {
	const problems: string[] = [];
	if (FORBIDDEN_TAGS.test(html)) problems.push('a forbidden tag');
	const tag = /<(\/?)([a-z][a-z0-9]*)((?:\s+[a-z-]+="[^"]*")*)\s*(\/?)>/g;
	const text = html.replace(tag, (_whole, _slash, name: string, attributes: string) => {
		const allowed = ALLOWED_ATTRIBUTES[name];
		if (!allowed) problems.push(`tag <${name}>`);
		for (const [, attribute, value] of attributes.matchAll(/([a-z-]+)="([^"]*)"/g)) {
			if (!attribute || value === undefined) continue;
			if (/^on/.test(attribute)) problems.push(`event attribute ${attribute}`);
			if (!allowed?.includes(attribute)) problems.push(`attribute ${attribute} on <${name}>`);
			if (/&(?!(?:amp|lt|gt|quot);)/.test(value)) problems.push(`unexpected entity in ${value}`);
			const decoded = value
				.replace(/&lt;/g, '<')
				.replace(/&gt;/g, '>')
				.replace(/&quot;/g, '"')
				.replace(/&amp;/g, '&');
			if (attribute === 'href' && isDangerousUrl(decoded)) problems.push(`href ${decoded}`);
		}
		return '';
	});
	if (/[<>]/.test(text)) problems.push('a bare < or > outside an allowed tag');
	return problems;
}

/** The same questions asked of a real HTML parser (htmlparser2, inside sanitize-html). */
function parsedProblems(html: string): string[] {
	const problems: string[] = [];
	sanitizeHtml(html, {
		allowedTags: false,
		allowedAttributes: false,
		allowVulnerableTags: true, // only reading the HTML; the result is thrown away
		onOpenTag(name, attributes) {
			const allowed = ALLOWED_ATTRIBUTES[name];
			if (!allowed) problems.push(`parsed tag <${name}>`);
			for (const [attribute, value] of Object.entries(attributes)) {
				if (!allowed?.includes(attribute)) problems.push(`parsed attribute ${attribute}`);
				if (['href', 'src', 'action', 'formaction'].includes(attribute) && isDangerousUrl(value))
					problems.push(`parsed ${attribute} ${value}`);
			}
		}
	});
	return problems;
}

function expectSafe(input: string) {
	const html = renderPost(input);
	expect(lexicalProblems(html), html).toEqual([]);
	expect(parsedProblems(html), html).toEqual([]);
	// A second pass changes nothing: the markup does not mutate when parsed again (mXSS).
	expect(sanitizePostHtml(html)).toBe(html);
}

describe('the HTML audit used below', () => {
	it.each([
		'<p onclick="alert(1)">x</p>',
		'<img src="x">',
		'<a href="javascript:alert(1)">x</a>',
		'<a href="jav&#x09;ascript:alert(1)">x</a>',
		'<a href=" JaVaScRiPt:alert(1)">x</a>',
		'<a href="data:text/html,x">x</a>',
		'<p style="color:red">x</p>',
		'<p>a <b</p>',
		'<svg><a href="https://example.com">x</a></svg>'
	])('flags %s', (html) => {
		expect([...lexicalProblems(html), ...parsedProblems(html)]).not.toEqual([]);
	});

	it('passes what renderPost writes for ordinary Markdown', () => {
		const html = renderPost('**Hi** [there](https://example.com) `x < y`\n\n1. one\n2. two');
		expect(lexicalProblems(html)).toEqual([]);
		expect(parsedProblems(html)).toEqual([]);
	});
});

describe('the hostile payload corpus', () => {
	it('holds at least 150 distinct payloads, each with its source', () => {
		expect(payloads.length).toBeGreaterThanOrEqual(150);
		expect(new Set(payloads.map((entry) => entry.payload)).size).toBe(payloads.length);
		for (const entry of payloads) expect(entry.source).toMatch(/^[a-z-]+$/);
	});
});

describe('renderPost on hostile input', () => {
	it.each(payloads.map((entry) => [entry.source, entry.payload]))(
		'[%s] renders %j without script, handlers, dangerous URLs or embedded content',
		(_source, payload) => expectSafe(payload)
	);

	it('renders every Big List of Naughty Strings entry safely', () => {
		expect(naughtyStrings.length).toBeGreaterThan(400);
		for (const naughty of naughtyStrings) expectSafe(naughty);
	});

	it('renders every payload safely inside a link, an image and a code span too', () => {
		for (const { payload } of payloads) {
			expectSafe(`[${payload}](${payload})`);
			expectSafe(`![${payload}](${payload})`);
			expectSafe(`<${payload}>`);
		}
	});

	it('shows typed HTML as the text its author wrote', () => {
		expect(renderPost('<script>alert(1)</script>')).toBe(
			'<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n'
		);
		expect(renderPost('<img src=x onerror=alert(1)>')).toContain(
			'&lt;img src=x onerror=alert(1)&gt;'
		);
	});

	it('drops a link whose scheme is not allowed and keeps its text', () => {
		for (const href of [
			'javascript:alert(1)',
			'JaVaScRiPt:alert(1)',
			'jav&#x09;ascript:alert(1)',
			'jav&Tab;ascript:alert(1)',
			'javascript&colon;alert(1)',
			'&#106;avascript:alert(1)',
			'&#x6A;avascript:alert(1)',
			'vbscript:msgbox(1)',
			'data:text/html,<script>alert(1)</script>',
			'DaTa:text/html;base64,PHNjcmlwdD4=',
			'file:///etc/passwd'
		]) {
			expect(renderPost(`[click](${href})`), href).toBe('<p>click</p>\n');
		}
	});
});
