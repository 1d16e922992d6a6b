import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { programmeCreateInput } from '../../shared/schemas/programmes';
import type { App } from '../app';
import { boardSnapshot } from '../board/board-snapshot';
import { testDatabases } from '../db/test-db';
import { ForbiddenError, NotFoundError } from '../errors';
import { eventsAfter, writeCutover } from '../events/event.service';
import { rejection, sessionActor, testAdmin as admin, testCutover, testUser } from '../testing';
import { createProgramme, getProgramme, listProgrammes } from './programme.service';

const DAY = 86_400_000;
let programmes = 0;

describe.each(testDatabases())('programmes on $kind', (database) => {
	let app: App;

	beforeAll(async () => {
		app = await database.open();
	});
	afterAll(() => database.close());

	const newProgramme = () =>
		createProgramme(
			app,
			admin,
			programmeCreateInput.parse({
				slug: `programme-${++programmes}`,
				name: 'Data centre move',
				timezone: 'Europe/Oslo',
				windowStart: new Date(Date.now() - DAY).toISOString(),
				windowEnd: new Date(Date.now() + 365 * DAY).toISOString()
			})
		);

	it('creates a programme as a stream of its own, listed apart from cutovers, with an empty board part', async () => {
		const programme = await newProgramme();
		expect(programme.kind).toBe('programme');
		const cutover = await testCutover(app);
		const listed = (await listProgrammes(app, admin)).map((p) => p.slug);
		expect(listed).toContain(programme.slug);
		expect(listed).not.toContain(cutover.slug);
		const read = await getProgramme(app, admin, programme.slug);
		expect(read.systems).toEqual([]);
		expect(read.counts.total).toEqual({ systems: 0, machines: 0 });
		expect((await boardSnapshot(app, programme.id)).programme).toEqual({
			systems: [],
			waves: [],
			templates: []
		});
		expect((await boardSnapshot(app, cutover.id)).programme).toBeNull();
		const [created] = await eventsAfter(app, programme.id, 0);
		expect(created.type).toBe('cutover.created');
	});

	it('reads a cutover as no programme, and refuses one to a role that may not run programmes', async () => {
		const cutover = await testCutover(app);
		expect(await rejection(getProgramme(app, admin, cutover.slug))).toBeInstanceOf(NotFoundError);
		await testUser(app, 'programme-viewer', 'viewer');
		const viewer = await sessionActor(app, 'programme-viewer');
		const refused = createProgramme(
			app,
			viewer,
			programmeCreateInput.parse({
				slug: 'not-allowed',
				name: 'No',
				timezone: 'Europe/Oslo',
				windowStart: new Date().toISOString(),
				windowEnd: new Date(Date.now() + DAY).toISOString()
			})
		);
		expect(await rejection(refused)).toBeInstanceOf(ForbiddenError);
	});

	it('writes a second stream in the same transaction: both get their events in order, or neither does', async () => {
		const wave = await testCutover(app);
		const programme = await newProgramme();
		const before = (await eventsAfter(app, programme.id, 0)).length;
		await writeCutover(app, admin, wave.id, async (w) => {
			w.record('cutover.updated', { cutover: wave, changed: [] });
			await w.also(programme.id, async (p) => {
				p.record('cutover.updated', { cutover: programme, changed: [] });
			});
		});
		const programmeEvents = await eventsAfter(app, programme.id, 0);
		expect(programmeEvents).toHaveLength(before + 1);
		expect(programmeEvents.map((e) => e.seq)).toEqual(programmeEvents.map((_, i) => i + 1));
		// A refusal in the second stream's work rolls back both.
		const waveSeq = (await eventsAfter(app, wave.id, 0)).length;
		const failed = writeCutover(app, admin, wave.id, async (w) => {
			w.record('cutover.updated', { cutover: wave, changed: [] });
			await w.also(programme.id, async () => {
				throw new ForbiddenError({ reason: 'errors.tokenOtherCutover' });
			});
		});
		expect(await rejection(failed)).toBeInstanceOf(ForbiddenError);
		expect(await eventsAfter(app, wave.id, 0)).toHaveLength(waveSeq);
		expect(await eventsAfter(app, programme.id, 0)).toHaveLength(before + 1);
	});
});
