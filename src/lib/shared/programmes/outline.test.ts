import { describe, expect, it } from 'vitest';
import type { BoardSnapshot } from '../events';
import type { SystemView, WaveView } from '../schemas/programmes';
import { programmeCounts } from './counts';
import { programmeBurnUp, programmeFirstPaint } from './outline';

const NOW = Date.UTC(2026, 11, 5, 12);
const wave: WaveView = {
	slug: 'w1',
	name: 'Wave 1',
	timezone: 'Europe/Oslo',
	windowStart: new Date(NOW - 86_400_000).toISOString(),
	windowEnd: new Date(NOW + 86_400_000).toISOString()
};
const system = (key: string, over: Partial<SystemView> = {}): SystemView => ({
	key,
	name: `System ${key}`,
	agency: 'NAV',
	environment: 'test',
	vmCount: 3,
	machines: ['db01.internal'],
	criticality: 'medium',
	contactName: 'Kari',
	contactEmail: 'kari@example.org',
	testers: [],
	templateKey: null,
	wave: null,
	windowStart: null,
	windowEnd: null,
	builtFromVersion: null,
	stage: 'unplanned',
	startedAt: null,
	movedAt: null,
	migratedAt: null,
	verdicts: {},
	version: 1,
	...over
});

describe('programmeFirstPaint', () => {
	it('leaves the systems out and counts them as the board would, naming only those asked for', () => {
		const systems = [
			system('S1', { wave: 'w1', stage: 'migrated', migratedAt: new Date(NOW - 3_600_000).toISOString() }),
			system('S2', { wave: 'w1', stage: 'moving', environment: 'production' }),
			system('S3')
		];
		const part = { systems, waves: [wave], templates: [] };
		const snapshot = { seq: 7, programme: part } as unknown as BoardSnapshot;
		const { snapshot: light, outline } = programmeFirstPaint(snapshot, part, NOW, new Set(['S2']));
		expect(light.seq).toBe(7);
		expect(light.programme).toEqual({ systems: [], waves: [wave], templates: [] });
		expect(outline.counts).toEqual(programmeCounts(systems, [wave], NOW));
		expect(outline.counts.done).toEqual({ systems: 1, machines: 3 });
		expect(outline.burnUp).toEqual(programmeBurnUp(part, NOW));
		expect(outline.burnUp.doneByNow).toBe(1);
		expect(outline.names).toEqual({ S2: 'System S2' });
	});
});
