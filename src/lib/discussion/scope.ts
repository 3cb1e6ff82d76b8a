/** Who a thread is for: everyone, or one class (`class:<classId>`). */
export type ThreadScope = 'public' | `class:${string}`;
export const PUBLIC_SCOPE: ThreadScope = 'public';

/** The scope of a class's own threads. */
export function classScope(classId: string): ThreadScope {
	return `class:${classId}`;
}

export function isPublicScope(scope: string): boolean {
	return scope === PUBLIC_SCOPE;
}

/** The class a `class:<id>` scope names, or `null` for a public thread. */
export function classIdOfScope(scope: string): string | null {
	return scope.startsWith('class:') ? scope.slice('class:'.length) : null;
}
