/** One bar's worth of input: a share from 0 to 1 (facility, completion), or null if unknown. */
export interface ChartDatum {
	label: string;
	value: number | null;
}

export interface ChartBar {
	x: number;
	y: number;
	width: number;
	height: number;
	label: string;
	value: number | null;
	/** The value as a person reads it: `70%`, or `—` when unknown. */
	valueLabel: string;
	/** Where the bar's label sits: centred under the bar. */
	labelX: number;
	labelY: number;
}

export interface ChartTick {
	y: number;
	label: string;
}

export interface BarChart {
	width: number;
	height: number;
	/** The plotting area inside the margins (where bars and grid lines go). */
	plot: { x: number; y: number; width: number; height: number };
	bars: ChartBar[];
	/** Horizontal grid lines at 0%, 25%, 50%, 75% and 100%. */
	ticks: ChartTick[];
}

// Room for tick labels on the left and bar labels underneath.
const MARGIN = { top: 8, right: 8, bottom: 24, left: 40 };
const BAR_SHARE = 0.7;

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Everything an SVG bar chart of facility (or any 0–1 share) needs, computed: a component
 * draws `<rect>`s and `<text>`s from it without arithmetic. Bars stand on the bottom of the
 * plot, each in an equal slot with 30% of the slot as gap; values are clamped to 0–1;
 * coordinates are rounded to hundredths.
 */
export function facilityChart(
	items: readonly ChartDatum[],
	{ width, height }: { width: number; height: number }
): BarChart {
	const plot = {
		x: MARGIN.left,
		y: MARGIN.top,
		width: Math.max(0, width - MARGIN.left - MARGIN.right),
		height: Math.max(0, height - MARGIN.top - MARGIN.bottom)
	};
	const base = plot.y + plot.height;
	const slot = items.length === 0 ? 0 : plot.width / items.length;
	const barWidth = slot * BAR_SHARE;
	const bars = items.map(({ label, value }, i) => {
		const share = value === null ? 0 : Math.min(1, Math.max(0, value));
		const barHeight = share * plot.height;
		const x = plot.x + i * slot + (slot - barWidth) / 2;
		return {
			x: round2(x),
			y: round2(base - barHeight),
			width: round2(barWidth),
			height: round2(barHeight),
			label,
			value,
			valueLabel: value === null ? '—' : `${Math.round(value * 100)}%`,
			labelX: round2(x + barWidth / 2),
			labelY: round2(base + MARGIN.bottom - 8)
		};
	});
	const ticks = [0, 0.25, 0.5, 0.75, 1].map((share) => ({
		y: round2(base - share * plot.height),
		label: `${share * 100}%`
	}));
	return { width, height, plot, bars, ticks };
}
