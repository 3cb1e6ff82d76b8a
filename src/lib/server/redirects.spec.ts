import { describe, expect, it } from 'vitest';
import { nextQuery, passwordChangePage, safeNext } from './redirects';

const ORIGIN = 'https://lectern.example';
/** The sign-in page with `next` set to `value` (encoded as a browser would send it). */
const from = (value: string) => new URL(`${ORIGIN}/login?next=${encodeURIComponent(value)}`);
/** The sign-in page with a raw, already percent-encoded query string. */
const fromRaw = (query: string) => new URL(`${ORIGIN}/login?${query}`);

/** Where a browser goes when it follows `Location: location` from the sign-in page. */
function followed(location: string): URL {
	// What browsers do first: drop tab/newline/CR anywhere, C0 controls and spaces at the ends.
	const cleaned = location
		.replace(/[\t\n\r]/g, '')
		// eslint-disable-next-line no-control-regex
		.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
	return new URL(cleaned, `${ORIGIN}/login`);
}

/** A value that any HTTP header takes: printable ASCII only. */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

describe('safeNext', () => {
	it('keeps a local path with its query and fragment', () => {
		expect(safeNext(from('/account'))).toBe('/account');
		expect(safeNext(from('/lessons/a/b?evidence=x#progress'))).toBe(
			'/lessons/a/b?evidence=x#progress'
		);
		expect(safeNext(from('/classes/1/discuss/a/1'))).toBe('/classes/1/discuss/a/1');
	});

	it('falls back when there is no next', () => {
		expect(safeNext(new URL(`${ORIGIN}/login`))).toBe('/');
		expect(safeNext(fromRaw('next='))).toBe('/');
		expect(safeNext(new URL(`${ORIGIN}/login`), '/account')).toBe('/account');
	});

	// Each of these, as the browser would read it, leaves the site (or is no path at all).
	const attacks: [string, string][] = [
		['protocol-relative', '//evil.example'],
		['protocol-relative, three slashes', '///evil.example'],
		['backslash host', '\\\\evil.example'],
		['slash-backslash', '/\\evil.example'],
		['backslash-slash', '\\/evil.example'],
		['a tab between the slashes', '/\t/evil.example'],
		['a newline between the slashes', '/\n/evil.example'],
		['a carriage return between the slashes', '/\r/evil.example'],
		['CR LF between the slashes', '/\r\n/evil.example'],
		['a tab before a backslash', '/\t\\evil.example'],
		['a leading space', ' //evil.example'],
		['a leading NUL', '\u0000//evil.example'],
		['a leading form feed', '\f//evil.example'],
		['a dot segment that leaves //', '/.//evil.example'],
		['a dot-dot segment that leaves //', '/..//evil.example'],
		['an encoded dot-dot segment that leaves //', '/%2e%2e//evil.example'],
		['javascript:', 'javascript:alert(document.domain)'],
		['javascript: with a leading space', ' javascript:alert(1)'],
		['javascript: split by a tab', 'java\tscript:alert(1)'],
		['data:', 'data:text/html,<script>alert(1)</script>'],
		['vbscript:', 'vbscript:msgbox(1)'],
		['http:', 'http://evil.example/account'],
		['https:', 'https://evil.example'],
		['scheme-relative with credentials', '//lectern.example@evil.example'],
		['http: without slashes', 'http:evil.example'],
		['a relative path', 'account'],
		['a query only', '?next=//evil.example'],
		['a fragment only', '#x'],
		['this origin, absolute', `${ORIGIN}/account`]
	];

	it.each(attacks)('refuses %s', (_, value) => {
		expect(safeNext(from(value))).toBe('/');
	});

	// The same attacks as they arrive in a query string, percent-encoded once more or not.
	it.each([
		['%09 between the slashes', 'next=/%09/evil.example'],
		['%0A between the slashes', 'next=/%0A/evil.example'],
		['%0D%0A between the slashes', 'next=/%0D%0A/evil.example'],
		['%5C after the slash', 'next=/%5Cevil.example'],
		['%2F%2F', 'next=%2F%2Fevil.example'],
		['%2F%09%2F', 'next=%2F%09%2Fevil.example'],
		['a raw tab', 'next=/\t/evil.example'],
		['%20 before //', 'next=%20//evil.example'],
		['%00 before //', 'next=%00//evil.example'],
		['javascript%3A', 'next=javascript%3Aalert(1)'],
		['an encoded tab in the scheme', 'next=java%09script:alert(1)']
	])('refuses %s', (_, query) => {
		expect(safeNext(fromRaw(query))).toBe('/');
	});

	// Every attack, every encoding: whatever comes back stays on this site when a browser follows it.
	it('never sends a browser to another origin', () => {
		const values = [
			...attacks.map(([, v]) => v),
			'/%09/evil.example',
			'/%2509/evil.example',
			'/%252e%252e//evil.example'
		];
		for (const value of values) {
			const location = safeNext(from(value));
			expect(followed(location).origin, value).toBe(ORIGIN);
		}
	});

	// Values that cannot go in a header as they are: what comes back is percent-encoded.
	it.each([
		['a line feed', '/account\nSet-Cookie: x=1', '/accountSet-Cookie:%20x=1'],
		['a carriage return', '/account\r', '/account'],
		['a NUL', '/acc\u0000ount', '/acc%00ount'],
		['a vertical tab', '/acc\u000bount', '/acc%0Bount'],
		['DEL', '/acc\u007fount', '/acc%7Fount'],
		['a check mark', '/\u2713', '/%E2%9C%93'],
		['Latin-1', '/caf\u00e9', '/caf%C3%A9'],
		['an emoji in the query', '/lessons?q=\u{1f98a}', '/lessons?q=%F0%9F%A6%8A'],
		['a space and quotes', '/a b?c="d"#e f', '/a%20b?c=%22d%22#e%20f']
	])('percent-encodes %s', (_, value, expected) => {
		const location = safeNext(from(value));
		expect(location).toBe(expected);
		expect(location).toMatch(HEADER_SAFE);
		expect(() => new Headers({ location })).not.toThrow();
	});

	it('reads %-encoded controls and non-Latin-1 from the query into a header-safe path', () => {
		for (const query of ['next=/%0A', 'next=/%0D', 'next=/%00', 'next=/%0B', 'next=/%E2%9C%93']) {
			const location = safeNext(fromRaw(query));
			expect(location, query).toMatch(HEADER_SAFE);
			expect(followed(location).origin).toBe(ORIGIN);
		}
	});

	it('turns bytes that are no UTF-8 into U+FFFD, encoded', () => {
		expect(safeNext(fromRaw('next=/%FF%C0'))).toBe('/%EF%BF%BD%EF%BF%BD');
	});

	it('keeps an already encoded path as it is', () => {
		expect(safeNext(from('/%E2%9C%93'))).toBe('/%E2%9C%93');
		expect(safeNext(from('/%2509/evil.example'))).toBe('/%2509/evil.example');
	});
});

describe('nextQuery', () => {
	it('carries a local next on, encoded', () => {
		expect(nextQuery(from('/join/ABCD-EFGH'))).toBe('?next=%2Fjoin%2FABCD-EFGH');
		expect(nextQuery(from('/lessons/a?x=1&y=2'))).toBe('?next=%2Flessons%2Fa%3Fx%3D1%26y%3D2');
	});

	it('carries nothing for no next, home, or a next that leaves the site', () => {
		expect(nextQuery(new URL(`${ORIGIN}/login`))).toBe('');
		expect(nextQuery(from('/'))).toBe('');
		expect(nextQuery(from('//evil.example/join'))).toBe('');
		expect(nextQuery(from('https://evil.example/'))).toBe('');
	});
});

describe('passwordChangePage', () => {
	it('remembers the page a one-time-password account asked for', () => {
		const asked = new URL(`${ORIGIN}/join/ABCD-EFGH?x=1`);
		const page = passwordChangePage(asked, 'GET');
		expect(page).toBe('/account?next=%2Fjoin%2FABCD-EFGH%3Fx%3D1');
		// What the account page reads back, once the password is changed.
		expect(safeNext(new URL(page, ORIGIN))).toBe('/join/ABCD-EFGH?x=1');
	});

	it('remembers no form post and no home page', () => {
		expect(passwordChangePage(new URL(`${ORIGIN}/classes/1?/settings`), 'POST')).toBe('/account');
		expect(passwordChangePage(new URL(`${ORIGIN}/`), 'GET')).toBe('/account');
	});
});
