// The public JSON contracts of PRODUCT.md ("Routes"): the health check and /api/v1.
import { expect, test, type APIResponse } from '@playwright/test';

const SLUG = 'declassified-putin-bush-talks-surface-tensions-over-nato-ukraine';
const TITLE = 'Declassified Putin-Bush Talks Surface Tensions Over NATO, Ukraine';

/** The seed's sections in article order (`Sea.”` has no text and is skipped). */
const SECTION_TITLES = [
	TITLE,
	'What the records reveal',
	'Key facts at a glance',
	'Evergreen takeaways for readers',
	'What this means for today',
	'Reader questions',
	'Further reading and sources',
	'Background: NATO Expansion and Russian Security Concerns',
	'The Secret Dialog: What the Leaked Exchanges reveal',
	'Russia’s NATO Push: Strategic Objectives',
	'Ukraine Dismissal: Putin’s Rationale',
	'Implications for U.S.Foreign Policy',
	'Practical Tips for Policymakers & researchers',
	'Real\u2011World Examples: Recent NATO Decisions (2025)'
];

async function json(response: APIResponse): Promise<unknown> {
	expect(response.headers()['content-type']).toMatch(/^application\/json/);
	return response.json();
}

/** Exactly the article shape of PRODUCT.md: these keys, these types, nothing more. */
function expectArticleShape(article: unknown) {
	expect(article).toEqual({
		slug: expect.stringMatching(/^[a-z0-9]+(-[a-z0-9]+)*$/),
		title: expect.any(String),
		sections: expect.any(Array),
		questionCount: expect.any(Number),
		promptCount: expect.any(Number)
	});
	const a = article as { sections: unknown[]; questionCount: number; promptCount: number };
	expect(Number.isInteger(a.questionCount) && a.questionCount >= 0).toBe(true);
	expect(Number.isInteger(a.promptCount) && a.promptCount >= 0).toBe(true);
	for (const section of a.sections) {
		expect(section).toEqual({
			slug: expect.stringMatching(/^[a-z0-9]+(-[a-z0-9]+)*$/),
			title: expect.any(String)
		});
	}
}

type Article = {
	slug: string;
	title: string;
	sections: { slug: string; title: string }[];
	questionCount: number;
	promptCount: number;
};

test('/healthz answers 200 {"status":"ok"} when the database answers', async ({ request }) => {
	const response = await request.get('/healthz');
	expect(response.status()).toBe(200);
	expect(await json(response)).toEqual({ status: 'ok' });
});

test('GET /api/v1/articles lists published articles in the documented shape', async ({
	request
}) => {
	const response = await request.get('/api/v1/articles');
	expect(response.status()).toBe(200);
	expect(response.headers()['x-content-type-options']).toBe('nosniff');
	const body = (await json(response)) as { articles: Article[] };
	expect(Object.keys(body)).toEqual(['articles']);
	expect(Array.isArray(body.articles)).toBe(true);
	for (const article of body.articles) expectArticleShape(article);

	const seed = body.articles.find((a) => a.slug === SLUG);
	expect(seed, 'the seed article is published').toBeDefined();
	expect(seed!.title).toBe(TITLE);
	expect(seed!.sections.map((s) => s.title)).toEqual(SECTION_TITLES);
	expect(new Set(seed!.sections.map((s) => s.slug)).size).toBe(SECTION_TITLES.length);
	expect(seed!.sections).toContainEqual({
		slug: 'key-facts-at-a-glance',
		title: 'Key facts at a glance'
	});
	expect(seed!.promptCount).toBe(3);
});

test('GET /api/v1/articles/<slug> answers one article, the same as in the list', async ({
	request
}) => {
	const list = (await json(await request.get('/api/v1/articles'))) as { articles: Article[] };
	const response = await request.get(`/api/v1/articles/${SLUG}`);
	expect(response.status()).toBe(200);
	const article = await json(response);
	expectArticleShape(article);
	expect(article).toEqual(list.articles.find((a) => a.slug === SLUG));
});

test('GET /api/v1/articles/<unknown> answers 404 with a JSON message', async ({ request }) => {
	for (const slug of ['no-such-article', 'Declassified', `${SLUG}-2`]) {
		const response = await request.get(`/api/v1/articles/${slug}`);
		expect(response.status(), slug).toBe(404);
		const body = (await json(response)) as { error?: unknown };
		expect(typeof body.error, slug).toBe('string');
		expect((body.error as string).length).toBeGreaterThan(0);
	}
});

test('/api/v1/openapi.json is an OpenAPI 3.1 document describing both article paths', async ({
	request
}) => {
	const response = await request.get('/api/v1/openapi.json');
	expect(response.status()).toBe(200);
	const doc = (await json(response)) as {
		openapi: string;
		info: { title: string; version: string };
		servers?: { url: string }[];
		paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
		components?: { schemas?: Record<string, { required?: string[] }> };
	};
	expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
	expect(doc.info.title).toBeTruthy();
	expect(doc.info.version).toBeTruthy();

	// Paths may be written relative to a server URL or in full.
	const base = doc.servers?.[0]?.url.replace(/\/$/, '') ?? '';
	const full = (path: string) => (path.startsWith('/api/') ? path : base + path);
	const paths = new Map(Object.entries(doc.paths).map(([p, item]) => [full(p), item]));
	const list = paths.get('/api/v1/articles');
	const one = [...paths.entries()].find(([p]) => /^\/api\/v1\/articles\/\{[^}]+\}$/.test(p))?.[1];
	expect(list?.get?.responses['200'], 'GET /api/v1/articles → 200').toBeDefined();
	expect(one?.get?.responses['200'], 'GET /api/v1/articles/{slug} → 200').toBeDefined();
	expect(one?.get?.responses['404'], 'GET /api/v1/articles/{slug} → 404').toBeDefined();

	// The documented article schema requires what the API actually answers.
	const articleSchema = doc.components?.schemas?.['Article'];
	expect(articleSchema?.required?.toSorted()).toEqual(
		['slug', 'title', 'sections', 'questionCount', 'promptCount'].toSorted()
	);
});
