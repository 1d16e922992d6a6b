import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { incidentOpenInput, serviceCreateInput } from '../../shared/schemas/incidents';
import {
	noticeCreateInput,
	noticePublishInput,
	noticeSettingsInput,
	noticeWithdrawInput
} from '../../shared/schemas/notices';
import type { App } from '../app';
import { boardSnapshot } from '../board/board-snapshot';
import type { Ctx } from '../context';
import { testDatabases } from '../db/test-db';
import { eventsAfter } from '../events/event.service';
import { createService, listServices } from '../incidents/catalogue.service';
import { openIncident } from '../incidents/incident.service';
import { ManualClock, testAdmin as admin, testCutover } from '../testing';
import { NoticeScheduler } from './notice-scheduler';
import { createNotice, getNotice, publishNotice, setNoticeSettings, withdrawNotice } from './notice.service';

const MIN = 60_000;
const TEXTS = {
	fi: { title: 'Huoltokatko', body: 'Markkinapaikka on poissa käytöstä.' },
	sv: { title: 'Underhåll', body: 'Marknadsplatsen är inte tillgänglig.' }
};

describe.each(testDatabases())('the notice scheduler on $kind', (database) => {
	let app: App;

	beforeAll(async () => {
		app = await database.open();
	});
	afterAll(() => database.close());

	/** A cutover with two services, and a context and a scheduler on a clock the test moves. */
	async function setup() {
		const cutover = await testCutover(app);
		for (const s of [
			{ key: 'customer', name: 'Customer e-services' },
			{ key: 'market', name: 'Expert marketplace' }
		])
			await createService(app, admin, cutover.slug, serviceCreateInput.parse(s));
		const clock = new ManualClock(Date.now());
		const ctx: Ctx = { ...app, clock };
		const scheduler = new NoticeScheduler(ctx, MIN).start();
		/** Moves the clock on; the rounds that fell due on the way have run when it resolves. */
		const advance = async (ms: number) => {
			clock.advance(ms);
			await scheduler.run();
		};
		const create = (input: z.input<typeof noticeCreateInput>) =>
			createNotice(ctx, admin, cutover.slug, noticeCreateInput.parse(input));
		const publish = (ref: string, input: z.input<typeof noticePublishInput> = {}) =>
			publishNotice(ctx, admin, cutover.slug, ref, noticePublishInput.parse(input));
		const seq = async () => (await boardSnapshot(app, cutover.id)).seq;
		const shown = async () =>
			Object.fromEntries(
				(await listServices(app, admin, cutover.slug)).map((s) => [s.key, [s.displayedStatus, s.maintenance]])
			);
		return { cutover, clock, ctx, scheduler, advance, create, publish, seq, shown };
	}

	it('publishes a scheduled notice when it falls due, and not before', async () => {
		const { cutover, clock, ctx, scheduler, advance, create, publish, seq } = await setup();
		await create({ kind: 'info', texts: TEXTS });
		const at = new Date(clock.now() + 30 * MIN).toISOString();
		await publish('NTC-1', { at });
		const before = await seq();

		await advance(29 * MIN);
		expect((await getNotice(ctx, admin, cutover.slug, 'NTC-1')).status).toBe('scheduled');
		expect(await seq()).toBe(before);

		await advance(MIN);
		const published = await getNotice(ctx, admin, cutover.slug, 'NTC-1');
		expect(published).toMatchObject({ status: 'published', publishedAt: at, publishAt: null });
		expect(published.entries).toMatchObject([{ kind: 'published', by: 'notices', texts: TEXTS }]);
		const events = await eventsAfter(app, cutover.id, before);
		expect(events.map((e) => [e.type, e.actor.name])).toEqual([['notice.published', 'notices']]);
		await scheduler.close();
	});

	it('checks the rules again when a scheduled notice falls due: one that no longer keeps them goes back to draft', async () => {
		const { cutover, clock, ctx, scheduler, advance, create, publish } = await setup();
		await create({ kind: 'info', texts: TEXTS });
		await publish('NTC-1', { at: new Date(clock.now() + 5 * MIN).toISOString() });
		await setNoticeSettings(
			ctx,
			admin,
			cutover.slug,
			noticeSettingsInput.parse({ requiredLanguages: ['fi', 'sv', 'en'] })
		);
		await advance(5 * MIN);
		expect(await getNotice(ctx, admin, cutover.slug, 'NTC-1')).toMatchObject({
			status: 'draft',
			publishAt: null,
			entries: [],
			missing: ['en']
		});
		await scheduler.close();
	});

	it('moves a maintenance from upcoming to in progress to completed, its services under maintenance while it runs', async () => {
		const { cutover, clock, scheduler, advance, create, publish, seq, shown } = await setup();
		const start = clock.now() + 60 * MIN;
		await create({
			kind: 'maintenance',
			services: ['customer', 'market'],
			texts: TEXTS,
			maintenance: {
				startsAt: new Date(start).toISOString(),
				endsAt: new Date(start + 120 * MIN).toISOString()
			}
		});
		expect((await publish('NTC-1')).maintenance?.state).toBe('upcoming');
		expect(await shown()).toEqual({ customer: ['operational', null], market: ['operational', null] });
		await openIncident(
			app,
			admin,
			cutover.slug,
			incidentOpenInput.parse({
				title: 'Sign-in fails',
				severity: 'P3',
				affected: [{ service: 'customer', impact: 'major_outage' }]
			})
		);

		let before = await seq();
		await advance(60 * MIN);
		let events = await eventsAfter(app, cutover.id, before);
		expect(events.map((e) => e.type)).toEqual(['notice.updated', 'service.updated', 'service.updated']);
		expect(events[0].data).toMatchObject({
			notice: { ref: 'NTC-1', maintenance: { state: 'in_progress' } },
			changed: ['maintenanceState']
		});
		// The open incident's worse impact still shows on its service.
		expect(await shown()).toEqual({
			customer: ['major_outage', 'NTC-1'],
			market: ['under_maintenance', 'NTC-1']
		});
		expect((await boardSnapshot(app, cutover.id)).services.map((s) => s.displayedStatus)).toEqual([
			'major_outage',
			'under_maintenance'
		]);

		before = await seq();
		await advance(119 * MIN);
		expect(await seq()).toBe(before);
		await advance(MIN);
		events = await eventsAfter(app, cutover.id, before);
		expect(events.map((e) => e.type)).toEqual(['notice.updated', 'service.updated', 'service.updated']);
		expect(events[0].data).toMatchObject({ notice: { maintenance: { state: 'completed' } } });
		expect(await shown()).toEqual({ customer: ['major_outage', null], market: ['operational', null] });
		await scheduler.close();
	});

	it('lets the services go when a maintenance in progress is withdrawn', async () => {
		const { cutover, clock, ctx, scheduler, create, publish, seq, shown } = await setup();
		await create({
			kind: 'maintenance',
			services: ['market'],
			texts: TEXTS,
			maintenance: {
				startsAt: new Date(clock.now() - MIN).toISOString(),
				endsAt: new Date(clock.now() + 60 * MIN).toISOString()
			}
		});
		let before = await seq();
		// Published while its window is already open: in progress at once.
		expect((await publish('NTC-1')).maintenance?.state).toBe('in_progress');
		expect((await eventsAfter(app, cutover.id, before)).map((e) => e.type)).toEqual([
			'notice.published',
			'service.updated'
		]);
		expect((await shown()).market).toEqual(['under_maintenance', 'NTC-1']);

		before = await seq();
		await withdrawNotice(
			ctx,
			admin,
			cutover.slug,
			'NTC-1',
			noticeWithdrawInput.parse({ reason: 'Postponed' })
		);
		const events = await eventsAfter(app, cutover.id, before);
		expect(events.map((e) => e.type)).toEqual(['notice.published', 'service.updated']);
		expect(events[1].data).toMatchObject({
			service: { key: 'market', displayedStatus: 'operational', maintenance: null }
		});
		expect((await shown()).market).toEqual(['operational', null]);
		await scheduler.close();
	});
});
