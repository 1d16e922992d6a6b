import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionOpenInput, outcomeInput } from '../../shared/schemas/decisions';
import {
	incidentOpenInput,
	serviceCreateInput,
	serviceRestrictInput,
	type IncidentOpenInput
} from '../../shared/schemas/incidents';
import { metricCreateInput, metricSamplesInput } from '../../shared/schemas/metrics';
import type { z } from 'zod';
import type { App } from '../app';
import { boardSnapshot } from '../board/board-snapshot';
import { testDatabases } from '../db/test-db';
import { openDecision, recordOutcome } from '../decisions/decision.service';
import { ConflictError, ForbiddenError, ValidationError } from '../errors';
import { eventsAfter } from '../events/event.service';
import { createMetric, pushSamples } from '../metrics/metric.service';
import { createCutover } from '../runbook/cutover.service';
import { loadSample } from '../sample/sample.service';
import { sampleRunbook } from '../sample/sample-runbook';
import {
	rejection,
	sessionActor,
	testActor,
	testAdmin as admin,
	testCutover,
	testUser,
	withManualMetricFeed
} from '../testing';
import {
	createService,
	liftServiceRestriction,
	removeService,
	restrictService,
	setServiceStatus
} from './catalogue.service';
import {
	addIncidentNote,
	getIncident,
	listIncidents,
	openIncident,
	setIncidentPriorities,
	setIncidentRoles,
	setIncidentServices,
	setIncidentSeverity,
	setIncidentStatus
} from './incident.service';

const SCENARIO_1 = [
	{ key: 'customer', name: 'Customer e-services' },
	{ key: 'market', name: 'Expert marketplace' },
	{ key: 'employer', name: 'Employer services' },
	{ key: 'cases', name: 'Case handling' }
];

describe.each(testDatabases())('incidents on $kind', (database) => {
	let app: App;
	let users = 0;
	const operator = testActor('operator');

	beforeAll(async () => {
		app = await database.open();
	});
	afterAll(() => database.close());

	/** A cutover with scenario 1's catalogue of services. */
	async function cutoverWithServices() {
		const cutover = await testCutover(app);
		for (const s of SCENARIO_1) await createService(app, admin, cutover.slug, serviceCreateInput.parse(s));
		return cutover;
	}

	/** A user of `role` with a name of their own, and their actor as a session resolves it. */
	async function person(role: Parameters<typeof testUser>[2]) {
		const username = `${role.replace('_', '-')}-${++users}`;
		await testUser(app, username, role);
		return { username, actor: await sessionActor(app, username) };
	}

	const open = (slug: string, input: z.input<typeof incidentOpenInput>, actor = operator) =>
		openIncident(app, actor, slug, incidentOpenInput.parse(input) as IncidentOpenInput);
	const seqOf = async (id: string) => (await boardSnapshot(app, id)).seq;

	it('refuses a P1 or P2 without a MIM and writes nothing; opens one whose MIM is not known yet, showing it', async () => {
		const cutover = await cutoverWithServices();
		const before = await seqOf(cutover.id);
		for (const severity of ['P1', 'P2'] as const) {
			const refused = await rejection(open(cutover.slug, { title: 'Platform down', severity }));
			expect(refused).toBeInstanceOf(ValidationError);
			expect(refused.reason).toBe('errors.incidentNeedsMim');
			expect(await rejection(open(cutover.slug, { title: 'Down', severity, mim: null }))).toBeInstanceOf(
				ValidationError
			);
		}
		expect(await seqOf(cutover.id)).toBe(before);
		expect(await listIncidents(app, admin, cutover.slug)).toEqual([]);

		const pending = await open(cutover.slug, {
			title: 'Platform down',
			severity: 'P1',
			mim: null,
			mimPending: true,
			affected: [{ service: 'customer', impact: 'major_outage' }]
		});
		expect(pending).toMatchObject({ ref: 'INC-1', needsMim: true, mimPending: true, mimNamedAt: null });
		// A P3 needs no MIM; raised to P2 it does, and is refused without one, changing nothing.
		expect((await open(cutover.slug, { title: 'Slow search', severity: 'P3' })).needsMim).toBe(false);
		const seq = await seqOf(cutover.id);
		expect(
			await rejection(setIncidentSeverity(app, operator, cutover.slug, 'INC-2', { severity: 'P2' }))
		).toMatchObject({ reason: 'errors.incidentNeedsMim' });
		expect(await seqOf(cutover.id)).toBe(seq);
		const raised = await setIncidentSeverity(app, operator, cutover.slug, 'INC-2', {
			severity: 'P2',
			mim: null,
			mimPending: true
		});
		expect(raised).toMatchObject({ severity: 'P2', needsMim: true });
		// Not known yet stays so from P2 to P1; down to P3 nobody is missing.
		expect(
			(await setIncidentSeverity(app, operator, cutover.slug, 'INC-2', { severity: 'P1' })).needsMim
		).toBe(true);
		expect(await setIncidentSeverity(app, operator, cutover.slug, 'INC-2', { severity: 'P3' })).toMatchObject(
			{ needsMim: false, mimPending: false }
		);

		const mim = await person('operator');
		const named = await setIncidentRoles(app, operator, cutover.slug, 'INC-1', { mim: mim.username });
		expect(named).toMatchObject({ needsMim: false, mimPending: false, roles: { mim: mim.username } });
		expect(named.mimNamedAt).not.toBeNull();
		const board = await boardSnapshot(app, cutover.id);
		expect(board.incidents.map((i) => i.ref)).toEqual(['INC-1', 'INC-2']);
		expect(board.incidents[0].timeline.map((e) => e.detail.kind)).toEqual(['opened', 'services', 'role']);
	});

	it('names people who exist, and no viewer as the MIM', async () => {
		const cutover = await cutoverWithServices();
		const viewer = await person('viewer');
		expect(
			await rejection(open(cutover.slug, { title: 'Down', severity: 'P1', mim: 'nobody-here' }))
		).toMatchObject({ reason: 'errors.incidentPersonUnknown', params: { field: 'mim' } });
		expect(
			await rejection(open(cutover.slug, { title: 'Down', severity: 'P1', mim: viewer.username }))
		).toMatchObject({ reason: 'errors.incidentMimMayNot' });
		expect(
			await rejection(
				open(cutover.slug, {
					title: 'Down',
					severity: 'P3',
					affected: [{ service: 'nope', impact: 'major_outage' }]
				})
			)
		).toMatchObject({ reason: 'errors.serviceUnknown' });
		expect(await listIncidents(app, admin, cutover.slug)).toEqual([]);
	});

	it('records a MIM handover from and to, and lets the named MIM run the incident whatever their role', async () => {
		const cutover = await cutoverWithServices();
		const first = await person('steering');
		const second = await person('task_owner');
		const bystander = await person('steering');
		await open(cutover.slug, { title: 'Payments failing', severity: 'P2', mim: first.username });

		// The MIM, a steering member, moves it; another steering member may not.
		const identified = await setIncidentStatus(app, first.actor, cutover.slug, 'INC-1', {
			status: 'identified',
			note: 'Connection pool exhausted'
		});
		expect(identified.status).toBe('identified');
		expect(
			await rejection(
				setIncidentStatus(app, bystander.actor, cutover.slug, 'INC-1', { status: 'monitoring' })
			)
		).toBeInstanceOf(ForbiddenError);

		const before = await seqOf(cutover.id);
		const handed = await setIncidentRoles(app, first.actor, cutover.slug, 'INC-1', {
			mim: second.username,
			note: 'Shift change'
		});
		expect(handed.roles.mim).toBe(second.username);
		const [event] = await eventsAfter(app, cutover.id, before);
		expect(event).toMatchObject({
			type: 'incident.updated',
			data: {
				changed: expect.arrayContaining(['mim']),
				entries: [
					{
						text: 'Shift change',
						detail: { kind: 'role', role: 'mim', from: first.username, to: second.username }
					}
				]
			}
		});
		// The MIM handed over no longer runs it; the new one does.
		expect(
			await rejection(setIncidentStatus(app, first.actor, cutover.slug, 'INC-1', { status: 'monitoring' }))
		).toBeInstanceOf(ForbiddenError);
		await setIncidentStatus(app, second.actor, cutover.slug, 'INC-1', { status: 'monitoring' });
		// Clearing a P2's MIM needs saying the next one is not known yet.
		expect(
			await rejection(setIncidentRoles(app, operator, cutover.slug, 'INC-1', { mim: null }))
		).toMatchObject({ reason: 'errors.incidentNeedsMim' });
		const cleared = await setIncidentRoles(app, operator, cutover.slug, 'INC-1', {
			mim: null,
			mimPending: true
		});
		expect(cleared).toMatchObject({ needsMim: true, mimNamedAt: identified.mimNamedAt });
	});

	it('moves status by the rules, and resolving restores the services, each with its time to restore', async () => {
		const cutover = await cutoverWithServices();
		const slug = cutover.slug;
		const opened = await open(slug, {
			title: 'Opening spike crashed the platform',
			severity: 'P1',
			mimPending: true,
			mim: null,
			affected: [
				{ service: 'customer', impact: 'major_outage' },
				{ service: 'market', impact: 'partial_outage' }
			],
			priorities: ['customer', 'market']
		});
		expect(opened.affected.map((a) => a.restoredAt)).toEqual([null, null]);
		expect(
			await rejection(setIncidentStatus(app, operator, slug, 'INC-1', { status: 'investigating' }))
		).toMatchObject({ reason: 'errors.incidentStatusSame' });

		// The customer e-services come back first while the incident stays open.
		const partly = await setIncidentServices(app, operator, slug, 'INC-1', {
			affected: [
				{ service: 'customer', impact: 'operational' },
				{ service: 'market', impact: 'partial_outage' }
			]
		});
		expect(partly.affected[0].restoredAt).not.toBeNull();
		expect(partly.affected[1].restoredAt).toBeNull();
		let services = (await boardSnapshot(app, cutover.id)).services;
		expect(services.map((s) => [s.key, s.displayedStatus])).toEqual([
			['customer', 'operational'],
			['market', 'partial_outage'],
			['employer', 'operational'],
			['cases', 'operational']
		]);

		const resolved = await setIncidentStatus(app, operator, slug, 'INC-1', {
			status: 'resolved',
			note: 'All back'
		});
		expect(resolved.status).toBe('resolved');
		expect(resolved.resolvedAt).not.toBeNull();
		expect(resolved.resolvedSeq).toBe(await seqOf(cutover.id));
		expect(resolved.affected.map((a) => [a.service, a.impact])).toEqual([
			['customer', 'operational'],
			['market', 'operational']
		]);
		expect(resolved.affected[0].restoredAt).toBe(partly.affected[0].restoredAt);
		expect(resolved.affected[1].restoredAt).toBe(resolved.resolvedAt);
		services = (await boardSnapshot(app, cutover.id)).services;
		expect(services.every((s) => s.displayedStatus === 'operational')).toBe(true);

		// Resolved: only reopening moves it, and nothing else changes it until then.
		expect(
			await rejection(setIncidentStatus(app, operator, slug, 'INC-1', { status: 'monitoring' }))
		).toMatchObject({ reason: 'errors.incidentStatusNotAllowed' });
		expect(
			await rejection(setIncidentSeverity(app, operator, slug, 'INC-1', { severity: 'P2' }))
		).toMatchObject({ reason: 'errors.incidentResolved' });
		const reopened = await setIncidentStatus(app, operator, slug, 'INC-1', { status: 'investigating' });
		expect(reopened).toMatchObject({ status: 'investigating', resolvedAt: null, resolvedSeq: null });
	});

	it("shows a service's worst open impact, else its hand-set status, and keeps its restriction beside it", async () => {
		const cutover = await cutoverWithServices();
		const slug = cutover.slug;
		const maintained = await setServiceStatus(app, operator, slug, 'cases', {
			status: 'under_maintenance',
			note: 'Index rebuild'
		});
		expect(maintained).toMatchObject({ status: 'under_maintenance', displayedStatus: 'under_maintenance' });
		await open(slug, {
			title: 'A',
			severity: 'P3',
			affected: [{ service: 'cases', impact: 'degraded_performance' }]
		});
		await open(slug, {
			title: 'B',
			severity: 'P4',
			affected: [{ service: 'cases', impact: 'major_outage' }]
		});
		const cases = () =>
			boardSnapshot(app, cutover.id).then((b) => b.services.find((s) => s.key === 'cases')!);
		expect((await cases()).displayedStatus).toBe('major_outage');
		await setIncidentStatus(app, operator, slug, 'INC-2', { status: 'resolved' });
		expect((await cases()).displayedStatus).toBe('degraded_performance');
		await setIncidentStatus(app, operator, slug, 'INC-1', { status: 'resolved' });
		expect(await cases()).toMatchObject({
			status: 'under_maintenance',
			displayedStatus: 'under_maintenance'
		});
		const events = await eventsAfter(app, cutover.id, 0);
		expect(events.find((e) => e.type === 'service.updated')).toMatchObject({
			data: { changed: ['status', 'statusNote', 'statusBy', 'statusAt'], note: 'Index rebuild' }
		});

		// A restriction, with its expected end, on the service and on the timeline of the open incident it affects.
		await open(slug, {
			title: 'C',
			severity: 'P3',
			affected: [{ service: 'market', impact: 'degraded_performance' }]
		});
		const end = new Date(Date.now() + 8 * 3_600_000).toISOString();
		const restricted = await restrictService(
			app,
			operator,
			slug,
			'market',
			serviceRestrictInput.parse({ reason: 'Restricted for the day', expectedEnd: end })
		);
		expect(restricted.restriction).toMatchObject({
			reason: 'Restricted for the day',
			expectedEnd: end,
			liftedAt: null
		});
		expect(
			await rejection(
				restrictService(app, operator, slug, 'market', serviceRestrictInput.parse({ reason: 'x' }))
			)
		).toMatchObject({ reason: 'errors.serviceAlreadyRestricted' });
		const lifted = await liftServiceRestriction(app, operator, slug, 'market', { note: 'Capacity added' });
		expect(lifted.restriction!.liftedAt).not.toBeNull();
		const timeline = (await getIncident(app, admin, slug, 'INC-3')).timeline.map((e) => e.detail);
		expect(timeline.filter((d) => d.kind === 'restriction')).toEqual([
			expect.objectContaining({ action: 'restricted', service: 'market', expectedEnd: end }),
			expect.objectContaining({ action: 'lifted', service: 'market' })
		]);
		// A service an open incident affects stays in the catalogue.
		expect(await rejection(removeService(app, operator, slug, 'market'))).toMatchObject({
			reason: 'errors.serviceInUse',
			params: { ref: 'INC-3' }
		});
		await removeService(app, operator, slug, 'employer');
		expect((await boardSnapshot(app, cutover.id)).services.map((s) => s.key)).toEqual([
			'customer',
			'market',
			'cases'
		]);
	});

	it('keeps the timeline append-only: the database refuses to edit or delete an entry', async () => {
		const cutover = await cutoverWithServices();
		await open(cutover.slug, { title: 'Append only', severity: 'P3', note: 'First words' });
		// drizzle wraps the database's error: the trigger's message is its cause.
		const refused = async (statement: ReturnType<typeof sql>) => {
			const err = await app.db.execute(statement).then(
				() => null,
				(e: Error) => e
			);
			return String((err?.cause as Error | undefined)?.message ?? err?.message);
		};
		expect(
			await refused(sql`update incident_timeline set text = 'rewritten' where text = 'First words'`)
		).toMatch(/never edited or deleted/);
		expect(await refused(sql`delete from incident_timeline where text = 'First words'`)).toMatch(
			/never edited or deleted/
		);
		expect((await getIncident(app, admin, cutover.slug, 'INC-1')).timeline[0].text).toBe('First words');
	});

	it('takes notes and corrections from people in the room, never from a token or a viewer', async () => {
		const cutover = await cutoverWithServices();
		await open(cutover.slug, { title: 'Notes', severity: 'P3' });
		const comms = await person('comms');
		const note = await addIncidentNote(app, comms.actor, cutover.slug, 'INC-1', {
			text: 'Users told on the site'
		});
		const fix = await addIncidentNote(app, comms.actor, cutover.slug, 'INC-1', {
			text: 'Told at 20:05, not 20:00',
			corrects: note.id!
		});
		expect(fix.detail).toEqual({ kind: 'correction', corrects: note.id });
		expect(
			await rejection(
				addIncidentNote(app, comms.actor, cutover.slug, 'INC-1', { text: 'x', corrects: 999_999 })
			)
		).toMatchObject({ reason: 'errors.incidentEntryUnknown' });
		const viewer = await person('viewer');
		expect(
			await rejection(addIncidentNote(app, viewer.actor, cutover.slug, 'INC-1', { text: 'x' }))
		).toBeInstanceOf(ForbiddenError);
		expect(
			await rejection(
				addIncidentNote(app, testActor('operator', { kind: 'token' }), cutover.slug, 'INC-1', { text: 'x' })
			)
		).toMatchObject({ reason: 'errors.incidentNoteByName' });
		const timeline = (await getIncident(app, admin, cutover.slug, 'INC-1')).timeline;
		expect(timeline.map((e) => [e.detail.kind, e.by])).toEqual([
			['opened', operator.name],
			['note', comms.username],
			['correction', comms.username]
		]);
	});

	it('checks the restoration order, and a service taken off the incident leaves it', async () => {
		const cutover = await cutoverWithServices();
		const slug = cutover.slug;
		await open(slug, {
			title: 'Order',
			severity: 'P3',
			affected: [
				{ service: 'customer', impact: 'major_outage' },
				{ service: 'market', impact: 'major_outage' }
			]
		});
		expect(
			await rejection(
				setIncidentPriorities(app, operator, slug, 'INC-1', { priorities: ['market', 'market'] })
			)
		).toMatchObject({ reason: 'errors.incidentPriorityDuplicate' });
		expect(
			await rejection(setIncidentPriorities(app, operator, slug, 'INC-1', { priorities: ['cases'] }))
		).toMatchObject({ reason: 'errors.incidentPriorityNotAffected', params: { service: 'cases' } });
		const ordered = await setIncidentPriorities(app, operator, slug, 'INC-1', {
			priorities: ['customer', 'market']
		});
		expect(ordered.priorities).toEqual(['customer', 'market']);
		// Someone saw version 1: their change is refused.
		expect(
			await rejection(
				setIncidentPriorities(app, operator, slug, 'INC-1', { priorities: ['market'], expectedVersion: 1 })
			)
		).toBeInstanceOf(ConflictError);
		const narrowed = await setIncidentServices(app, operator, slug, 'INC-1', {
			affected: [{ service: 'market', impact: 'partial_outage' }]
		});
		expect(narrowed.priorities).toEqual(['market']);
		const kinds = (await getIncident(app, admin, slug, 'INC-1')).timeline.map((e) => e.detail.kind);
		expect(kinds).toEqual(['opened', 'services', 'priorities', 'services', 'priorities']);
	});

	it('links the breach it was opened from, and shows the decisions recorded in its span on its timeline', async () => {
		const cutover = await cutoverWithServices();
		const slug = cutover.slug;
		await createMetric(
			app,
			admin,
			slug,
			metricCreateInput.parse({ key: 'p95', name: 'p95', warning: 800, critical: 2000, sustainSeconds: 30 })
		);
		const breach = await withManualMetricFeed(app, async (feed, clock) => {
			const start = Date.now() - 60_000;
			const samples = Array.from({ length: 40 }, (_, i) => ({
				metric: 'p95',
				at: start + i * 1000,
				value: 900
			}));
			await pushSamples(app, admin, slug, metricSamplesInput.parse({ samples }));
			clock.advance(1000);
			await feed.idle();
			return (await eventsAfter(app, cutover.id, 0)).find((e) => e.type === 'metric.breached')!;
		});
		expect(
			await rejection(
				open(slug, { title: 'Slow', severity: 'P3', breach: { metric: 'p95', seq: breach.seq - 1 } })
			)
		).toMatchObject({ reason: 'errors.incidentBreachUnknown' });
		const opened = await open(slug, {
			title: 'Slow',
			severity: 'P3',
			breach: { metric: 'p95', seq: breach.seq }
		});
		expect(opened.breach).toEqual({ metric: 'p95', seq: breach.seq });

		const chair = await person('steering');
		await openDecision(
			app,
			admin,
			slug,
			decisionOpenInput.parse({
				key: 'FIX',
				title: 'Roll back the web tier?',
				voters: [chair.username],
				chair: chair.username,
				quorum: 1,
				criteria: []
			})
		);
		await recordOutcome(
			app,
			chair.actor,
			slug,
			'FIX',
			outcomeInput.parse({ kind: 'no_go', rationale: 'Fix forward: scale out instead' })
		);
		const timeline = (await getIncident(app, admin, slug, 'INC-1')).timeline;
		expect(timeline.map((e) => e.detail.kind)).toEqual(['opened', 'breach', 'decision']);
		expect(timeline[2]).toMatchObject({ id: null, detail: { decision: 'FIX', outcome: 'no_go' } });
	});

	it("gives the sample cutover scenario 1's catalogue of services, all operational", async () => {
		const sample = sampleRunbook(Date.now() + 24 * 3_600_000, 'Europe/Helsinki');
		const { id, slug } = await createCutover(app, admin, { slug: `sample-${++users}`, ...sample.cutover });
		await loadSample(app, admin, slug, sample);
		const { services } = await boardSnapshot(app, id);
		expect(services.map((s) => [s.name, s.displayedStatus])).toEqual([
			['Customer e-services', 'operational'],
			['Expert marketplace', 'operational'],
			['Employer services', 'operational'],
			['Case handling', 'operational']
		]);
	});
});
