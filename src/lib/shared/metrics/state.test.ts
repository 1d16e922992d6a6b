import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readingsOf, type Sample } from './readings';
import {
	advanceMetric,
	backPastLine,
	initialMetricState,
	pastLine,
	type MetricLines,
	type Transition
} from './state';

const S = 1000;
const T0 = Date.parse('2026-12-04T18:00:00Z');

const lines = (over: Partial<MetricLines> = {}): MetricLines => ({
	kind: 'gauge',
	direction: 'above',
	warning: 80,
	critical: 95,
	sustainSeconds: 60,
	clearMargin: 5,
	...over
});

/** Samples every `every` seconds from T0, one per value. */
const series = (values: number[], every = 10): Sample[] =>
	values.map((value, i) => ({ at: T0 + i * every * S, value }));

const run = (l: MetricLines, samples: Sample[]) => advanceMetric(l, initialMetricState(), samples);

describe('breach states', () => {
	it('breaches a line only after the readings stayed past it for the sustain time', () => {
		// 10 s apart: past 80 from the 2nd sample; 60 s later (the 8th) the warning breaches.
		const { state, transitions } = run(lines(), series([50, 85, 85, 85, 85, 85, 85, 85, 85]));
		expect(transitions).toEqual([
			{
				kind: 'breached',
				level: 'warning',
				from: 'ok',
				to: 'warning',
				value: 85,
				at: T0 + 70 * S,
				since: T0 + 10 * S
			}
		]);
		expect(state.level).toBe('warning');
		expect(state.levelSince).toBe(T0 + 10 * S);
	});

	it('does not breach when one reading in the run falls back', () => {
		const { transitions } = run(lines(), series([85, 85, 85, 79, 85, 85, 85, 85, 85]));
		expect(transitions).toEqual([]);
	});

	it('goes straight to critical when both lines breach at once, and clears with hysteresis', () => {
		const up = run(lines(), series([99, 99, 99, 99, 99, 99, 99]));
		expect(up.transitions.map((t) => [t.kind, t.level, t.to])).toEqual([
			['breached', 'critical', 'critical']
		]);
		// 92 is under the critical line but within its margin (95 - 5): it neither clears nor starts clearing.
		const hover = advanceMetric(
			lines(),
			up.state,
			series([92, 92, 92, 92, 92, 92, 92, 92], 10).map(shift(100))
		);
		expect(hover.transitions).toEqual([]);
		// 89 is back past the margin: after 60 s of it critical clears, and the warning holds (89 > 80).
		const back = advanceMetric(
			lines(),
			hover.state,
			series([89, 89, 89, 89, 89, 89, 89], 10).map(shift(200))
		);
		expect(back.transitions.map((t) => [t.kind, t.level, t.from, t.to])).toEqual([
			['cleared', 'critical', 'critical', 'warning']
		]);
		// Down to 50: the warning clears after 60 s more.
		const ok = advanceMetric(lines(), back.state, series([50, 50, 50, 50, 50, 50, 50], 10).map(shift(300)));
		expect(ok.transitions.map((t) => [t.kind, t.level, t.to])).toEqual([['cleared', 'warning', 'ok']]);
		expect(ok.state.level).toBe('ok');
	});

	it('breaches downwards for a metric whose lines are below it', () => {
		const l = lines({ direction: 'below', warning: 20, critical: 10, sustainSeconds: 0, clearMargin: 0 });
		const { transitions } = run(l, series([30, 15, 5, 25]));
		expect(transitions.map((t) => [t.kind, t.level, t.to])).toEqual([
			['breached', 'warning', 'warning'],
			['breached', 'critical', 'critical'],
			['cleared', 'critical', 'ok']
		]);
	});

	it('judges only samples later than the last one judged, in time order', () => {
		const first = run(lines({ sustainSeconds: 0 }), series([50, 60]));
		const late = advanceMetric(lines({ sustainSeconds: 0 }), first.state, [{ at: T0, value: 99 }]);
		expect(late.transitions).toEqual([]);
		expect(late.state).toEqual(first.state);
	});

	it('clears a breach whose line was removed with the next reading', () => {
		const breached = run(lines({ sustainSeconds: 0 }), series([90]));
		expect(breached.state.level).toBe('warning');
		const next = advanceMetric(lines({ sustainSeconds: 0, warning: null }), breached.state, [
			{ at: T0 + 10 * S, value: 90 }
		]);
		expect(next.transitions.map((t) => [t.kind, t.level, t.to])).toEqual([['cleared', 'warning', 'ok']]);
	});

	it('reads a rate as the counter’s increase per second, a restart counted from zero', () => {
		expect(
			readingsOf('rate', { at: T0, value: 100 }, [
				{ at: T0 + 10 * S, value: 200 },
				{ at: T0 + 20 * S, value: 50 },
				{ at: T0 + 20 * S, value: 60 }
			])
		).toEqual([
			{ at: T0 + 10 * S, value: 10 },
			{ at: T0 + 20 * S, value: 5 }
		]);
		const l = lines({ kind: 'rate', warning: 8, critical: null, sustainSeconds: 0 });
		const { state, transitions } = run(l, series([0, 100, 200]));
		expect(state.value).toBe(10);
		expect(state.lastRaw).toBe(200);
		expect(transitions.map((t) => t.level)).toEqual(['warning']);
	});
});

const shift = (seconds: number) => (s: Sample) => ({ ...s, at: s.at + seconds * S });

/** Lines whose critical is beyond their warning, with any sustain and margin. */
const anyLines = fc
	.record({
		direction: fc.constantFrom('above' as const, 'below' as const),
		warning: fc.integer({ min: -50, max: 50 }),
		gap: fc.integer({ min: 1, max: 50 }),
		withWarning: fc.boolean(),
		sustainSeconds: fc.integer({ min: 0, max: 120 }),
		clearMargin: fc.integer({ min: 0, max: 10 })
	})
	.map((r): MetricLines => ({
		kind: 'gauge',
		direction: r.direction,
		warning: r.withWarning ? r.warning : null,
		critical: r.direction === 'above' ? r.warning + r.gap : r.warning - r.gap,
		sustainSeconds: r.sustainSeconds,
		clearMargin: r.clearMargin
	}));

/** Readings in time order: gaps of 1 to 30 s, values around the lines. */
const anySamples = fc
	.array(fc.record({ gap: fc.integer({ min: 1, max: 30 }), value: fc.integer({ min: -120, max: 120 }) }), {
		maxLength: 80
	})
	.map((rows) => {
		let at = T0;
		return rows.map((r) => ({ at: (at += r.gap * S), value: r.value }));
	});

const lineOf = (l: MetricLines, t: Transition) => (t.level === 'critical' ? l.critical : l.warning)!;

describe('breach states, for any readings', () => {
	it('never breach a line no reading went past', () => {
		fc.assert(
			fc.property(anyLines, anySamples, (l, samples) => {
				const innerLine = l.warning ?? l.critical!;
				const calm = samples.filter((s) => !pastLine(l.direction, s.value, innerLine));
				const { state, transitions } = run(l, calm);
				expect(transitions).toEqual([]);
				expect(state.level).toBe('ok');
			})
		);
	});

	it('breach only after readings stayed past the line for the sustain time, and clear only after as long back', () => {
		fc.assert(
			fc.property(anyLines, anySamples, (l, samples) => {
				for (const t of run(l, samples).transitions) {
					expect(t.at - t.since).toBeGreaterThanOrEqual(l.sustainSeconds * S);
					const during = samples.filter((s) => s.at >= t.since && s.at <= t.at);
					const line = lineOf(l, t);
					for (const s of during)
						if (t.kind === 'breached') expect(pastLine(l.direction, s.value, line)).toBe(true);
						// A clearing by a removed line has no run; here every line is drawn.
						else expect(backPastLine(l.direction, s.value, line, l.clearMargin)).toBe(true);
				}
			})
		);
	});

	it('come out the same judged in any batches as judged at once (the state survives between pushes)', () => {
		fc.assert(
			fc.property(anyLines, anySamples, fc.array(fc.nat(), { maxLength: 5 }), (l, samples, cuts) => {
				const whole = run(l, samples);
				const points = [...new Set(cuts.map((c) => c % (samples.length + 1)))].sort((a, b) => a - b);
				let state = initialMetricState();
				const transitions: Transition[] = [];
				let start = 0;
				for (const end of [...points, samples.length]) {
					const step = advanceMetric(l, state, samples.slice(start, end));
					state = step.state;
					transitions.push(...step.transitions);
					start = end;
				}
				expect(state).toEqual(whole.state);
				expect(transitions).toEqual(whole.transitions);
			})
		);
	});

	it('alternate breaches and clearings, each from the level the one before left', () => {
		fc.assert(
			fc.property(anyLines, anySamples, (l, samples) => {
				let level = 'ok';
				for (const t of run(l, samples).transitions) {
					expect(t.from).toBe(level);
					expect(t.to).not.toBe(t.from);
					level = t.to;
				}
			})
		);
	});
});
