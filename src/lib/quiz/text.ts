/**
 * How free-text answers are compared. A learner who types "new york times", "New‑York
 * Times" or "the New York Times." means the same as the key, so short answers are compared
 * after folding away case, accents, punctuation, quote style and spacing.
 */

/** Marks that join words rather than separate them: U.S. → us, Putin’s → putins. */
const JOINING = /[.'’‘ʼ`´"“”„«»‹›]/g;
const SEPARATING = /[\p{P}\p{S}]+/gu;

/** Folds text for comparison: NFKD, marks stripped, lower case, punctuation dropped, spaces collapsed. */
export function normalizeAnswer(text: string): string {
	return text
		.normalize('NFKD')
		.replace(/\p{M}+/gu, '')
		.toLowerCase()
		.replace(JOINING, '')
		.replace(SEPARATING, ' ')
		.replace(/\s+/g, ' ')
		.trim();
}

/** True when two answers are the same once folded; spacing is ignored ("air defense" = "airdefense"). */
export function answersMatch(given: string, accepted: string): boolean {
	const a = normalizeAnswer(given).replace(/ /g, '');
	return a !== '' && a === normalizeAnswer(accepted).replace(/ /g, '');
}

const NUMBER_RUN = /[+-]?(?:\d[\d.,'’\s]*\d|\d|[.,]\d+)/g;

/**
 * Reads the one number in a learner's answer ("30", "30 %", "30.0", "30,5", "€12 billion",
 * "1 000"). Returns every plausible value: "1,250" is 1250 to one reader and 1.25 to
 * another, so both are returned and the grader accepts either. Returns null when the text
 * holds no number or more than one ("2001-2008").
 */
export function parseNumber(text: string): number[] | null {
	const folded = text.normalize('NFKC').replace(/[\u2212\u2012\u2013\u2014]/g, '-');
	const runs = folded.match(NUMBER_RUN);
	if (!runs || runs.length !== 1) return null;
	const run = runs[0]!;
	const negative = run.startsWith('-');
	const body = run.replace(/^[+-]/, '').replace(/[\s'’]/g, '');
	const values = readSeparators(body).map((v) => (negative ? -v : v));
	const finite = values.filter((v) => Number.isFinite(v));
	return finite.length > 0 ? [...new Set(finite)] : null;
}

function readSeparators(body: string): number[] {
	const lastComma = body.lastIndexOf(',');
	const lastDot = body.lastIndexOf('.');
	if (lastComma >= 0 && lastDot >= 0) {
		// Both appear: the later one is the decimal mark, the other groups thousands.
		const [group, decimal] = lastComma > lastDot ? ['.', ','] : [',', '.'];
		return strict(body.split(group).join('').replace(decimal, '.'));
	}
	const mark = lastComma >= 0 ? ',' : lastDot >= 0 ? '.' : null;
	if (!mark) return strict(body);
	const groups = body.split(mark);
	const grouped = groups.length > 1 && /^[1-9]\d{0,2}$/.test(groups[0]!);
	const thousands = grouped && groups.slice(1).every((g) => /^\d{3}$/.test(g));
	if (groups.length > 2) return thousands ? strict(groups.join('')) : [];
	const asDecimal = strict(groups.join('.'));
	return thousands ? [...strict(groups.join('')), ...asDecimal] : asDecimal;
}

function strict(digits: string): number[] {
	return /^(\d+(\.\d*)?|\.\d+)$/.test(digits) ? [Number(digits)] : [];
}
