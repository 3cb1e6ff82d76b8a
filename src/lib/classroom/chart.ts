/** One bar's worth of input: a share from 0 to 1 (facility, completion), or null if unknown. */
export interface ChartDatum {
	/** What the bar stands for, as a person reads it (a question's text). */
	label: string;
	/** A second line, such as the question's module; null for none. */
	detail: string | null;
	value: number | null;
}

export interface ChartBar {
	/** The label, shortened to a line at a word boundary (with "…"). */
	label: string;
	/** The label in full, for a tooltip and for screen readers. */
	fullLabel: string;
	detail: string | null;
	value: number | null;
	/** The bar's length in percent of the track, 0–100, rounded to hundredths. */
	percent: number;
	/** The value as a person reads it: `70%`, or `—` when unknown. */
	valueLabel: string;
}

/** How long a bar's label may be before it is shortened. */
export const BAR_LABEL_LENGTH = 70;

/** `text` cut to at most `max` characters at a word boundary, "…" marking the cut. */
export function shorten(text: string, max = BAR_LABEL_LENGTH): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	if (flat.length <= max) return flat;
	const cut = flat.slice(0, max - 1);
	const space = cut.lastIndexOf(' ');
	return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–—-]+$/, '')}…`;
}

/**
 * A horizontal bar chart of facility (or any 0–1 share), as data a component lays out with
 * text and widths: each bar is labelled with words (a question's text and module), never a
 * number a reader must look up, and its label stays text at the page's size however narrow
 * the screen. Bars come hardest first (lowest share), unknown values last, ties in the order
 * given; values are clamped to 0–1.
 */
export function facilityBars(items: readonly ChartDatum[]): ChartBar[] {
	return items
		.map((item, i) => ({ item, i }))
		.sort((a, b) => {
			const x = a.item.value;
			const y = b.item.value;
			if (x === null || y === null) return x === y ? a.i - b.i : x === null ? 1 : -1;
			return x - y || a.i - b.i;
		})
		.map(({ item: { label, detail, value } }) => {
			const share = value === null ? 0 : Math.min(1, Math.max(0, value));
			return {
				label: shorten(label),
				fullLabel: label,
				detail,
				value,
				percent: Math.round(share * 10000) / 100,
				valueLabel: value === null ? '—' : `${Math.round(value * 100)}%`
			};
		});
}
