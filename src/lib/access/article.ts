/**
 * Who may read and who may edit an article. An article belongs to whoever imported it: a draft is
 * theirs and their classes' until an admin publishes it to everyone; admins see and manage all.
 * Pure: the caller says how the viewer stands to the article (its owner, a teacher or a student
 * of a class it is assigned to).
 */
import { can, type Role } from './index';

export interface ArticleFacts {
	status: 'published' | 'draft';
	/** Who imported it; null for the bundled articles and those of a deleted account. */
	ownerId: string | null;
}

export interface Viewer {
	id: string;
	role: Role;
	isGuest: boolean;
}

/** How the viewer stands to the article through classes: it is assigned to a class they teach or are in. */
export interface ClassRelation {
	teachesAClassWithIt: boolean;
	inAClassWithIt: boolean;
}

const NO_CLASS: ClassRelation = { teachesAClassWithIt: false, inAClassWithIt: false };

/** May this viewer (null: nobody signed in) read the article's modules, quizzes and threads? */
export function mayReadArticle(
	viewer: Viewer | null,
	article: ArticleFacts,
	relation: ClassRelation = NO_CLASS
): boolean {
	if (article.status === 'published') return true;
	if (!viewer || viewer.isGuest) return false;
	if (viewer.role === 'admin') return true;
	if (article.ownerId !== null && article.ownerId === viewer.id) return true;
	return relation.teachesAClassWithIt || relation.inAClassWithIt;
}

/**
 * May this viewer change the article: re-import it, accept, write, edit or retire its questions?
 * Its owner while they are a teacher (as `class.create` has it), and admins; nobody else — not a
 * teacher whose class it is assigned to, not its owner once no longer a teacher.
 */
export function mayEditArticle(viewer: Viewer | null, article: ArticleFacts): boolean {
	return can(viewer, 'article.edit', { ownerId: article.ownerId });
}

/** May this viewer import an article of their own? Teachers and admins. */
export function mayImportArticle(viewer: Viewer | null): boolean {
	return can(viewer, 'article.import');
}
