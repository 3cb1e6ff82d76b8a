import { describe, expect, it } from 'vitest';
import { facilityChart, itemAnalysis } from './index';
import { firstAttempts } from '../../../tests/fixtures/classroom/item-analysis';

// 448 × 232 leaves a 400 × 200 plot inside the margins (left 40, right 8, top 8, bottom 24).
const size = { width: 448, height: 232 };

describe('facilityChart', () => {
	it('lays out one bar per item in equal slots, standing on the bottom of the plot', () => {
		const items = itemAnalysis(firstAttempts).map((item, i) => ({
			label: `Q${i + 1}`,
			value: item.facility
		}));
		const chart = facilityChart(items, size);
		expect(chart.plot).toEqual({ x: 40, y: 8, width: 400, height: 200 });
		// Slots of 100; bars 70 wide, centred; heights are facility × 200.
		expect(chart.bars).toEqual([
			{
				x: 55,
				y: 88,
				width: 70,
				height: 120,
				label: 'Q1',
				value: 0.6,
				valueLabel: '60%',
				labelX: 90,
				labelY: 224
			},
			{
				x: 155,
				y: 108,
				width: 70,
				height: 100,
				label: 'Q2',
				value: 0.5,
				valueLabel: '50%',
				labelX: 190,
				labelY: 224
			},
			{
				x: 255,
				y: 108,
				width: 70,
				height: 100,
				label: 'Q3',
				value: 0.5,
				valueLabel: '50%',
				labelX: 290,
				labelY: 224
			},
			{
				x: 355,
				y: 148,
				width: 70,
				height: 60,
				label: 'Q4',
				value: 0.3,
				valueLabel: '30%',
				labelX: 390,
				labelY: 224
			}
		]);
	});

	it('draws grid lines at every quarter', () => {
		expect(facilityChart([], size).ticks).toEqual([
			{ y: 208, label: '0%' },
			{ y: 158, label: '25%' },
			{ y: 108, label: '50%' },
			{ y: 58, label: '75%' },
			{ y: 8, label: '100%' }
		]);
	});

	it('shows an unknown value as an empty bar labelled with a dash', () => {
		const [bar] = facilityChart([{ label: 'Intro', value: null }], size).bars;
		expect(bar).toMatchObject({ height: 0, y: 208, value: null, valueLabel: '—' });
	});

	it('keeps bars inside the plot whatever the value', () => {
		const bars = facilityChart(
			[
				{ label: 'over', value: 1.5 },
				{ label: 'under', value: -0.2 }
			],
			size
		).bars;
		expect(bars.map((b) => [b.y, b.height])).toEqual([
			[8, 200],
			[208, 0]
		]);
	});

	it('rounds coordinates to hundredths for tidy SVG', () => {
		// Three slots of 133.333…: the first bar is 93.333… wide, 20 in from the plot's edge.
		const [bar] = facilityChart(
			[
				{ label: 'a', value: 1 / 3 },
				{ label: 'b', value: 1 },
				{ label: 'c', value: 1 }
			],
			size
		).bars;
		expect(bar).toMatchObject({ x: 60, width: 93.33, height: 66.67, y: 141.33, valueLabel: '33%' });
	});

	it('has no bars and no negative sizes in a space too small to draw in', () => {
		const chart = facilityChart([{ label: 'a', value: 0.5 }], { width: 10, height: 10 });
		expect(chart.plot).toMatchObject({ width: 0, height: 0 });
		expect(chart.bars[0]).toMatchObject({ width: 0, height: 0 });
		expect(facilityChart([], size).bars).toEqual([]);
	});
});
