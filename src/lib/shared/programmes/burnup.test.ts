import { describe, expect, it } from 'vitest';
import { burnUp } from './burnup';

const at = (day: number) => new Date(Date.UTC(2026, 0, day)).toISOString();

describe('burnUp', () => {
	it('cumulates the plan by window end (a system’s own, else its wave’s) and the actual by migration', () => {
		const waves = new Map([['w1', at(10)]]);
		const b = burnUp(
			[
				{ stage: 'migrated', wave: 'w1', windowEnd: null, migratedAt: at(11) },
				{ stage: 'moved', wave: 'w1', windowEnd: at(5), migratedAt: null },
				{ stage: 'planned', wave: 'w1', windowEnd: null, migratedAt: null },
				{ stage: 'unplanned', wave: null, windowEnd: null, migratedAt: null }
			],
			waves,
			Date.parse(at(10))
		);
		expect(b.plan).toEqual([
			{ x: Date.parse(at(5)), y: 1 },
			{ x: Date.parse(at(10)), y: 3 }
		]);
		expect(b.actual).toEqual([{ x: Date.parse(at(11)), y: 1 }]);
		expect([b.total, b.plannedByNow, b.doneByNow, b.plannedEnd]).toEqual([4, 3, 0, Date.parse(at(10))]);
	});
});
