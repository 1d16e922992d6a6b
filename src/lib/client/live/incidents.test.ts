/** The incidents slice: services and incidents followed through their events, what they show derived live. */
import { describe, expect, it, vi } from 'vitest';
import type { IncidentView, ServiceView, TimelineEntry } from '../../shared/schemas/incidents';
import { event, joined, snapshot, useFakeSocket, WINDOW_START } from './test-fixtures';
import { orderIncidents } from './incidents.svelte';
import { fakeSocket } from './test-socket';

vi.mock('../socket', () => import('./test-socket'));
useFakeSocket();

const service = (key: string, position: number, over: Partial<ServiceView> = {}): ServiceView => ({
	key,
	name: key,
	status: 'operational',
	displayedStatus: 'operational',
	maintenance: null,
	statusNote: null,
	statusBy: null,
	statusAt: null,
	restriction: null,
	position,
	version: 1,
	...over
});

const incident = (number: number, over: Partial<IncidentView> = {}): IncidentView => ({
	ref: `INC-${number}`,
	number,
	title: `Incident ${number}`,
	severity: 'P1',
	status: 'investigating',
	affected: [],
	priorities: [],
	roles: { mim: null, commsLead: null, scribe: null, suppliers: [] },
	mimPending: true,
	needsMim: true,
	breach: null,
	signoff: null,
	startedAt: WINDOW_START,
	detectedAt: WINDOW_START,
	mimNamedAt: null,
	resolvedAt: null,
	openedAt: WINDOW_START,
	openedBy: 'Olli',
	openedSeq: 11,
	resolvedSeq: null,
	version: 1,
	...over
});

const entry = (id: number, seq: number, detail: TimelineEntry['detail']): TimelineEntry => ({
	id,
	seq,
	at: WINDOW_START,
	by: 'Olli',
	text: null,
	detail
});

describe('the incidents slice', () => {
	it('follows an incident from its opening to its resolution, its services showing its impacts meanwhile', async () => {
		const live = await joined({ ...snapshot(10), services: [service('customer', 1), service('market', 2)] });
		const affected = [
			{ service: 'customer', impact: 'major_outage' as const, since: WINDOW_START, restoredAt: null }
		];
		const opened = incident(1, { affected });
		fakeSocket.fire(
			'cutover:event',
			event(11, 'incident.opened', {
				incident: opened,
				entries: [entry(1, 11, { kind: 'opened', severity: 'P1', status: 'investigating' })]
			})
		);
		expect(live.incidents.open.map((i) => [i.ref, i.needsMim])).toEqual([['INC-1', true]]);
		expect(live.incidents.services.map((s) => s.displayedStatus)).toEqual(['major_outage', 'operational']);

		const handover = entry(2, 12, { kind: 'role', role: 'mim', from: null, to: 'maija' });
		const named = {
			...opened,
			roles: { ...opened.roles, mim: 'maija' },
			needsMim: false,
			mimPending: false,
			version: 2
		};
		const update = event(12, 'incident.updated', { incident: named, changed: ['mim'], entries: [handover] });
		fakeSocket.fire('cutover:event', update);
		const note = entry(3, 13, { kind: 'note' });
		fakeSocket.fire('cutover:event', event(13, 'incident.timeline', { ref: 'INC-1', entry: note }));
		const held = live.incidents.incident('INC-1')!;
		expect(held.needsMim).toBe(false);
		expect(held.timeline.map((e) => e.id)).toEqual([1, 2, 3]);

		const resolved = {
			...named,
			status: 'resolved' as const,
			affected: [{ ...affected[0], impact: 'operational' as const, restoredAt: WINDOW_START }],
			version: 3
		};
		fakeSocket.fire(
			'cutover:event',
			event(14, 'incident.updated', {
				incident: resolved,
				changed: ['status', 'affected'],
				entries: [entry(4, 14, { kind: 'status', from: 'investigating', to: 'resolved' })]
			})
		);
		expect(live.incidents.open).toEqual([]);
		expect(live.incidents.history.map((i) => i.ref)).toEqual(['INC-1']);
		expect(live.incidents.services.map((s) => s.displayedStatus)).toEqual(['operational', 'operational']);
	});

	it('keeps the catalogue in order through its events', async () => {
		const live = await joined({ ...snapshot(10), services: [service('market', 2)] });
		fakeSocket.fire('cutover:event', event(11, 'service.created', { service: service('customer', 1) }));
		fakeSocket.fire(
			'cutover:event',
			event(12, 'service.updated', {
				service: service('market', 2, { status: 'under_maintenance', displayedStatus: 'under_maintenance' }),
				changed: ['status'],
				note: 'Index rebuild'
			})
		);
		expect(live.incidents.services.map((s) => [s.key, s.displayedStatus])).toEqual([
			['customer', 'operational'],
			['market', 'under_maintenance']
		]);
		fakeSocket.fire('cutover:event', event(13, 'service.removed', { key: 'customer' }));
		expect(live.incidents.services.map((s) => s.key)).toEqual(['market']);
	});

	it('lists open incidents first, most severe then newest, and the resolved ones newest first', () => {
		const list = [
			incident(1, { severity: 'P3' }),
			incident(2, { status: 'resolved' }),
			incident(3, { severity: 'P1' }),
			incident(4, { severity: 'P3' }),
			incident(5, { status: 'resolved', severity: 'P4' })
		];
		expect(orderIncidents(list).map((i) => i.number)).toEqual([3, 4, 1, 5, 2]);
	});
});
