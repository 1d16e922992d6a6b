import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	coverageSlackMs,
	evaluateCondition,
	evaluateGate,
	GATE_OPS,
	GATE_STATS,
	sameEvaluation,
	STALE_AFTER_MS,
	type GateCondition,
	type GateMetric
} from './gate';

const NOW = Date.UTC(2026, 11, 5, 8, 0);
const MINUTE = 60_000;

const p95: GateCondition = {
	metric: 'p95',
	stat: 'max',
	windowMinutes: 10,
	op: '<',
	threshold: 800,
	of: null
};

/** Readings every 10 s over the last `minutes` (ending at `endAgo` ms before now). */
function readings(values: (i: number) => number, minutes = 10, endAgo = 0) {
	const list = [];
	for (let t = NOW - minutes * MINUTE + 5_000; t <= NOW - endAgo; t += 10_000)
		list.push({ at: t, value: values(list.length) });
	return list;
}

const metric = (over: Partial<GateMetric> = {}): GateMetric => ({
	warning: 800,
	critical: 2000,
	sourceDown: false,
	readings: readings(() => 500),
	...over
});

describe('a gate condition', () => {
	it('takes the figure of the window and compares it with the limit', () => {
		const spike = metric({ readings: readings((i) => (i === 30 ? 950 : 500)) });
		expect(evaluateCondition(p95, spike, NOW)).toMatchObject({ figure: 950, limit: 800, pass: false });
		expect(evaluateCondition({ ...p95, stat: 'last' }, spike, NOW)).toMatchObject({
			figure: 500,
			pass: true
		});
		// 59 readings of 500 and one of 950: 507.5, kept to three digits.
		expect(evaluateCondition({ ...p95, stat: 'avg' }, spike, NOW).figure).toBe(508);
	});

	it('reads a threshold of a capacity line as that share of the line', () => {
		const users = { ...p95, stat: 'last' as const, threshold: 80, of: 'critical' as const };
		expect(evaluateCondition(users, metric(), NOW)).toMatchObject({ limit: 1600, figure: 500, pass: true });
		expect(evaluateCondition(users, metric({ critical: null }), NOW)).toMatchObject({
			missing: 'noLine',
			pass: false
		});
	});

	it('has no figure to pass on without full data, and says why', () => {
		const why = (m: GateMetric | undefined) => evaluateCondition(p95, m, NOW).missing;
		expect(why(undefined)).toBe('unknownMetric');
		expect(why(metric({ sourceDown: true }))).toBe('sourceDown');
		expect(why(metric({ readings: [] }))).toBe('noReadings');
		expect(why(metric({ readings: readings(() => 500, 10, STALE_AFTER_MS + 10_000) }))).toBe('stale');
		// Readings of the last two minutes only do not stand for a ten-minute window.
		expect(why(metric({ readings: readings(() => 500, 2) }))).toBe('partialWindow');
		expect(
			why(metric({ readings: readings(() => 500, 10 - coverageSlackMs(10 * MINUTE) / MINUTE + 0.5) }))
		).toBe(null);
	});
});

describe('a gate', () => {
	it('passes only once its time has come and every condition is met', () => {
		const stage = { key: 'ten', notBefore: new Date(NOW + 30_000).toISOString(), conditions: [p95] };
		const metrics = new Map([['p95', metric()]]);
		expect(evaluateGate(stage, metrics, NOW)).toMatchObject({ passed: false, notBefore: { reached: false } });
		expect(evaluateGate(stage, metrics, NOW + 30_000).passed).toBe(true);
		expect(evaluateGate({ ...stage, notBefore: null, conditions: [] }, new Map(), NOW).passed).toBe(true);
	});

	it('never passes on a window with a missing source, whatever its conditions and readings', () => {
		const condition = fc.record({
			metric: fc.constantFrom('a', 'b', 'c'),
			stat: fc.constantFrom(...GATE_STATS),
			windowMinutes: fc.integer({ min: 1, max: 30 }),
			op: fc.constantFrom(...GATE_OPS),
			threshold: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
			of: fc.constantFrom(null, 'warning' as const, 'critical' as const)
		});
		const reading = fc.record({
			at: fc.integer({ min: NOW - 40 * MINUTE, max: NOW }),
			value: fc.double({ min: -1e6, max: 1e6, noNaN: true })
		});
		const gateMetric = fc.record({
			warning: fc.option(fc.double({ min: 1, max: 1e6, noNaN: true })),
			critical: fc.option(fc.double({ min: 1, max: 1e6, noNaN: true })),
			sourceDown: fc.boolean(),
			readings: fc.array(reading, { maxLength: 60 }).map((list) => list.sort((x, y) => x.at - y.at))
		});
		fc.assert(
			fc.property(
				fc.array(condition, { minLength: 1, maxLength: 4 }),
				fc.dictionary(fc.constantFrom('a', 'b', 'c'), gateMetric),
				(conditions, byKey) => {
					const metrics = new Map(Object.entries(byKey));
					const gate = evaluateGate({ key: 's', notBefore: null, conditions }, metrics, NOW);
					const missingSource = conditions.some((c) => {
						const m = metrics.get(c.metric);
						return !m || m.sourceDown || !m.readings.some((r) => r.at > NOW - c.windowMinutes * MINUTE);
					});
					if (missingSource) expect(gate.passed).toBe(false);
					for (const c of gate.conditions) if (c.missing !== null) expect(c.pass).toBe(false);
				}
			)
		);
	});

	it('is the same evaluation when only the time of evaluating moved', () => {
		const stage = { key: 'ten', notBefore: null, conditions: [p95] };
		const metrics = new Map([['p95', metric()]]);
		const first = evaluateGate(stage, metrics, NOW);
		const again = JSON.parse(JSON.stringify({ ...evaluateGate(stage, metrics, NOW), at: 'later' }));
		expect(sameEvaluation(first, again)).toBe(true);
		const spike = new Map([['p95', metric({ readings: readings((i) => (i === 55 ? 900 : 500)) })]]);
		expect(sameEvaluation(first, evaluateGate(stage, spike, NOW))).toBe(false);
	});
});
