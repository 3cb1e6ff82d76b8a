/** What an import would do, as the import page shows it before anything is stored. */
import type { SectionChange } from './reimport';
import type { Article } from './types';

export interface SectionPreview {
	slug: string;
	title: string;
	kind: Article['sections'][number]['kind'];
	change: SectionChange;
	words: number;
	tables: number;
	/** Questions it will have: published ones and drafts waiting for a teacher. */
	published: number;
	suggested: number;
}

export interface ImportPreview {
	slug: string;
	title: string;
	/** The stored article this text updates, or null for a new one. */
	existing: { version: number; status: 'published' | 'draft' } | null;
	/** Why this viewer may not import it (another person's article has this title), or null. */
	refusal: string | null;
	sections: SectionPreview[];
	archivedSections: { slug: string; title: string }[];
	prompts: { number: number; text: string; section: string }[];
	warnings: string[];
	questions: { published: number; suggested: number; updated: number; archived: number };
	/** Source marks and possible contradictions the import leaves for an editor to review. */
	claims: { marks: number; contradictions: number };
	/** Learners with reading progress or answers on what changes or is archived. */
	learnersAffected: number;
	unchanged: boolean;
}
