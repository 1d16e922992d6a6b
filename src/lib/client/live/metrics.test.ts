/** The metrics slice: definitions from the snapshot and events, readings merged and added to the recent chart. */
import { describe, expect, it, vi } from 'vitest';
import type { MetricView } from '../../shared/schemas/metrics';
import { event, joined, snapshot, useFakeSocket, WINDOW_START } from './test-fixtures';
import { fakeSocket } from './test-socket';

vi.mock('../socket', () => import('./test-socket'));
useFakeSocket();

const at = Date.parse(WINDOW_START);

const metric = (key: string, over: Partial<MetricView> = {}): MetricView => ({
	key,
	name: `Metric ${key}`,
	unit: 'ms',
	kind: 'gauge',
	direction: 'above',
	warning: 800,
	critical: 2000,
	sustainSeconds: 60,
	clearMargin: 0,
	position: 1,
	version: 1,
	level: 'ok',
	levelSince: null,
	lastAt: new Date(at).toISOString(),
	raw: 100,
	value: 100,
	source: null,
	selector: null,
	services: [],
	sourceDown: false,
	recent: [[at, 100, 100, 100]],
	...over
});

describe('the metrics slice', () => {
	it('takes the snapshot’s metrics, merges readings into them and keeps a changed definition’s chart', async () => {
		const live = await joined({
			...snapshot(10),
			metrics: [metric('p95'), metric('users', { position: 2 })]
		});
		const reading = (seq: number, ms: number, value: number) =>
			event(seq, 'metrics.updated', {
				metrics: [
					{
						key: 'p95',
						level: 'warning',
						levelSince: WINDOW_START,
						lastAt: new Date(at + ms).toISOString(),
						raw: value,
						value
					}
				]
			});
		fakeSocket.fire('cutover:event', reading(11, 1000, 900));
		const p95 = () => live.metrics.metrics.find((m) => m.key === 'p95')!;
		expect(p95()).toMatchObject({ level: 'warning', value: 900, name: 'Metric p95' });
		expect(p95().recent).toEqual([
			[at, 100, 100, 100],
			[at + 1000, 900, 900, 900]
		]);
		// A reading replayed adds no point; an edited definition keeps the chart.
		fakeSocket.fire('cutover:event', reading(12, 1000, 900));
		fakeSocket.fire(
			'cutover:event',
			event(13, 'metric.updated', { metric: metric('p95', { name: 'p95', recent: [] }), changed: ['name'] })
		);
		expect(p95()).toMatchObject({ name: 'p95' });
		expect(p95().recent).toHaveLength(2);
		fakeSocket.fire(
			'cutover:event',
			event(14, 'metric.created', { metric: metric('cpu', { position: 0, recent: [] }) })
		);
		fakeSocket.fire('cutover:event', event(15, 'metric.removed', { key: 'users' }));
		expect(live.metrics.metrics.map((m) => m.key)).toEqual(['cpu', 'p95']);
		live.destroy();
	});

	it('marks the metrics a source feeds while it is down, and clears the mark when it is up or moved', async () => {
		const live = await joined({
			...snapshot(10),
			metrics: [metric('users', { source: 'app', selector: 'app_users' }), metric('p95', { position: 2 })]
		});
		const source = (state: 'up' | 'down' | 'unknown') => ({
			key: 'app',
			kind: 'scrape' as const,
			url: 'http://app:9100/metrics',
			intervalSeconds: 15,
			timeoutMs: 5000,
			state,
			lastError: state === 'down' ? 'connection refused' : null,
			lastPullAt: WINDOW_START,
			lastSuccessAt: null,
			version: 1
		});
		const down = () => live.metrics.metrics.map((m) => [m.key, m.sourceDown]);
		fakeSocket.fire('cutover:event', event(11, 'metric_source.down', { source: source('down'), from: 'up' }));
		expect(down()).toEqual([
			['users', true],
			['p95', false]
		]);
		fakeSocket.fire('cutover:event', event(12, 'metric_source.up', { source: source('up'), from: 'down' }));
		expect(down()).toEqual([
			['users', false],
			['p95', false]
		]);
		fakeSocket.fire('cutover:event', event(13, 'metric_source.down', { source: source('down'), from: 'up' }));
		fakeSocket.fire(
			'cutover:event',
			event(14, 'metric_source.updated', { source: source('unknown'), changed: ['url'] })
		);
		expect(down()[0]).toEqual(['users', false]);
		live.destroy();
	});
});
