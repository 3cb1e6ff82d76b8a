/** The OpenAPI 3.1 description of `/api/v1`, served at `/api/v1/openapi.json`. */
const articleSchema = {
	type: 'object',
	required: ['slug', 'title', 'sections', 'questionCount', 'promptCount'],
	properties: {
		slug: {
			type: 'string',
			example: 'declassified-putin-bush-talks-surface-tensions-over-nato-ukraine'
		},
		title: { type: 'string' },
		sections: {
			type: 'array',
			description: 'Live sections in article order.',
			items: {
				type: 'object',
				required: ['slug', 'title'],
				properties: { slug: { type: 'string' }, title: { type: 'string' } }
			}
		},
		questionCount: { type: 'integer', minimum: 0, description: 'Quiz questions on the article.' },
		promptCount: {
			type: 'integer',
			minimum: 0,
			description: 'Discussion prompts (reader questions).'
		}
	}
} as const;

const errorSchema = {
	type: 'object',
	required: ['error'],
	properties: { error: { type: 'string' } }
} as const;

export const openApiDocument = {
	openapi: '3.1.0',
	info: {
		title: 'Lectern API',
		version: '1.0.0',
		description: 'Read-only access to published articles, and class gradebooks for their teachers.'
	},
	servers: [{ url: '/api/v1' }],
	paths: {
		'/articles': {
			get: {
				operationId: 'listArticles',
				summary: 'Published articles, with their sections in article order',
				responses: {
					'200': {
						description: 'The published articles',
						content: {
							'application/json': {
								schema: {
									type: 'object',
									required: ['articles'],
									properties: {
										articles: { type: 'array', items: { $ref: '#/components/schemas/Article' } }
									}
								}
							}
						}
					}
				}
			}
		},
		'/articles/{slug}': {
			get: {
				operationId: 'getArticle',
				summary: 'One published article',
				parameters: [{ name: 'slug', in: 'path', required: true, schema: { type: 'string' } }],
				responses: {
					'200': {
						description: 'The article',
						content: { 'application/json': { schema: { $ref: '#/components/schemas/Article' } } }
					},
					'404': {
						description: 'No published article has this slug',
						content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } }
					}
				}
			}
		}
	},
	components: { schemas: { Article: articleSchema, Error: errorSchema } }
};
