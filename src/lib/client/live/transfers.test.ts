/** The transfers slice: progress merged into the streams held, their charts, and a new series. */
import { describe, expect, it, vi } from 'vitest';
import type { CutoverEvent } from '../../shared/events';
import type { ForecastView } from '../../shared/schemas/transfers';
import { event, joined, snapshot, transfer, useFakeSocket, WINDOW_START } from './test-fixtures';
import { fakeSocket } from './test-socket';

vi.mock('../socket', () => import('./test-socket'));
useFakeSocket();

describe('the transfers slice', () => {
	it('merges a progress event into the streams it holds: plan kept, points appended, a reset replaces them', async () => {
		const at = Date.parse(WINDOW_START);
		const held = transfer('customers', { done: 100, history: [[at, 100]] });
		const live = await joined(snapshot(10, undefined, [held, transfer('cases', { position: 2 })]));
		const progressed = (seq: number, entries: object[]) =>
			({
				seq,
				type: 'transfer.progressed',
				at: WINDOW_START,
				actor: { id: null, name: 'transfer progress' },
				data: { transfers: entries }
			}) as CutoverEvent;
		const moved = { key: 'customers', done: 300, total: 1000, series: 1, startedAt: WINDOW_START };
		const figures = { finishedAt: null, ratePerHour: 600, eta: null, etaLow: null, etaHigh: null };
		fakeSocket.fire(
			'cutover:event',
			progressed(11, [{ ...moved, ...figures, lastProgressAt: new Date(at + 1000).toISOString() }])
		);
		const customers = () => live.transfers.streams.find((t) => t.key === 'customers')!;
		expect(customers()).toMatchObject({
			name: 'Stream customers',
			plannedMinutes: 60,
			done: 300,
			ratePerHour: 600
		});
		expect(customers().history).toEqual([
			[at, 100],
			[at + 1000, 300]
		]);
		expect(live.transfers.streams.map((t) => t.key)).toEqual(['customers', 'cases']);

		fakeSocket.fire(
			'cutover:event',
			progressed(12, [
				{ ...moved, ...figures, done: 5, series: 2, lastProgressAt: new Date(at + 2000).toISOString() }
			])
		);
		expect(customers()).toMatchObject({ done: 5, series: 2, name: 'Stream customers' });
		expect(customers().history).toEqual([[at + 2000, 5]]);
		// The same state again (a resync replays it) adds no point.
		fakeSocket.fire(
			'cutover:event',
			progressed(13, [
				{ ...moved, ...figures, done: 5, series: 2, lastProgressAt: new Date(at + 2000).toISOString() }
			])
		);
		expect(customers().history).toHaveLength(1);
		live.destroy();
	});

	it("keeps the server's forecast and adds each one to its history, without touching the streams", async () => {
		const live = await joined(10);
		const forecast: ForecastView = {
			basedOnSeq: 10,
			computedAt: '2024-10-10T16:00:00.000Z',
			windowEnd: '2024-10-10T23:00:00.000Z',
			projectedEnd: '2024-10-10T22:00:00.000Z',
			p50: '2024-10-10T22:10:00.000Z',
			p90: '2024-10-10T22:40:00.000Z',
			probability: 0.93,
			samples: 1000,
			seed: 7,
			atRisk: false,
			riskReasons: [],
			threshold: 0.8,
			marginMinutes: 30,
			drivers: [],
			computeMs: 12
		};
		const streams = live.transfers.streams;
		fakeSocket.fire('cutover:event', event(11, 'forecast.computed', { forecast }));
		expect(live.transfers.serverForecast).toEqual(forecast);
		expect(live.transfers.forecastHistory).toEqual([
			{
				at: Date.parse(forecast.computedAt),
				seq: 10,
				p50: Date.parse(forecast.p50),
				p90: Date.parse(forecast.p90),
				probability: 0.93
			}
		]);
		expect(live.transfers.streams).toBe(streams);
		// Quiet: the feed would drown in forecasts.
		expect(live.activity).toEqual([]);
		live.destroy();
	});
});
