/**
 * The commitment page's chart, loaded on demand (`import()` from MetricChart), so Chart.js
 * stays out of every other page's bundle. Only the pieces a line chart needs are registered,
 * which keeps the chunk small (tree-shaken Chart.js).
 */
import {
	CategoryScale,
	Chart,
	Legend,
	LinearScale,
	LineController,
	LineElement,
	PointElement,
	Tooltip,
	type ChartDataset
} from 'chart.js';
import type { MetricSeries } from '$lib/shared/commitment-lifecycle';

Chart.register(
	CategoryScale,
	LinearScale,
	LineController,
	LineElement,
	PointElement,
	Legend,
	Tooltip
);

export interface ChartInput {
	series: MetricSeries;
	baseline: number;
	target: number;
	unit: string;
	comparisonGroup: string | null;
	labels: string[];
}

export function drawMetricChart(canvas: HTMLCanvasElement, input: ChartInput): { destroy(): void } {
	const css = getComputedStyle(canvas);
	const color = (name: string) => css.getPropertyValue(name).trim();
	const flat = (value: number) => input.labels.map(() => value);
	const datasets: ChartDataset<'line', (number | null)[]>[] = [
		{
			label: 'Actual',
			data: input.series.points.map((p) => p.actual),
			borderColor: color('--color-accent'),
			backgroundColor: color('--color-accent'),
			spanGaps: true
		}
	];
	if (input.comparisonGroup) {
		datasets.push({
			label: input.comparisonGroup,
			data: input.series.points.map((p) => p.comparison),
			borderColor: color('--color-warning'),
			backgroundColor: color('--color-warning'),
			spanGaps: true
		});
	}
	datasets.push(
		{
			label: 'Baseline',
			data: flat(input.baseline),
			borderColor: color('--color-text-muted'),
			borderDash: [6, 4],
			pointRadius: 0
		},
		{
			label: 'Target',
			data: flat(input.target),
			borderColor: color('--color-success'),
			borderDash: [2, 3],
			pointRadius: 0
		}
	);
	const text = color('--color-text-muted');
	const grid = color('--color-border');
	return new Chart<'line', (number | null)[], string>(canvas, {
		type: 'line',
		data: { labels: input.labels, datasets },
		options: {
			responsive: true,
			maintainAspectRatio: false,
			animation: false,
			plugins: { legend: { labels: { color: text, boxHeight: 2 } } },
			scales: {
				x: { ticks: { color: text }, grid: { color: grid } },
				y: {
					ticks: { color: text },
					grid: { color: grid },
					title: { display: Boolean(input.unit), text: input.unit, color: text }
				}
			}
		}
	});
}
