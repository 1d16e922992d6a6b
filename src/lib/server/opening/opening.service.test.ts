import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { metricCreateInput, metricSamplesInput } from '../../shared/schemas/metrics';
import { openingPlanInput } from '../../shared/schemas/opening';
import type { App } from '../app';
import { boardSnapshot } from '../board/board-snapshot';
import { testDatabases } from '../db/test-db';
import { ConflictError, ForbiddenError, ValidationError } from '../errors';
import { eventsAfter } from '../events/event.service';
import { createMetric, pushSamples } from '../metrics/metric.service';
import { ManualClock, rejection, testActor, testAdmin as admin, testCutover } from '../testing';
import {
	advanceOpening,
	getOpening,
	holdOpening,
	liftRestriction,
	restrictPart,
	resumeOpening,
	setOpeningPlan,
	stepBackOpening,
	watchGate
} from './opening.service';

const MINUTE = 60_000;

describe.each(testDatabases())('the staged opening on $kind', (database) => {
	let app: App;
	let clock: ManualClock;
	/** The app on a clock the test moves (the gates' "now"); samples are pushed relative to it. */
	let ctx: App;

	beforeAll(async () => {
		app = await database.open();
	});
	// Each test's clock starts 20 minutes back, so it can move on without pushing samples into the future.
	beforeEach(() => {
		clock = new ManualClock(Date.now() - 20 * MINUTE);
		ctx = { ...app, clock };
	});
	afterAll(() => database.close());

	const operator = testActor('operator');

	/**
	 * A cutover with p95 response time (warning 800, critical 2000) and logged-in users (critical 10,000), and a
	 * plan of scenario 1: internal users, then 10 % of the public once p95 stayed under 800 ms for 10 minutes and
	 * users under 80 % of capacity, then everyone.
	 */
	async function cutoverWithPlan() {
		const cutover = await testCutover(app);
		for (const body of [
			{ key: 'p95', name: 'p95 response time', unit: 'ms', kind: 'quantile', warning: 800, critical: 2000 },
			{ key: 'users', name: 'Logged-in users', warning: 8000, critical: 10_000 }
		])
			await createMetric(app, admin, cutover.slug, metricCreateInput.parse(body));
		const plan = openingPlanInput.parse({
			stages: [
				{ key: 'internal', name: 'Internal users' },
				{
					key: 'ten',
					name: '10 % of the public',
					share: 10,
					conditions: [
						{ metric: 'p95', stat: 'max', windowMinutes: 10, op: '<', threshold: 800 },
						{ metric: 'users', stat: 'last', windowMinutes: 1, op: '<', threshold: 80, of: 'critical' }
					]
				},
				{
					key: 'all',
					name: 'Everyone',
					share: 100,
					notBefore: new Date(clock.now() + 60 * MINUTE).toISOString()
				}
			],
			parts: [{ key: 'market', name: 'Expert marketplace' }]
		});
		await setOpeningPlan(ctx, admin, cutover.slug, plan);
		return cutover;
	}

	/** Ten minutes and a half of healthy readings up to the clock's now, every 10 s. */
	async function pushHealthy(slug: string, p95 = 500, users = 3000) {
		const now = clock.now();
		const samples = [];
		for (let t = now - 630_000; t <= now; t += 10_000)
			samples.push({ metric: 'p95', at: t, value: p95 }, { metric: 'users', at: t, value: users });
		await pushSamples(app, admin, slug, metricSamplesInput.parse({ samples }));
	}

	it('keeps a plan and shows it on the board with the next gate, stage by stage', async () => {
		const cutover = await cutoverWithPlan();
		const board = await boardSnapshot(app, cutover.id);
		expect(board.opening).toMatchObject({ reached: 0, held: null, restrictions: [], acts: [] });
		expect(board.opening!.stages.map((s) => s.key)).toEqual(['internal', 'ten', 'all']);
		// The first stage has no conditions and no time: its gate is open.
		expect(board.opening!.gate).toMatchObject({ stage: 'internal', passed: true, conditions: [] });
		const events = await eventsAfter(app, cutover.id, 0);
		expect(events.at(-1)!.type).toBe('opening.planned');
	});

	it('refuses to open a stage through a gate without data, and opens it with an override and its reason', async () => {
		const cutover = await cutoverWithPlan();
		await advanceOpening(ctx, operator, cutover.slug, { note: 'Internal users in' });
		const before = (await boardSnapshot(app, cutover.id)).seq;

		const refused = await rejection(advanceOpening(ctx, operator, cutover.slug, { note: 'Ten percent' }));
		expect(refused).toBeInstanceOf(ConflictError);
		expect(refused.reason).toBe('errors.openingGateShut');
		const gate = (refused.details as { gate: { passed: boolean; conditions: { missing: string }[] } }).gate;
		expect(gate.passed).toBe(false);
		expect(gate.conditions.map((c) => c.missing)).toEqual(['noReadings', 'noReadings']);
		expect((await boardSnapshot(app, cutover.id)).seq).toBe(before);

		const opened = await advanceOpening(ctx, operator, cutover.slug, {
			note: 'Ten percent',
			override: 'Monitoring bridge is late; the service team watches the logs by hand'
		});
		expect(opened.reached).toBe(2);
		const act = opened.acts.at(-1)!;
		expect(act).toMatchObject({ kind: 'advanced', reached: 2, note: 'Ten percent', by: operator.name });
		expect(act.override).toMatch(/bridge is late/);
		expect(act.gate).toMatchObject({ stage: 'ten', passed: false });
		const [event] = await eventsAfter(app, cutover.id, before);
		expect(event).toMatchObject({ type: 'opening.advanced', data: { act: { override: act.override } } });
	});

	it('opens a stage whose gate passed on full data without an override, and refuses one when a figure is red', async () => {
		const cutover = await cutoverWithPlan();
		await advanceOpening(ctx, operator, cutover.slug, { note: 'Internal users in' });

		await pushHealthy(cutover.slug, 900);
		const red = await rejection(advanceOpening(ctx, operator, cutover.slug, { note: 'Ten percent' }));
		const gate = (red.details as { gate: { conditions: { figure: number; pass: boolean; limit: number }[] } })
			.gate;
		expect(gate.conditions[0]).toMatchObject({ figure: 900, limit: 800, pass: false });
		// 80 % of the critical line of 10,000 users: 8,000; 3,000 are in.
		expect(gate.conditions[1]).toMatchObject({ figure: 3000, limit: 8000, pass: true });

		clock.advance(11 * MINUTE);
		await pushHealthy(cutover.slug, 500);
		const opened = await advanceOpening(ctx, operator, cutover.slug, {
			note: 'Ten percent',
			expectedStage: 1
		});
		expect(opened.reached).toBe(2);
		expect(opened.acts.at(-1)).toMatchObject({ override: null, gate: { passed: true } });
		// The next gate is the last stage's: its time has not come.
		expect(opened.gate).toMatchObject({ stage: 'all', passed: false, notBefore: { reached: false } });
	});

	it('holds, resumes, steps back and restricts as recorded acts, refusing what the state does not allow', async () => {
		const cutover = await cutoverWithPlan();
		const slug = cutover.slug;
		expect(await rejection(stepBackOpening(ctx, operator, slug, { note: 'x' }))).toMatchObject({
			reason: 'errors.openingNotStarted'
		});
		await advanceOpening(ctx, operator, slug, { note: 'Internal users in' });
		const held = await holdOpening(ctx, operator, slug, { note: 'Spike on the web tier' });
		expect(held.held).toMatchObject({ note: 'Spike on the web tier', by: operator.name });
		expect(await rejection(advanceOpening(ctx, operator, slug, { note: 'on', override: 'x' }))).toMatchObject(
			{
				reason: 'errors.openingHeld'
			}
		);
		expect((await resumeOpening(ctx, operator, slug, { note: 'Recovered' })).held).toBeNull();
		expect(await rejection(resumeOpening(ctx, operator, slug, { note: 'again' }))).toMatchObject({
			reason: 'errors.openingNotHeld'
		});

		const restricted = await restrictPart(ctx, operator, slug, {
			part: 'market',
			note: 'Restricted for the day'
		});
		expect(restricted.restrictions).toEqual([
			expect.objectContaining({ part: 'market', note: 'Restricted for the day' })
		]);
		expect(await rejection(restrictPart(ctx, operator, slug, { part: 'market', note: 'x' }))).toBeInstanceOf(
			ConflictError
		);
		expect(await rejection(restrictPart(ctx, operator, slug, { part: 'nope', note: 'x' }))).toBeInstanceOf(
			ValidationError
		);
		expect(
			(await liftRestriction(ctx, operator, slug, { part: 'market', note: 'Capacity added' })).restrictions
		).toEqual([]);

		// Two people who saw one stage open: the second step back is refused, not applied twice.
		const back = await stepBackOpening(ctx, operator, slug, { note: 'Back to none', expectedStage: 1 });
		expect(back.reached).toBe(0);
		expect(
			await rejection(stepBackOpening(ctx, operator, slug, { note: 'Back again', expectedStage: 1 }))
		).toMatchObject({ reason: 'errors.openingStageMoved' });

		const opening = await getOpening(app, testActor('viewer'), slug);
		expect(opening.acts.map((a) => a.kind)).toEqual([
			'advanced',
			'held',
			'resumed',
			'restricted',
			'lifted',
			'stepped_back'
		]);
	});

	it('lets operators move the opening and the steering group only read it', async () => {
		const cutover = await cutoverWithPlan();
		const steering = testActor('steering');
		expect(await rejection(advanceOpening(ctx, steering, cutover.slug, { note: 'go' }))).toBeInstanceOf(
			ForbiddenError
		);
		expect(
			await rejection(
				setOpeningPlan(
					ctx,
					steering,
					cutover.slug,
					openingPlanInput.parse({ stages: [{ key: 'a', name: 'A' }] })
				)
			)
		).toBeInstanceOf(ForbiddenError);
		expect((await getOpening(app, steering, cutover.slug)).reached).toBe(0);
	});

	it('tells boards when the next gate says something new, and only then', async () => {
		const cutover = await cutoverWithPlan();
		await advanceOpening(ctx, operator, cutover.slug, { note: 'Internal users in' });
		const before = (await boardSnapshot(app, cutover.id)).seq;
		expect(await watchGate(ctx, cutover.id)).toBe(false);

		await pushHealthy(cutover.slug, 500);
		expect(await watchGate(ctx, cutover.id)).toBe(true);
		expect(await watchGate(ctx, cutover.id)).toBe(false);
		const events = await eventsAfter(app, cutover.id, before);
		expect(events.map((e) => e.type)).toEqual(['opening.gate_evaluated']);
		expect(events[0]).toMatchObject({ data: { gate: { stage: 'ten', passed: true } } });

		// The readings stop: a minute later the gate is shut again, for want of data.
		clock.advance(2 * MINUTE);
		expect(await watchGate(ctx, cutover.id)).toBe(true);
		const board = await boardSnapshot(app, cutover.id);
		expect(board.opening!.gate).toMatchObject({ passed: false });
		expect(board.opening!.gate!.conditions.map((c) => c.missing)).toEqual(['stale', 'noReadings']);
	});

	it('refuses a plan with a stage key twice, naming it, and keeps the plan there', async () => {
		const parsed = openingPlanInput.safeParse({
			stages: [
				{ key: 'a', name: 'A' },
				{ key: 'a', name: 'A again' }
			]
		});
		expect(parsed.success).toBe(false);
		expect(parsed.error!.issues[0]).toMatchObject({ path: ['stages', 1, 'key'] });
	});

	it('refuses a plan whose gate reads a metric the cutover does not have, naming the condition, and keeps the plan there', async () => {
		const cutover = await cutoverWithPlan();
		const before = await getOpening(app, admin, cutover.slug);
		const refused = await rejection(
			setOpeningPlan(
				ctx,
				admin,
				cutover.slug,
				openingPlanInput.parse({
					stages: [
						{ key: 'a', name: 'A' },
						{ key: 'b', name: 'B', conditions: [{ metric: 'cpu', op: '<', threshold: 80 }] }
					]
				})
			)
		);
		expect(refused).toBeInstanceOf(ValidationError);
		expect(refused.details).toEqual([expect.objectContaining({ path: 'stages.1.conditions.0.metric' })]);
		expect(await getOpening(app, admin, cutover.slug)).toEqual(before);
	});

	it('refuses any act made on a stale view of the opening (expectedStage), in the one act path', async () => {
		const cutover = await cutoverWithPlan();
		await advanceOpening(ctx, operator, cutover.slug, { note: 'Internal users in', expectedStage: 0 });
		// One act at a time: both at once would leave the second's refusal unawaited while the first is judged.
		for (const stale of [
			() =>
				advanceOpening(ctx, operator, cutover.slug, { note: 'Again', override: 'sure', expectedStage: 0 }),
			() => stepBackOpening(ctx, operator, cutover.slug, { note: 'Back', expectedStage: 0 })
		]) {
			const refused = await rejection(stale());
			expect(refused).toBeInstanceOf(ConflictError);
			expect(refused).toMatchObject({ reason: 'errors.openingStageMoved', details: { reached: 1 } });
		}
		expect((await getOpening(app, admin, cutover.slug)).reached).toBe(1);
	});
});
