// The one entry point drizzle-kit and the app read; each domain keeps its own file.
export * from './schema/content.schema';
export * from './schema/auth.schema';
