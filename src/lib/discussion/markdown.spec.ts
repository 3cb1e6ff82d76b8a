import { describe, expect, it } from 'vitest';
import { LINK_REL, decodeCharacterReferences, renderPost, safeUrl } from './markdown';

const REL = `rel="${LINK_REL}"`;

describe('renderPost on ordinary Markdown', () => {
	it('renders bold, italic and strikethrough', () => {
		expect(renderPost('**bold**, _italic_ and ~~gone~~')).toBe(
			'<p><strong>bold</strong>, <em>italic</em> and <del>gone</del></p>\n'
		);
	});

	it('renders a link with nofollow ugc noopener noreferrer', () => {
		expect(renderPost('[the treaty](https://example.com/nato?a=1&b=2)')).toBe(
			`<p><a href="https://example.com/nato?a=1&amp;b=2" ${REL}>the treaty</a></p>\n`
		);
	});

	it('keeps mailto links and relative links', () => {
		expect(renderPost('[mail](mailto:a@example.com) [module](/lessons/x)')).toBe(
			`<p><a href="mailto:a@example.com" ${REL}>mail</a> <a href="/lessons/x" ${REL}>module</a></p>\n`
		);
	});

	it('turns bare URLs, www addresses and e-mail addresses into links', () => {
		const html = renderPost('See https://example.com/a, www.example.org or me@example.com');
		expect(html).toContain(`<a href="https://example.com/a" ${REL}>https://example.com/a</a>`);
		expect(html).toContain(`<a href="http://www.example.org" ${REL}>www.example.org</a>`);
		expect(html).toContain(`<a href="mailto:me@example.com" ${REL}>me@example.com</a>`);
	});

	it('renders angle-bracket autolinks', () => {
		expect(renderPost('<https://example.com>')).toBe(
			`<p><a href="https://example.com" ${REL}>https://example.com</a></p>\n`
		);
	});

	it('renders bulleted and numbered lists, keeping the first number', () => {
		expect(renderPost('- one\n- two')).toBe('<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n');
		expect(renderPost('3. three\n4. four')).toBe(
			'<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>\n'
		);
	});

	it('renders task list boxes as text, not form controls', () => {
		expect(renderPost('- [ ] open\n- [x] done')).toBe(
			'<ul>\n<li>[ ] open</li>\n<li>[x] done</li>\n</ul>\n'
		);
	});

	it('renders inline code and fenced code with its language, escaping the code', () => {
		expect(renderPost('Use `a < b`')).toBe('<p>Use <code>a &lt; b</code></p>\n');
		expect(renderPost('```ts\nconst x = "<b>";\n```')).toBe(
			'<pre><code class="language-ts">const x = "&lt;b&gt;";\n</code></pre>\n'
		);
	});

	it('renders blockquotes and horizontal rules', () => {
		expect(renderPost('> quoted\n\n---')).toBe(
			'<blockquote>\n<p>quoted</p>\n</blockquote>\n<hr />\n'
		);
	});

	it('keeps a single line break inside a paragraph', () => {
		expect(renderPost('first line\nsecond line')).toBe('<p>first line<br />second line</p>\n');
	});

	it('renders tables without alignment attributes', () => {
		expect(renderPost('| a | b |\n|---|:-:|\n| 1 | 2 |')).toBe(
			'<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n' +
				'<tbody><tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody></table>\n'
		);
	});

	it('renders headings as bold paragraphs so a post cannot reshape the page outline', () => {
		expect(renderPost('# Title\n\n### Smaller')).toBe(
			'<p><strong>Title</strong></p>\n<p><strong>Smaller</strong></p>\n'
		);
	});

	it('shows an image as its alt text, or its address when it has none', () => {
		expect(renderPost('![a map of Europe](https://example.com/map.png)')).toBe(
			'<p>a map of Europe</p>\n'
		);
		expect(renderPost('![](https://example.com/map.png)')).toBe(
			'<p>https://example.com/map.png</p>\n'
		);
	});

	it('keeps a linked image as a text link', () => {
		expect(renderPost('[![map](https://example.com/m.png)](https://example.com)')).toBe(
			`<p><a href="https://example.com" ${REL}>map</a></p>\n`
		);
	});

	it('drops link titles', () => {
		expect(renderPost('[x](https://example.com "a title")')).toBe(
			`<p><a href="https://example.com" ${REL}>x</a></p>\n`
		);
	});

	it('shows HTML typed on its own lines as text in a paragraph', () => {
		expect(renderPost('<div>\n**not bold**\n</div>')).toBe(
			'<p>&lt;div&gt;\n**not bold**\n&lt;/div&gt;</p>\n'
		);
	});

	it('keeps entities the author typed as the characters they stand for', () => {
		expect(renderPost('Fish &amp; chips &copy; 2024, 1 < 2')).toBe(
			'<p>Fish &amp; chips © 2024, 1 &lt; 2</p>\n'
		);
	});

	it('replaces NUL with U+FFFD, so stored HTML is never cut short when read back', () => {
		expect(renderPost('```\u0000js\ncode\n```')).toBe(
			'<pre><code class="language-\ufffdjs">code\n</code></pre>\n'
		);
		expect(renderPost('a\u0000b ' + '>'.repeat(5000))).not.toContain('\u0000');
	});

	it('shows absurdly nested Markdown as plain text instead of failing', () => {
		const html = renderPost('>'.repeat(5000) + ' deep');
		expect(html.startsWith('<p>&gt;&gt;&gt;')).toBe(true);
		expect(html).toContain(' deep</p>');
		expect(renderPost('*'.repeat(5000) + 'a' + '*'.repeat(4999))).toMatch(/^<p>\*+a\*+<\/p>$/);
	});

	it('caps how deeply tags nest in the output', () => {
		const html = renderPost('>'.repeat(60) + ' deep');
		expect(html.match(/<blockquote>/g)?.length).toBeLessThanOrEqual(24);
		expect(html).toContain('deep');
	});
});

describe('safeUrl', () => {
	it('keeps http, https, mailto and relative URLs', () => {
		expect(safeUrl('https://example.com/a b')).toBe('https://example.com/a%20b');
		expect(safeUrl('HTTP://EXAMPLE.COM')).toBe('HTTP://EXAMPLE.COM');
		expect(safeUrl('mailto:a@example.com')).toBe('mailto:a@example.com');
		expect(safeUrl('/lessons/x?page=2#post-3')).toBe('/lessons/x?page=2#post-3');
		expect(safeUrl('notes/a:b')).toBe('notes/a:b');
	});

	it('refuses other schemes however they are spelled', () => {
		for (const url of [
			'javascript:alert(1)',
			' JavaScript:alert(1)',
			'java\tscript:alert(1)',
			'java\nscript:alert(1)',
			'\u0000javascript:alert(1)',
			'java\u200bscript:alert(1)',
			'vbscript:msgbox(1)',
			'data:text/html,x',
			'ftp://example.com',
			'tel:123'
		]) {
			expect(safeUrl(url), JSON.stringify(url)).toBeNull();
		}
	});

	it('refuses a URL holding a lone surrogate', () => {
		expect(safeUrl('https://example.com/\ud800')).toBeNull();
	});
});

describe('decodeCharacterReferences', () => {
	it('decodes decimal, hexadecimal and the named references used in URLs', () => {
		expect(decodeCharacterReferences('&#106;&#x61;&#X76;a&colon;&Tab;&amp;')).toBe('java:\t&');
	});

	it('decodes numeric references written without a semicolon, as browsers do', () => {
		expect(decodeCharacterReferences('&#0000106&#x61')).toBe('ja');
	});

	it('leaves unknown names alone and replaces impossible code points', () => {
		expect(decodeCharacterReferences('&bogus; &#0; &#xD800; &#x110000;')).toBe(
			'&bogus; \ufffd \ufffd \ufffd'
		);
	});
});
