import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { programmeCounts, type CountedSystem, type CountedWave, type Tally } from './counts';
import { ENVIRONMENTS, SYSTEM_STAGES } from './rules';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 11, 5, 12);

const waveArb = (i: number): fc.Arbitrary<CountedWave> =>
	fc
		.record({ start: fc.integer({ min: -200, max: 200 }), hours: fc.integer({ min: 1, max: 100 }) })
		.map((w) => ({
			slug: `wave-${i}`,
			name: `Wave ${i}`,
			windowStart: new Date(NOW + w.start * HOUR).toISOString(),
			windowEnd: new Date(NOW + (w.start + w.hours) * HOUR).toISOString()
		}));

const programmeArb = fc.integer({ min: 0, max: 6 }).chain((waveCount) =>
	fc.record({
		waves: fc.tuple(...Array.from({ length: waveCount }, (_, i) => waveArb(i))),
		systems: fc.array(
			fc.record({
				stage: fc.constantFrom(...SYSTEM_STAGES),
				environment: fc.constantFrom(...ENVIRONMENTS),
				agency: fc.constantFrom('Skatteetaten', 'NAV', 'Politiet', 'Ä-agency'),
				wave: fc.option(fc.integer({ min: 0, max: Math.max(0, waveCount - 1) }), { nil: null }),
				vmCount: fc.integer({ min: 0, max: 50 })
			}),
			{ maxLength: 60 }
		)
	})
);

const sum = (tallies: Tally[]): Tally =>
	tallies.reduce((a, t) => ({ systems: a.systems + t.systems, machines: a.machines + t.machines }), {
		systems: 0,
		machines: 0
	});

describe('programmeCounts', () => {
	it('adds up across every grouping: stages, environments, agencies and waves all sum to the total', () => {
		fc.assert(
			fc.property(programmeArb, ({ waves, systems: drawn }) => {
				const systems: CountedSystem[] = drawn.map((s) => ({
					...s,
					wave: s.wave === null || waves.length === 0 ? null : waves[s.wave].slug
				}));
				const c = programmeCounts(systems, waves, NOW);
				expect(c.total).toEqual(sum(systems.map((s) => ({ systems: 1, machines: s.vmCount }))));
				expect(sum(Object.values(c.byStage))).toEqual(c.total);
				for (const groups of [Object.values(c.byEnvironment), c.byAgency, c.byWave]) {
					expect(sum(groups.map((g) => g.total))).toEqual(c.total);
					expect(sum(groups.map((g) => g.done))).toEqual(c.done);
					expect(sum(groups.map((g) => g.moved))).toEqual(c.moved);
				}
				for (const unit of ['systems', 'machines'] as const) {
					expect(c.done[unit]).toBeLessThanOrEqual(c.moved[unit]);
					expect(c.moved[unit]).toBeLessThanOrEqual(c.total[unit]);
					expect(c.done[unit] + c.toGo[unit]).toBe(c.total[unit]);
					expect(c.inCurrentWave[unit]).toBeLessThanOrEqual(c.toGo[unit]);
				}
				expect(c.done).toEqual(c.byStage.migrated);
			})
		);
	});

	it('counts a system in the current wave only while its wave is open and it is not done', () => {
		const waves: CountedWave[] = [
			{
				slug: 'now',
				name: 'Now',
				windowStart: new Date(NOW - HOUR).toISOString(),
				windowEnd: new Date(NOW + HOUR).toISOString()
			},
			{
				slug: 'later',
				name: 'Later',
				windowStart: new Date(NOW + HOUR).toISOString(),
				windowEnd: new Date(NOW + 2 * HOUR).toISOString()
			}
		];
		const system = (stage: CountedSystem['stage'], wave: string): CountedSystem => ({
			stage,
			wave,
			environment: 'test',
			agency: 'NAV',
			vmCount: 3
		});
		const c = programmeCounts(
			[system('moving', 'now'), system('migrated', 'now'), system('planned', 'later')],
			waves,
			NOW
		);
		expect(c.inCurrentWave).toEqual({ systems: 1, machines: 3 });
		expect(c.byWave.map((w) => [w.wave, w.total.systems, w.done.systems])).toEqual([
			['now', 2, 1],
			['later', 1, 0]
		]);
	});
});
