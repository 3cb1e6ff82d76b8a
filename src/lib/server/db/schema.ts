// The one entry point drizzle-kit and the app read; each domain keeps its own file.
export * from './schema/content.schema';
export * from './schema/auth.schema';
export * from './schema/learning.schema';
export * from './schema/classroom.schema';
export * from './schema/discussion.schema';
export * from './schema/claims.schema';
export * from './schema/lti.schema';
