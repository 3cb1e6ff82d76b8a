/** A lesson module of an article as an assignment names it: its section id, slug and title. */
export interface ModuleRef {
	id: string;
	slug: string;
	title: string;
}

/**
 * The modules an assignment asks a student to read, in article order: the chosen ones that
 * are still in the article, or every lesson module when none were chosen.
 */
export function assignedModules(
	assignment: { chosenSectionIds: readonly string[] | null },
	modules: readonly ModuleRef[]
): ModuleRef[] {
	const chosen = assignment.chosenSectionIds;
	if (chosen === null) return [...modules];
	return modules.filter((m) => chosen.includes(m.id));
}

/** How an assignment is named in lists and gradebook columns. */
export function assignmentTitle(
	assignment: { articleTitle: string; chosenSectionIds: readonly string[] | null },
	modules: readonly ModuleRef[]
): string {
	if (assignment.chosenSectionIds === null) return assignment.articleTitle;
	if (modules.length === 1) return `${assignment.articleTitle}: ${modules[0]!.title}`;
	return `${assignment.articleTitle}: ${modules.length} modules`;
}
