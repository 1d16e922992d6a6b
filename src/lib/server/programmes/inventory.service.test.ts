import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app';
import { testDatabases } from '../db/test-db';
import { NotFoundError } from '../errors';
import { eventsAfter } from '../events/event.service';
import { rejection, testAdmin, testCutover, testInventory, testProgramme, testSystem } from '../testing';
import { getProgramme } from './programme.service';

describe.each(testDatabases())('the inventory on $kind', (database) => {
	let app: App;

	beforeAll(async () => {
		app = await database.open();
	});
	afterAll(() => database.close());

	it('creates systems, updates them by key on a second import, and leaves equal rows alone', async () => {
		const programme = await testProgramme(app);
		const first = await testInventory(app, programme.slug, [
			testSystem('SYS-1', { vmCount: 3 }),
			testSystem('SYS-2', { environment: 'production' })
		]);
		expect([first.created, first.updated, first.unchanged]).toEqual([2, 0, 0]);
		const again = await testInventory(app, programme.slug, [
			testSystem('SYS-1', { vmCount: 3 }),
			testSystem('SYS-2', { environment: 'production', agency: 'Renamed agency' })
		]);
		expect([again.created, again.updated, again.unchanged]).toEqual([0, 1, 1]);
		expect(again.systems.map((s) => [s.key, s.agency, s.version])).toEqual([['SYS-2', 'Renamed agency', 2]]);
		const read = await getProgramme(app, testAdmin, programme.slug);
		expect(read.counts.total).toEqual({ systems: 2, machines: 5 });
		expect(read.counts.byStage.unplanned.systems).toBe(2);
		const imported = (await eventsAfter(app, programme.id, 0)).filter(
			(e) => e.type === 'programme.inventory_imported'
		);
		expect(imported).toHaveLength(2);
	});

	it('refuses an import into a cutover that is no programme', async () => {
		const cutover = await testCutover(app);
		expect(await rejection(testInventory(app, cutover.slug, [testSystem('SYS-1')]))).toBeInstanceOf(
			NotFoundError
		);
	});
});
