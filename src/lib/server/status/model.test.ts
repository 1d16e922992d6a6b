import { describe, expect, it } from 'vitest';
import type { PublicIncident, PublicService } from '../incidents/public.service';
import type { PublicCutover, PublicNotice, PublicNoticeEntry } from '../notices/public.service';
import { statusModel, textIn, type StatusInput } from './model';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 11, 5, 12);
const iso = (ms: number) => new Date(ms).toISOString();

const cutover: PublicCutover = { id: 'c1', slug: 'go-live', name: 'Go live', timezone: 'Europe/Helsinki' };
const service = (key: string, status: PublicService['status'] = 'operational'): PublicService => ({
	key,
	name: `Service ${key}`,
	status,
	position: 1,
	statusAt: null
});

let entryIds = 0;
const entry = (at: number, over: Partial<PublicNoticeEntry> = {}): PublicNoticeEntry => ({
	id: ++entryIds,
	kind: 'published',
	at: iso(at),
	texts: { fi: { title: 'Otsikko', body: 'Teksti' }, sv: { title: 'Rubrik', body: 'Text' } },
	corrects: null,
	incidentStatus: null,
	reason: null,
	...over
});

let notices = 0;
function notice(over: Partial<PublicNotice> & { entries: PublicNoticeEntry[] }): PublicNotice {
	const n = ++notices;
	return {
		id: `n${n}`,
		cutoverId: 'c1',
		ref: `NTC-${n}`,
		kind: 'info',
		withdrawn: false,
		services: [],
		incidentId: null,
		maintenance: null,
		publishedAt: over.entries[0].at,
		withdrawnAt: null,
		...over
	};
}

const incident = (over: Partial<PublicIncident> = {}): PublicIncident => ({
	id: 'i1',
	cutoverId: 'c1',
	ref: 'INC-1',
	status: 'investigating',
	affected: [{ service: 'a', impact: 'partial_outage', since: iso(NOW - HOUR), restoredAt: null }],
	startedAt: iso(NOW - HOUR),
	resolvedAt: null,
	...over
});

const input = (over: Partial<StatusInput>): StatusInput => ({
	now: NOW,
	cutovers: [cutover],
	services: new Map([['c1', [service('a'), service('b')]]]),
	incidents: [],
	notices: [],
	...over
});

describe('the public status model', () => {
	it('says all is well when every service is operational and nothing is open', () => {
		const model = statusModel(input({}));
		expect(model.overall).toBe('none');
		expect(model.openIncidents).toEqual([]);
		expect(model.groups[0].services.map((s) => s.key)).toEqual(['a', 'b']);
		expect(model.nextChangeAt).toBeNull();
	});

	it('takes the overall indicator from the worst service', () => {
		const services = (status: PublicService['status']) =>
			new Map([['c1', [service('a'), service('b', status)]]]);
		expect(statusModel(input({ services: services('degraded_performance') })).overall).toBe('minor');
		expect(statusModel(input({ services: services('partial_outage') })).overall).toBe('major');
		expect(statusModel(input({ services: services('major_outage') })).overall).toBe('critical');
		expect(statusModel(input({ services: services('under_maintenance') })).overall).toBe('maintenance');
	});

	it('shows an incident notice while its incident is open, with the status comms last gave', () => {
		const n = notice({
			kind: 'incident',
			incidentId: 'i1',
			entries: [
				entry(NOW - HOUR),
				entry(NOW - HOUR / 2, {
					kind: 'update',
					incidentStatus: 'identified',
					texts: { fi: { title: 'Syy löytyi', body: 'Korjataan' } }
				})
			]
		});
		const model = statusModel(input({ incidents: [incident()], notices: [n] }));
		expect(model.openIncidents).toHaveLength(1);
		const shown = model.openIncidents[0];
		expect(shown.incidentStatus).toBe('identified');
		expect(shown.latest.texts.fi?.title).toBe('Syy löytyi');
		expect(shown.impact).toBe('major');
		expect(shown.concerned.map((s) => s.key)).toEqual(['a']);
		expect(model.overall).toBe('major');

		const resolved = statusModel(
			input({ incidents: [incident({ status: 'resolved', resolvedAt: iso(NOW - 60_000) })], notices: [n] })
		);
		expect(resolved.openIncidents).toEqual([]);
		expect(resolved.history[0].incidentStatus).toBe('resolved');
	});

	it('leaves an internal incident without a notice to its services', () => {
		const model = statusModel(
			input({ incidents: [incident()], services: new Map([['c1', [service('a', 'partial_outage')]]]) })
		);
		expect(model.openIncidents).toEqual([]);
		expect(model.overall).toBe('major');
	});

	it('moves a maintenance from upcoming to in progress to completed by the clock, and says when', () => {
		const window = { startsAt: iso(NOW + DAY), endsAt: iso(NOW + DAY + 2 * HOUR) };
		const n = notice({
			kind: 'maintenance',
			maintenance: window,
			services: ['b'],
			entries: [entry(NOW - DAY)]
		});
		const before = statusModel(input({ notices: [n] }));
		expect(before.upcomingMaintenance.map((m) => m.ref)).toEqual([n.ref]);
		expect(before.activeMaintenance).toEqual([]);
		expect(before.nextChangeAt).toBe(NOW + DAY);

		const during = statusModel(input({ notices: [n], now: NOW + DAY }));
		expect(during.activeMaintenance.map((m) => m.maintenanceState)).toEqual(['in_progress']);
		expect(during.overall).toBe('maintenance');
		expect(during.nextChangeAt).toBe(NOW + DAY + 2 * HOUR);

		const after = statusModel(input({ notices: [n], now: NOW + DAY + 2 * HOUR }));
		expect(after.activeMaintenance).toEqual([]);
		expect(after.upcomingMaintenance).toEqual([]);
		expect(after.history[0].maintenanceState).toBe('completed');
	});

	it('keeps 14 days of history, newest first, withdrawn notices marked, and knows when one leaves', () => {
		const old = notice({ entries: [entry(NOW - 15 * DAY)] });
		const recent = notice({ entries: [entry(NOW - 2 * DAY)] });
		const newest = notice({ entries: [entry(NOW - DAY)] });
		const withdrawn = notice({
			withdrawn: true,
			withdrawnAt: iso(NOW - HOUR),
			entries: [
				entry(NOW - 3 * DAY),
				entry(NOW - HOUR, { kind: 'withdrawn', texts: {}, reason: 'Wrong date' })
			]
		});
		const model = statusModel(input({ notices: [old, recent, newest, withdrawn] }));
		expect(model.history.map((n) => n.ref)).toEqual([withdrawn.ref, newest.ref, recent.ref]);
		const shown = model.history[0];
		expect(shown.withdrawn).toBe(true);
		expect(shown.withdrawal?.reason).toBe('Wrong date');
		// The withdrawn notice still shows what it said.
		expect(shown.latest.texts.fi?.title).toBe('Otsikko');
		expect(model.nextChangeAt).toBe(NOW - 2 * DAY + 14 * DAY);
	});

	it('hides a withdrawn incident or maintenance from what is open or upcoming', () => {
		const incidentNotice = notice({
			kind: 'incident',
			incidentId: 'i1',
			withdrawn: true,
			entries: [entry(NOW - HOUR), entry(NOW - 60_000, { kind: 'withdrawn', texts: {}, reason: 'x' })]
		});
		const maintenance = notice({
			kind: 'maintenance',
			withdrawn: true,
			maintenance: { startsAt: iso(NOW + DAY), endsAt: iso(NOW + 2 * DAY) },
			entries: [entry(NOW - HOUR), entry(NOW - 60_000, { kind: 'withdrawn', texts: {}, reason: 'x' })]
		});
		const model = statusModel(input({ incidents: [incident()], notices: [incidentNotice, maintenance] }));
		expect(model.openIncidents).toEqual([]);
		expect(model.upcomingMaintenance).toEqual([]);
		expect(model.history).toHaveLength(2);
	});

	it('shows no notice of a cutover that is not on the page', () => {
		const model = statusModel(
			input({ notices: [notice({ cutoverId: 'elsewhere', entries: [entry(NOW)] })] })
		);
		expect(model.history).toEqual([]);
	});
});

describe('a notice text in a language', () => {
	it('falls back to Finnish, then Swedish, saying which language it is in', () => {
		const texts = { fi: { title: 'Otsikko', body: 'a' }, sv: { title: 'Rubrik', body: 'b' } };
		expect(textIn(texts, 'sv')).toEqual({ title: 'Rubrik', body: 'b', lang: 'sv' });
		expect(textIn(texts, 'en')).toEqual({ title: 'Otsikko', body: 'a', lang: 'fi' });
		expect(textIn({ sv: { title: 'Rubrik', body: 'b' } }, 'en')?.lang).toBe('sv');
		expect(textIn({}, 'fi')).toBeNull();
	});
});
