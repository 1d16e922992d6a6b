/**
 * The chart.js parts the board draws with (registered once) and what its line charts share: quiet defaults,
 * the theme's colours, and time on linear axes. No date adapter is installed: times are epoch ms, and the
 * callers label them in the cutover's zone.
 */
import {
	Chart,
	Filler,
	Legend,
	LinearScale,
	LineController,
	LineElement,
	PointElement,
	Tooltip,
	type ChartDataset,
	type Plugin
} from 'chart.js';
import { color } from 'chart.js/helpers';
import { zoneOffset } from '$lib/shared/time';

Chart.register(LineController, LineElement, PointElement, LinearScale, Filler, Tooltip, Legend);

export interface Point {
	x: number;
	y: number;
}

export type LineChart = Chart<'line', Point[]>;
export type LineDataset = ChartDataset<'line', Point[]>;

export interface Theme {
	text: string;
	muted: string;
	grid: string;
	accent: string;
	warn: string;
	critical: string;
}

/** The theme's colours as the canvas needs them (it cannot read CSS variables itself). */
export function theme(node: Element): Theme {
	const style = getComputedStyle(node);
	const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
	return {
		text: read('--color-text', '#eef2f7'),
		muted: read('--color-muted', '#a3b0c2'),
		grid: read('--color-border', '#2c3746'),
		accent: read('--color-accent', '#4cc2ff'),
		warn: read('--color-warn', '#ffc247'),
		critical: read('--color-critical', '#ff5c7a')
	};
}

export function translucent(base: string, alpha = 0.2): string {
	return color(base).alpha(alpha).rgbString();
}

/**
 * A line chart of {x, y} points with linear axes, formatted by the callers' functions when drawn (so labels
 * follow the current zone and locale). The datasets start empty: the caller fills them and calls update.
 */
export function createLineChart(
	canvas: HTMLCanvasElement,
	options: {
		datasets: LineDataset[];
		formatX: (value: number) => string;
		formatY: (value: number) => string;
		colors: Theme;
		plugins?: Plugin<'line'>[];
	}
): LineChart {
	const { formatX, formatY, colors } = options;
	const axis = (format: (value: number) => string) => ({
		type: 'linear' as const,
		ticks: {
			color: colors.muted,
			maxRotation: 0,
			callback: (value: string | number) => format(Number(value))
		},
		grid: { color: colors.grid }
	});
	return new Chart<'line', Point[]>(canvas, {
		type: 'line',
		data: { datasets: options.datasets },
		plugins: options.plugins ?? [],
		options: {
			// Live data redraws often: no animation, no parsing, points given sorted by x.
			animation: false,
			parsing: false,
			normalized: true,
			responsive: true,
			maintainAspectRatio: false,
			interaction: { mode: 'nearest', axis: 'x', intersect: false },
			scales: { x: axis(formatX), y: axis(formatY) },
			plugins: {
				legend: { labels: { color: colors.text, boxWidth: 12 } },
				tooltip: {
					callbacks: {
						title: (items) => (items.length ? formatX(items[0].parsed.x ?? 0) : ''),
						label: (item) => `${item.dataset.label}: ${formatY(item.parsed.y ?? 0)}`
					}
				}
			}
		}
	});
}

/** Tick steps a time axis may use, in minutes: round minutes, hours and days. */
const STEP_MINUTES = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10_080];
/** A single point (or a few close together) still gets an axis of some width. */
const MIN_SPAN_MS = 10 * 60_000;

/** A step (ms) that puts about `ticks` labels on a time axis spanning `spanMs`. */
export function timeStep(spanMs: number, ticks = 5): number {
	const wanted = spanMs / ticks / 60_000;
	return (STEP_MINUTES.find((m) => m >= wanted) ?? STEP_MINUTES[STEP_MINUTES.length - 1]) * 60_000;
}

/**
 * Fits a time axis to the instants it shows, with its bounds on whole steps of the zone's clock, so every
 * label is a round time there (chart.js would otherwise pick round numbers of ms). Returns the span shown.
 */
export function fitTimeAxis(chart: LineChart, axis: 'x' | 'y', instants: number[], zone: string): number {
	if (!instants.length) return 0;
	let lo = Infinity;
	let hi = -Infinity;
	for (const v of instants) {
		if (v < lo) lo = v;
		if (v > hi) hi = v;
	}
	if (hi - lo < MIN_SPAN_MS) {
		lo -= MIN_SPAN_MS / 2;
		hi += MIN_SPAN_MS / 2;
	}
	const step = timeStep(hi - lo);
	const offset = zoneOffset(lo, zone);
	const min = Math.floor((lo + offset) / step) * step - offset;
	const max = Math.ceil((hi + offset) / step) * step - offset;
	const scale = chart.options.scales?.[axis] as
		{ min?: number; max?: number; ticks?: { stepSize?: number } } | undefined;
	if (scale) {
		scale.min = min;
		scale.max = max;
		if (scale.ticks) scale.ticks.stepSize = step;
	}
	return max - min;
}

/** An instant to mark on a time axis, with a short label. */
export interface Marker {
	x: number;
	label: string;
}

/**
 * A plugin that draws the markers `markers()` gives (read at each draw) as dotted vertical lines across the
 * chart area, each labelled at its top; those outside the x axis are left out.
 */
export function markersPlugin(markers: () => readonly Marker[], color: string): Plugin<'line'> {
	return {
		id: 'markers',
		afterDatasetsDraw(chart) {
			const { ctx, chartArea, scales } = chart;
			const x = scales.x;
			ctx.save();
			ctx.strokeStyle = color;
			ctx.fillStyle = color;
			ctx.setLineDash([2, 3]);
			ctx.font = '12px sans-serif';
			ctx.textBaseline = 'top';
			for (const marker of markers()) {
				if (marker.x < x.min || marker.x > x.max) continue;
				const at = x.getPixelForValue(marker.x);
				ctx.beginPath();
				ctx.moveTo(at, chartArea.top);
				ctx.lineTo(at, chartArea.bottom);
				ctx.stroke();
				ctx.fillText(marker.label, at + 3, chartArea.top + 2, chartArea.right - at - 6);
			}
			ctx.restore();
		}
	};
}
