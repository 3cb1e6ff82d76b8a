/**
 * The claims an import stores for an article: the bundled hand-made file's, confirmed (each
 * anchor checked word for word against the text; throws `ClaimsFileError`), and the rules'
 * drafts for every other sentence and candidate contradiction. Pure: no I/O.
 */
import type { Article } from '../article/types';
import { locateEvidence } from '../quiz/evidence';
import { claimsFileSchema, importedClaims, type ClaimsFile, type ImportedClaims } from './claims';
import { contradictionCandidates } from './contradictions';
import { draftMarks, lessonReading } from './marks';

export class ClaimsFileError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ClaimsFileError';
	}
}

/** Reads a bundled claims file and checks every anchor against the article's text. */
export function parseClaimsFile(article: Article, raw: unknown): ClaimsFile {
	const parsed = claimsFileSchema.safeParse(raw);
	if (!parsed.success) {
		const issue = parsed.error.issues[0]!;
		throw new ClaimsFileError(`claims file: ${issue.path.join('.')}: ${issue.message}`);
	}
	const file = parsed.data;
	if (file.article !== article.slug) {
		throw new ClaimsFileError(`claims file: it is for “${file.article}”, not “${article.slug}”`);
	}
	const check = (where: string, anchor: { section: string; quote: string }) => {
		if (!locateEvidence(article, anchor)) {
			throw new ClaimsFileError(
				`claims file: ${where}: “${anchor.quote}” does not stand word for word in module “${anchor.section}”`
			);
		}
	};
	file.marks.forEach((m, i) => check(`marks.${i}`, m));
	file.contradictions.forEach((c, i) => {
		check(`contradictions.${i}.a`, c.a);
		check(`contradictions.${i}.b`, c.b);
	});
	return file;
}

/** Everything an import stores of an article's claims (see the module comment). */
export function courseClaims(article: Article, file?: unknown): ImportedClaims {
	const hand = file === undefined ? undefined : parseClaimsFile(article, file);
	const reading = lessonReading(article);
	const marks = draftMarks(article, reading);
	const contradictions = contradictionCandidates(article, reading).map((c) => ({
		a: { section: c.a.section, quote: c.a.quote, label: c.a.value },
		b: { section: c.b.section, quote: c.b.quote, label: c.b.value },
		subject: c.subject,
		note: c.note
	}));
	return importedClaims({ marks, contradictions }, hand);
}
