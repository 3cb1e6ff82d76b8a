// The articles Lectern ships with, bundled into the server build as data.
const files = import.meta.glob('./*.txt', { query: '?raw', import: 'default', eager: true });

export const bundledArticles: Record<string, string> = Object.fromEntries(
	Object.entries(files).map(([path, text]) => [path.slice(2), text as string])
);
