import { markKinds } from '../marks/claims';
import { questionTypes } from '../quiz/schema';

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

const nullable = (schema: Record<string, unknown>) => ({ anyOf: [schema, { type: 'null' }] });
const share = { type: 'number', minimum: 0, maximum: 1 } as const;
const percent = { type: 'number', minimum: 0, maximum: 100 } as const;

/** `GET /classes/{id}/gradebook`: what `gradebookResource` (src/lib/server/gradebook.ts) returns. */
const gradebookSchema = {
	type: 'object',
	required: ['class', 'generatedAt', 'assignments', 'students'],
	properties: {
		class: {
			type: 'object',
			required: ['id', 'name', 'timeZone'],
			properties: {
				id: { type: 'string' },
				name: { type: 'string' },
				timeZone: {
					type: 'string',
					description: 'IANA time zone in which the teacher entered due dates.',
					example: 'Europe/London'
				}
			}
		},
		generatedAt: { type: 'string', format: 'date-time' },
		assignments: {
			type: 'array',
			description: 'In the order they were assigned: the order of every student’s `results`.',
			items: { $ref: '#/components/schemas/GradebookAssignment' }
		},
		students: {
			type: 'array',
			description: 'The class’s students, by name.',
			items: { $ref: '#/components/schemas/GradebookStudent' }
		}
	}
} as const;

const gradebookAssignmentSchema = {
	type: 'object',
	required: [
		'id',
		'title',
		'article',
		'modules',
		'wholeArticle',
		'dueAt',
		'requireQuiz',
		'passMark',
		'requireResponse',
		'summary'
	],
	properties: {
		id: { type: 'string' },
		title: { type: 'string' },
		article: {
			type: 'object',
			required: ['slug', 'title'],
			properties: { slug: { type: 'string' }, title: { type: 'string' } }
		},
		modules: {
			type: 'array',
			description: 'The modules to read, in article order.',
			items: {
				type: 'object',
				required: ['slug', 'title'],
				properties: { slug: { type: 'string' }, title: { type: 'string' } }
			}
		},
		wholeArticle: { type: 'boolean', description: 'Assigned as a whole rather than by module.' },
		dueAt: nullable({ type: 'string', format: 'date-time', description: 'UTC.' }),
		requireQuiz: { type: 'boolean' },
		passMark: { type: 'integer', minimum: 0, maximum: 100 },
		requireResponse: { type: 'boolean' },
		summary: {
			type: 'object',
			required: ['averageBestScore', 'attempted', 'completionRate', 'averageReadFraction'],
			properties: {
				averageBestScore: nullable({
					...percent,
					description: 'Mean best quiz score of those who tried.'
				}),
				attempted: { type: 'integer', minimum: 0 },
				completionRate: nullable({ ...share, description: 'Share of students done.' }),
				averageReadFraction: nullable(share)
			}
		}
	}
} as const;

const gradebookStudentSchema = {
	type: 'object',
	required: ['id', 'name', 'login', 'results'],
	properties: {
		id: { type: 'string' },
		name: { type: 'string' },
		login: nullable({ type: 'string', description: 'E-mail address or username.' }),
		results: {
			type: 'array',
			items: {
				type: 'object',
				required: [
					'assignmentId',
					'modulesRead',
					'modulesRequired',
					'readFraction',
					'bestScorePercent',
					'responded',
					'status',
					'late',
					'completedLate',
					'completedAt',
					'remaining'
				],
				properties: {
					assignmentId: { type: 'string' },
					modulesRead: { type: 'integer', minimum: 0 },
					modulesRequired: { type: 'integer', minimum: 0 },
					readFraction: nullable(share),
					bestScorePercent: nullable({
						...percent,
						description: 'Best score over the quiz attempts that cover the assignment.'
					}),
					responded: {
						type: 'boolean',
						description: 'Posted in the class discussion of the assigned article.'
					},
					status: { type: 'string', enum: ['not-started', 'in-progress', 'done', 'late'] },
					late: { type: 'boolean', description: 'Late now, or done after the due date.' },
					completedLate: { type: 'boolean' },
					completedAt: nullable({ type: 'string', format: 'date-time' }),
					remaining: {
						type: 'array',
						items: { type: 'string' },
						description: 'What is left to do, as the student reads it.'
					}
				}
			}
		}
	}
} as const;

/** `GET /articles/{slug}/questions`: what `bankQuestionResource` (src/lib/server/api.ts) returns. */
const bankQuestionSchema = {
	type: 'object',
	required: ['id', 'section', 'type', 'status', 'prompt', 'version'],
	properties: {
		id: { type: 'string', description: 'The question’s id within its article.' },
		section: nullable({
			type: 'string',
			description: 'The module’s slug (null when its section is gone).'
		}),
		type: {
			type: 'string',
			enum: [...questionTypes]
		},
		status: {
			type: 'string',
			enum: ['suggested', 'published', 'archived'],
			description:
				'`suggested`: a draft no learner sees until a teacher accepts it; `published`: in the quizzes; `archived`: retired, asked no more.'
		},
		prompt: { type: 'string', description: 'The question text.' },
		version: { type: 'integer', minimum: 1, description: 'The current version.' }
	}
} as const;

const readStatus = {
	type: 'string',
	enum: ['suggested', 'confirmed'],
	description:
		'`suggested`: drawn by the rules at import, not yet checked by a person; `confirmed`: checked by a teacher or admin.'
} as const;
const passageSchema = {
	type: 'object',
	required: ['section', 'quote'],
	properties: {
		section: { type: 'string', description: 'The module’s slug.' },
		quote: { type: 'string', description: 'The passage, word for word as the text has it.' }
	}
} as const;

/** `GET /articles/{slug}/claims`: what `claimsResource` (src/lib/server/api.ts) returns. */
const articleClaimsSchema = {
	type: 'object',
	required: ['marks', 'contradictions'],
	properties: {
		marks: {
			type: 'array',
			description: 'Source marks in reading order (module, then place in it).',
			items: {
				type: 'object',
				required: ['section', 'quote', 'kind', 'source', 'status'],
				properties: {
					section: passageSchema.properties.section,
					quote: passageSchema.properties.quote,
					kind: {
						type: 'string',
						enum: [...markKinds],
						description:
							'What the text gives as the source: `named` (a person, body or document it names), `vague` (a source the reader cannot check), `none` (stated as fact), `article` (the article’s own view).'
					},
					source: nullable({
						type: 'string',
						description: 'Who or what the text credits (named), or the hedge as written (vague).'
					}),
					status: readStatus
				}
			}
		},
		contradictions: {
			type: 'array',
			description: 'Pairs of passages of the article that disagree.',
			items: {
				type: 'object',
				required: ['a', 'b', 'note', 'status'],
				properties: {
					a: passageSchema,
					b: passageSchema,
					note: { type: 'string', description: 'How the two passages disagree.' },
					status: readStatus
				}
			}
		}
	}
} as const;

const slugParameter = { name: 'slug', in: 'path', required: true, schema: { type: 'string' } };
const jsonError = (description: string) => ({
	description,
	content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } }
});
const editorOnly =
	'Only someone who may edit the article (its owner while a teacher, or an admin) may read it, signed in (session cookie) or with a personal API token created on /account and sent as `Authorization: Bearer <token>`.';
const badToken = jsonError('The bearer token is unknown or revoked');
const notEditable = jsonError(
	'No such article, or the caller may not edit it (the two are not told apart)'
);

/** `GET /articles/{slug}/questions.gift`, `….moodle.xml` and `….qti.zip`: a bank as a download. */
function bankExportPath(format: string, mediaType: string, extension: string) {
	return {
		get: {
			operationId: `exportArticleQuestions${format.replace(/\W/g, '')}`,
			summary: `An article’s question bank as ${format}, for its editors`,
			description: `${editorOnly} Holds the published questions (what learners are asked); \`?status=all\` adds the suggestions still waiting for a teacher. Archived questions are never exported. Sent as an attachment named \`<slug>.${extension}\`.`,
			security: [{ bearerToken: [] }, { session: [] }],
			parameters: [
				slugParameter,
				{
					name: 'status',
					in: 'query',
					required: false,
					schema: { type: 'string', enum: ['published', 'all'], default: 'published' }
				}
			],
			responses: {
				'200': {
					description: `The questions as ${format}`,
					headers: {
						'Content-Disposition': {
							schema: { type: 'string', example: `attachment; filename="my-article.${extension}"` }
						}
					},
					content: { [mediaType]: { schema: { type: 'string' } } }
				},
				'400': jsonError('`status` is neither `published` nor `all`'),
				'401': badToken,
				'404': notEditable
			}
		}
	};
}

export const openApiDocument = {
	openapi: '3.1.0',
	info: {
		title: 'Lectern API',
		version: '1.0.0',
		description:
			'Read-only access to published articles and their source marks and contradictions, class gradebooks for their teachers, and question banks (JSON, GIFT, Moodle XML) for the editors of an article.'
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
		},
		'/classes/{id}/gradebook': {
			get: {
				operationId: 'getClassGradebook',
				summary: 'A class’s gradebook, for the class’s teacher',
				description:
					'Students × assignments: modules read, best quiz score, discussion response and status. Only the teacher of the class may read it, signed in (session cookie) or with a personal API token created on /account and sent as `Authorization: Bearer <token>`.',
				security: [{ bearerToken: [] }, { session: [] }],
				parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
				responses: {
					'200': {
						description: 'The gradebook',
						content: { 'application/json': { schema: { $ref: '#/components/schemas/Gradebook' } } }
					},
					'401': {
						description: 'The bearer token is unknown or revoked',
						content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } }
					},
					'404': {
						description:
							'No such class, or the caller is not its teacher (the two are not told apart)',
						content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } }
					}
				}
			}
		},
		'/articles/{slug}/questions': {
			get: {
				operationId: 'listArticleQuestions',
				summary: 'An article’s question bank, every status, for its editors',
				description: `${editorOnly} Lists every question, suggested, published and archived, in bank order; no answer keys.`,
				security: [{ bearerToken: [] }, { session: [] }],
				parameters: [slugParameter],
				responses: {
					'200': {
						description: 'The questions',
						content: {
							'application/json': {
								schema: {
									type: 'object',
									required: ['questions'],
									properties: {
										questions: {
											type: 'array',
											items: { $ref: '#/components/schemas/BankQuestion' }
										}
									}
								}
							}
						}
					},
					'401': badToken,
					'404': notEditable
				}
			}
		},
		'/articles/{slug}/claims': {
			get: {
				operationId: 'getArticleClaims',
				summary: 'An article’s source marks and contradictions',
				description:
					'For anyone who may read the article: anyone for a published one; a draft for its owner, the classes it is assigned to, and admins, signed in (session cookie) or with a personal API token sent as `Authorization: Bearer <token>`. Suggested and confirmed claims only: never those an editor removed or whose text is gone.',
				security: [{}, { bearerToken: [] }, { session: [] }],
				parameters: [slugParameter],
				responses: {
					'200': {
						description: 'The claims',
						content: {
							'application/json': { schema: { $ref: '#/components/schemas/ArticleClaims' } }
						}
					},
					'401': badToken,
					'404': jsonError(
						'No such article, or a draft the caller may not read (the two are not told apart)'
					)
				}
			}
		},
		'/articles/{slug}/questions.gift': bankExportPath('GIFT', 'text/plain', 'gift'),
		'/articles/{slug}/questions.moodle.xml': bankExportPath(
			'Moodle XML',
			'application/xml',
			'moodle.xml'
		),
		'/articles/{slug}/questions.qti.zip': bankExportPath(
			'a QTI 3.0 content package',
			'application/zip',
			'qti.zip'
		)
	},
	components: {
		schemas: {
			Article: articleSchema,
			ArticleClaims: articleClaimsSchema,
			BankQuestion: bankQuestionSchema,
			Error: errorSchema,
			Gradebook: gradebookSchema,
			GradebookAssignment: gradebookAssignmentSchema,
			GradebookStudent: gradebookStudentSchema
		},
		securitySchemes: {
			bearerToken: {
				type: 'http',
				scheme: 'bearer',
				description: 'A personal API token from /account (teachers), starting `lectern_`.'
			},
			session: { type: 'apiKey', in: 'cookie', name: 'lectern_session' }
		}
	}
};
