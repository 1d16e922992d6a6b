import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topologicalIndices, topologicalOrder } from '../schedule';
import { boundedInstant } from '../time';
import { projectEnd, type ForecastTask, type ForecastTransfer } from './graph';
import {
	MIN_RATE_SHARE,
	STREAM_BAND,
	TASK_SPREAD,
	TRANSFER_SPREAD,
	simulateForecast,
	streamRateShape
} from './simulate';
import { task, transfer, W } from './test-fixtures';

const MIN = 60_000;
const NOW = W + 60 * MIN;

const forecast = (tasks: ForecastTask[], transfers: ForecastTransfer[] = [], extra = {}) =>
	simulateForecast({
		tasks,
		transfers,
		windowStart: W,
		windowEnd: W + 8 * 60 * MIN,
		now: NOW,
		seed: 1,
		...extra
	});

/** A runbook whose every step knows how long it may take at least and at most. */
interface Bounded {
	tasks: ForecastTask[];
	transfers: ForecastTransfer[];
	/** The same runbook with every unfinished step at its shortest, or its longest. */
	shortest: { tasks: ForecastTask[]; transfers: ForecastTransfer[] };
	longest: { tasks: ForecastTask[]; transfers: ForecastTransfer[] };
}

const duration = fc.integer({ min: 0, max: 180 });
const threePoint = fc
	.tuple(duration, duration, duration)
	.map((v) => v.sort((a, b) => a - b))
	.map(([optimistic, likely, pessimistic]) => ({ optimistic, likely, pessimistic }));

const taskArb = fc.record({
	duration,
	deps: fc.array(fc.nat(), { maxLength: 3 }),
	transferDeps: fc.array(fc.nat(), { maxLength: 2 }),
	how: fc.oneof(
		fc.record({ kind: fc.constant('estimate' as const), estimate: threePoint }),
		fc.record({
			kind: fc.constant('rehearsals' as const),
			minutes: fc.array(duration, { minLength: 2, maxLength: 4 })
		}),
		fc.record({ kind: fc.constant('planned' as const) })
	),
	state: fc.oneof(
		fc.record({ status: fc.constant('not_started' as const) }),
		fc.record({ status: fc.constant('in_progress' as const), startedAgo: fc.integer({ min: 0, max: 60 }) }),
		fc.record({ status: fc.constant('done' as const), endedAgo: fc.integer({ min: 0, max: 60 }) })
	),
	notBefore: fc.option(fc.integer({ min: 0, max: 600 }), { nil: null })
});

const transferArb = fc.record({
	deps: fc.array(fc.nat(), { maxLength: 2 }),
	planned: fc.integer({ min: 0, max: 300 }),
	stream: fc.option(
		fc.record({
			rate: fc.integer({ min: 1, max: 1000 }),
			lowShare: fc.double({ min: 0, max: 1, noNaN: true }),
			highShare: fc.double({ min: 1, max: 3, noNaN: true }),
			remaining: fc.integer({ min: 1, max: 100_000 }),
			reportedAgo: fc.integer({ min: 0, max: 30 })
		}),
		{ nil: null }
	)
});

const bounded: fc.Arbitrary<Bounded> = fc
	.tuple(fc.array(taskArb, { minLength: 1, maxLength: 12 }), fc.array(transferArb, { maxLength: 3 }))
	.map(([taskSpecs, transferSpecs]) => {
		const transferKeys = transferSpecs.map((_, i) => `X${i}`);
		const variants = (['sampled', 'shortest', 'longest'] as const).map((variant) => {
			const tasks = taskSpecs.map((spec, i): ForecastTask => {
				const { how, state } = spec;
				const extremes =
					how.kind === 'estimate'
						? [how.estimate.optimistic, how.estimate.pessimistic]
						: how.kind === 'rehearsals'
							? [Math.min(...how.minutes), Math.max(...how.minutes)]
							: [spec.duration * TASK_SPREAD.low, spec.duration * TASK_SPREAD.high];
				const sampled = variant === 'sampled';
				return task(`T${i}`, sampled ? spec.duration : extremes[variant === 'shortest' ? 0 : 1], {
					dependsOn: i ? [...new Set(spec.deps.map((d) => `T${d % i}`))] : [],
					dependsOnTransfers: transferKeys.length
						? [...new Set(spec.transferDeps.map((d) => transferKeys[d % transferKeys.length]))]
						: [],
					notBefore: spec.notBefore === null ? null : W + spec.notBefore * MIN,
					status: state.status,
					actualStart:
						state.status === 'in_progress'
							? NOW - state.startedAgo * MIN
							: state.status === 'done'
								? NOW - 90 * MIN
								: null,
					actualEnd: state.status === 'done' ? NOW - state.endedAgo * MIN : null,
					estimate: sampled && how.kind === 'estimate' ? how.estimate : null,
					rehearsalMinutes: sampled && how.kind === 'rehearsals' ? how.minutes : []
				});
			});
			const transfers = transferSpecs.map((spec, i): ForecastTransfer => {
				// Transfers wait only for the first few tasks, which wait for no transfer: no cycles.
				const dependsOn = [...new Set(spec.deps.map((d) => `T${d % Math.min(2, tasks.length)}`))];
				if (!spec.stream) {
					const spread = { sampled: 1, shortest: TRANSFER_SPREAD.low, longest: TRANSFER_SPREAD.high };
					return transfer(transferKeys[i], {
						dependsOn,
						plannedDurationMs: spec.planned * MIN * spread[variant]
					});
				}
				const { rate, lowShare, highShare, remaining, reportedAgo } = spec.stream;
				const perMs = rate / MIN;
				const lastProgressAt = NOW - reportedAgo * MIN;
				const band = streamRateShape(perMs, perMs * lowShare, perMs * highShare);
				const rateOf = { sampled: perMs, shortest: band.max, longest: band.min };
				return transfer(transferKeys[i], {
					dependsOn,
					startedAt: NOW - 60 * MIN,
					done: 1,
					total: 1 + remaining,
					rate: { perMs, lowPerMs: perMs * lowShare, highPerMs: perMs * highShare, basis: 'observed' },
					eta: Math.max(NOW, lastProgressAt + remaining / rateOf[variant]),
					lastProgressAt
				});
			});
			// Tasks T0 and T1 may not wait for transfers (see above).
			for (const t of tasks.slice(0, 2)) t.dependsOnTransfers = [];
			return { tasks, transfers };
		});
		const [sampled, shortest, longest] = variants;
		return { ...sampled, shortest, longest };
	});

describe('simulateForecast', () => {
	it('keeps every sample between the runbook at its shortest and at its longest', () => {
		fc.assert(
			fc.property(bounded, fc.integer(), (plan, seed) => {
				const earliest = projectEnd(plan.shortest.tasks, plan.shortest.transfers, W, NOW).end;
				const latest = projectEnd(plan.longest.tasks, plan.longest.transfers, W, NOW).end;
				const run = (windowEnd: number) =>
					simulateForecast({ ...plan, windowStart: W, windowEnd, now: NOW, samples: 200, seed });
				// 1 ms of slack for rounding: the sums are formed in another order.
				const cannotOverrun = run(latest + 1);
				expect(cannotOverrun.probability).toBe(1);
				expect(run(earliest - 1).probability).toBe(0);
				expect(cannotOverrun.p50).toBeGreaterThanOrEqual(earliest - 1);
				expect(cannotOverrun.p90).toBeGreaterThanOrEqual(cannotOverrun.p50);
				expect(cannotOverrun.p90).toBeLessThanOrEqual(latest + 1);
			}),
			{ numRuns: 200 }
		);
	});

	it('projects the same end as the schedule does (its own pass runs over indices, not keys)', () => {
		fc.assert(
			fc.property(bounded, fc.integer(), (plan, seed) => {
				const result = simulateForecast({
					...plan,
					windowStart: W,
					windowEnd: W,
					now: NOW,
					samples: 1,
					seed
				});
				expect(result.projectedEnd).toBe(boundedInstant(projectEnd(plan.tasks, plan.transfers, W, NOW).end));
			}),
			{ numRuns: 200 }
		);
	});

	it('orders nodes over indices exactly as the schedule orders them over keys, cycles left out', () => {
		fc.assert(
			fc.property(fc.array(fc.array(fc.nat(), { maxLength: 4 }), { maxLength: 40 }), (lists) => {
				// Any dependencies, cycles and repeats included.
				const nodes = lists.map((deps, i) => ({
					key: `n${i}`,
					dependsOn: deps.map((d) => `n${d % lists.length}`)
				}));
				const depStart = new Int32Array(nodes.length + 1);
				const deps: number[] = [];
				nodes.forEach((node, i) => {
					for (const d of node.dependsOn) deps.push(Number(d.slice(1)));
					depStart[i + 1] = deps.length;
				});
				const byIndex = [...topologicalIndices(depStart, Int32Array.from(deps))].map((i) => `n${i}`);
				expect(byIndex).toEqual(topologicalOrder(nodes));
			})
		);
	});

	it('gives the same result for the same seed, and may differ for another', () => {
		fc.assert(
			fc.property(bounded, fc.integer(), (plan, seed) => {
				const input = { ...plan, windowStart: W, windowEnd: W + 300 * MIN, now: NOW, samples: 100, seed };
				expect(simulateForecast(input)).toEqual(simulateForecast({ ...input }));
			}),
			{ numRuns: 50 }
		);
		const tasks = [task('A', 100), task('B', 100, { dependsOn: ['A'] })];
		const p50s = new Set([1, 2, 3, 4, 5].map((seed) => forecast(tasks, [], { seed, samples: 50 }).p50));
		expect(p50s.size).toBeGreaterThan(1);
	});

	it('starts a task waiting for a transfer after the transfer ends', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 10_000 }),
				fc.integer({ min: 1, max: 1000 }),
				fc.integer({ min: 1, max: 120 }),
				(remaining, rate, minutes) => {
					const perMs = rate / MIN;
					const eta = NOW + remaining / perMs;
					const orders = transfer('orders', {
						startedAt: W,
						done: 1,
						total: 1 + remaining,
						rate: { perMs, lowPerMs: perMs, highPerMs: perMs, basis: 'observed' },
						eta,
						lastProgressAt: NOW
					});
					const estimate = { optimistic: minutes, likely: minutes, pessimistic: minutes };
					const load = task('load', minutes, { dependsOnTransfers: ['orders'], estimate });
					const projected = projectEnd([load], [orders], W, NOW);
					expect(projected.end).toBeCloseTo(eta + minutes * MIN, 3);
					expect(projected.criticalPath.map((n) => n.key)).toEqual(['orders', 'load']);
					// Even a steady stream's rate is drawn from a band (STREAM_BAND): the load starts after the
					// transfer at its fastest and its slowest.
					const result = forecast([load], [orders], { samples: 20 });
					const after = (share: number) => Math.max(NOW, NOW + remaining / (perMs * share)) + minutes * MIN;
					expect(result.p50).toBeGreaterThanOrEqual(after(STREAM_BAND.high) - 1);
					expect(result.p90).toBeLessThanOrEqual(after(STREAM_BAND.low) + 1);
				}
			)
		);
	});

	it('uses the actual times of finished work and leaves it out of the drivers', () => {
		const tasks = [
			task('A', 10, { status: 'done', actualStart: W, actualEnd: W + 50 * MIN }),
			task('B', 10, {
				status: 'skipped',
				dependsOn: ['A'],
				actualStart: W + 50 * MIN,
				actualEnd: W + 55 * MIN
			})
		];
		const done = transfer('orders', { startedAt: W, finishedAt: W + 40 * MIN, done: 1000 });
		const result = forecast(tasks, [done], { windowEnd: W + 55 * MIN });
		expect(result).toMatchObject({
			projectedEnd: W + 55 * MIN,
			p50: W + 55 * MIN,
			p90: W + 55 * MIN,
			probability: 1,
			drivers: []
		});
		expect(forecast(tasks, [done], { windowEnd: W + 54 * MIN }).probability).toBe(0);
	});

	it('never ends running work before now', () => {
		const running = task('A', 10, { status: 'in_progress', actualStart: W });
		const result = forecast([running]);
		expect(result.p50).toBe(NOW);
		expect(result.p90).toBe(NOW);
	});

	it('draws a task without estimate from 0.9 to 1.5 times its planned duration', () => {
		const result = forecast([task('A', 100)], [], { now: W, windowEnd: W + 100 * MIN });
		// The median of the triangular (90, 100, 150): 150 - sqrt(0.5 * 60 * 50).
		expect(TASK_SPREAD).toEqual({ low: 0.9, high: 1.5 });
		expect((result.p50 - W) / MIN).toBeCloseTo(150 - Math.sqrt(1500), 0);
		expect(result.p90).toBeLessThanOrEqual(W + 150 * MIN);
		expect(result.probability).toBeGreaterThan(0.1);
		expect(result.probability).toBeLessThan(0.3);
	});

	it('draws a running transfer at least STREAM_BAND wide, its observed band where wider, never near a pause', () => {
		const steady = streamRateShape(100, 100, 100);
		expect([steady.min, steady.max]).toEqual([100 * STREAM_BAND.low, 100 * STREAM_BAND.high]);
		const bursty = streamRateShape(100, 20, 300);
		expect([bursty.min, bursty.max]).toEqual([20, 300]);
		expect(streamRateShape(100, 0, 100).min).toBe(100 * MIN_RATE_SHARE);
	});

	it('picks one of the rehearsal durations', () => {
		const result = forecast([task('A', 30, { rehearsalMinutes: [20, 50] })], [], {
			now: W,
			windowEnd: W + 20 * MIN
		});
		expect([W + 20 * MIN, W + 50 * MIN]).toContain(result.p50);
		expect(result.p90).toBe(W + 50 * MIN);
		expect(result.probability).toBeGreaterThan(0.4);
		expect(result.probability).toBeLessThan(0.6);
	});

	it('runs a transfer with no rate over its planned span from its start', () => {
		const stalled = transfer('orders', { startedAt: NOW - 30 * MIN, plannedDurationMs: 100 * MIN });
		const result = forecast([], [stalled]);
		expect(result.p50).toBeGreaterThanOrEqual(NOW + 70 * MIN - 10 * MIN);
		expect(result.p90).toBeLessThanOrEqual(NOW + 120 * MIN);
	});

	it('names the steps on the critical path, by how often they are on it', () => {
		const tasks = [
			task('start', 10),
			task('long', 120, { dependsOn: ['start'] }),
			task('short', 10, { dependsOn: ['start'] }),
			task('a', 60, { dependsOn: ['long'] }),
			task('b', 58, { dependsOn: ['long'] }),
			task('end', 5, { dependsOn: ['a', 'b'] })
		];
		const { drivers } = forecast(tasks, [], { now: W });
		const share = new Map(drivers.map((d) => [d.key, d.criticality]));
		for (const key of ['start', 'long', 'end']) expect(share.get(key)).toBe(1);
		expect(share.has('short')).toBe(false);
		expect(share.get('a')! + share.get('b')!).toBe(1);
		expect(share.get('a')).toBeGreaterThan(share.get('b')!);
		expect(drivers.map((d) => d.criticality)).toEqual([1, 1, 1, share.get('a'), share.get('b')]);
		expect(drivers.every((d) => d.kind === 'task')).toBe(true);
	});

	it('reports its sample count and seed, with at least one sample', () => {
		const result = forecast([task('A', 10)], [], { samples: 0, seed: 99 });
		expect(result).toMatchObject({ samples: 1, seed: 99 });
	});
});
