import { Marked, type Tokens } from 'marked';
import sanitizeHtml from 'sanitize-html';

/** Every link in a post carries this: no ranking credit, no `window.opener`, no referrer. */
export const LINK_REL = 'nofollow ugc noopener noreferrer';

/** Link schemes a post may use; a link with any other scheme renders as its text alone. */
export const ALLOWED_LINK_SCHEMES = ['http', 'https', 'mailto'] as const;

/**
 * Renders a post's Markdown to HTML that is safe to put in a page as it is.
 *
 * Two layers, so that one mistake is not enough: `marked` never emits raw HTML (an HTML
 * tag typed in a post shows as text), images, headings or form controls, and checks every
 * link's scheme; then `sanitize-html` keeps only an allow-list of tags and attributes.
 * Line breaks inside a paragraph are kept, as people expect in a comment box. Pass a body
 * that `postBodySchema` accepted: rendering time grows with length.
 */
export function renderPost(markdown: string): string {
	// U+0000 becomes U+FFFD, as CommonMark says: the database hands text back only up to a
	// NUL, and stored HTML cut inside a tag would swallow the page's markup after it.
	return sanitizePostHtml(toHtml(markdown.replaceAll('\u0000', '\ufffd')));
}

function toHtml(markdown: string): string {
	try {
		return markdownParser.parse(markdown, { async: false });
	} catch (error) {
		// marked recurses per level of nesting; thousands of `>` or `*` overflow the stack.
		// Such a post is not prose, so it is shown as the text its author typed.
		if (error instanceof RangeError) return plainText(markdown);
		throw error;
	}
}

function plainText(text: string): string {
	return text
		.split(/\r?\n(?:[ \t]*\r?\n)+/)
		.map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\r?\n/g, '<br />')}</p>`)
		.join('\n');
}

/** The allow-list pass alone; exported for the tests, which check that it is idempotent. */
export function sanitizePostHtml(html: string): string {
	return sanitizeHtml(html, SANITIZE_OPTIONS);
}

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
	allowedTags: [
		'p',
		'br',
		'strong',
		'em',
		'del',
		'code',
		'pre',
		'blockquote',
		'ul',
		'ol',
		'li',
		'a',
		'hr',
		'table',
		'thead',
		'tbody',
		'tr',
		'th',
		'td'
	],
	allowedAttributes: { a: ['href', 'rel'], code: ['class'], ol: ['start'] },
	allowedClasses: { code: ['language-*'] },
	allowedSchemes: [...ALLOWED_LINK_SCHEMES],
	allowedSchemesByTag: {},
	allowedSchemesAppliedToAttributes: ['href'],
	disallowedTagsMode: 'discard',
	// Deeper nesting than this is not prose; its text is kept, the extra tags are not.
	nestingLimit: 24,
	transformTags: {
		a: (_tagName, { href }): sanitizeHtml.Tag => ({
			tagName: 'a',
			attribs: href ? { href, rel: LINK_REL } : {}
		})
	}
};

const markdownParser = new Marked({
	gfm: true,
	breaks: true,
	renderer: {
		// Raw HTML in a post is text the author typed, never markup.
		html({ text, block }: Tokens.HTML | Tokens.Tag) {
			return block ? `<p>${escapeHtml(text.trim())}</p>\n` : escapeHtml(text);
		},
		// Headings would break the page's outline (and its accessibility), so they read as bold.
		heading({ tokens }: Tokens.Heading) {
			return `<p><strong>${this.parser.parseInline(tokens)}</strong></p>\n`;
		},
		// No images: they load third-party content and can track readers. The alt text stays.
		image({ tokens, href }: Tokens.Image) {
			const alt = this.parser.parseInline(tokens, this.parser.textRenderer);
			return escapeHtml(alt || href);
		},
		checkbox({ checked }: Tokens.Checkbox) {
			return checked ? '[x] ' : '[ ] ';
		},
		link({ href, tokens, text, autolink }: Tokens.Link) {
			const label = autolink ? escapeHtml(text) : this.parser.parseInline(tokens);
			// marked leaves character references in a destination as typed; decode them, check
			// the result and escape it, so a browser follows exactly the URL that was checked.
			const url = safeUrl(autolink ? href : decodeCharacterReferences(href));
			return url === null ? label : `<a href="${escapeHtml(url)}">${label}</a>`;
		}
	}
});

/**
 * The URL to link to, or `null` when it is not safe. A URL with a scheme must use one of
 * `ALLOWED_LINK_SCHEMES`; one without (a relative link) is kept. Control characters and
 * whitespace are ignored when finding the scheme, as browsers ignore them (`java\tscript:`).
 */
export function safeUrl(url: string): string | null {
	const compact = url.replace(/[\s\p{Cc}]+/gu, '');
	const colon = compact.indexOf(':');
	if (colon !== -1 && !/[/?#]/.test(compact.slice(0, colon))) {
		const scheme = compact.slice(0, colon).toLowerCase();
		if (!(ALLOWED_LINK_SCHEMES as readonly string[]).includes(scheme)) return null;
	}
	try {
		return encodeURI(url.trim()).replace(/%25/g, '%');
	} catch {
		return null; // a lone surrogate cannot be a URL
	}
}

const NAMED_REFERENCES: Record<string, string> = {
	amp: '&',
	lt: '<',
	gt: '>',
	quot: '"',
	apos: "'",
	colon: ':',
	sol: '/',
	tab: '\t',
	newline: '\n',
	lpar: '(',
	rpar: ')',
	period: '.',
	comma: ',',
	semi: ';',
	num: '#',
	quest: '?',
	equals: '=',
	nbsp: '\u00a0'
};

/**
 * Decodes numeric character references and the named ones that matter in a URL. Any `&`
 * left is escaped on output, so the browser reads exactly the string that was checked.
 */
export function decodeCharacterReferences(text: string): string {
	return text.replace(/&(?:#(\d+)|#x([0-9a-f]+)|([a-z]+));?/gi, (whole, dec, hex, name) => {
		if (name !== undefined) return NAMED_REFERENCES[name.toLowerCase()] ?? whole;
		const code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex, 16);
		// What HTML does with a reference to nothing, a surrogate or past Unicode: U+FFFD.
		if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
		return String.fromCodePoint(code);
	});
}

function escapeHtml(text: string): string {
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;');
}
