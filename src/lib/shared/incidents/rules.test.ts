import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	INCIDENT_STATUSES,
	SERVICE_STATUSES,
	SEVERITIES,
	allowedStatuses,
	displayedStatus,
	incidentNumber,
	incidentRef,
	mimRefusal,
	needsMim,
	restorationOrderProblem,
	statusRank,
	statusRefusal,
	type ImpactSource,
	type IncidentStatus
} from './rules';

const status = fc.constantFrom(...INCIDENT_STATUSES);
const impact = fc.constantFrom(...SERVICE_STATUSES);
const KEYS = ['web', 'market', 'employer', 'cases'];

/** A property as an assertion: each generated case expects the predicate to hold. */
const holds =
	<A extends unknown[]>(predicate: (...args: A) => boolean) =>
	(...args: A) => {
		expect(predicate(...args)).toBe(true);
	};

describe('a Major Incident Manager', () => {
	it('is required for a P1 or P2 unless the opener says it is not known yet', () => {
		expect(mimRefusal('P1', undefined, false)).toBe('mimRequired');
		expect(mimRefusal('P2', null, false)).toBe('mimRequired');
		expect(mimRefusal('P1', '', false)).toBe('mimRequired');
		expect(mimRefusal('P1', null, true)).toBeNull();
		expect(mimRefusal('P2', 'maija', false)).toBeNull();
		expect(mimRefusal('P3', undefined, false)).toBeNull();
		expect(mimRefusal('P4', null, false)).toBeNull();
	});

	it('is missing on the board exactly for a P1 or P2 without one', () => {
		expect(SEVERITIES.filter((s) => needsMim(s, null))).toEqual(['P1', 'P2']);
		expect(SEVERITIES.filter((s) => needsMim(s, 'maija'))).toEqual([]);
	});
});

describe('incident status transitions', () => {
	it('move among the open statuses, to resolved from any, and from resolved only back to investigating', () => {
		expect(allowedStatuses('investigating')).toEqual(['identified', 'monitoring', 'resolved']);
		expect(statusRefusal('monitoring', 'investigating')).toBeNull();
		expect(statusRefusal('resolved', 'investigating')).toBeNull();
		expect(statusRefusal('resolved', 'monitoring')).toBe('notAllowed');
		expect(statusRefusal('identified', 'identified')).toBe('same');
	});

	it('always reach resolved from an open status within one move, and never stay put', () => {
		fc.assert(
			fc.property(
				status,
				status,
				holds((from, to) => {
					const refusal = statusRefusal(from, to);
					if (from === to) return refusal === 'same';
					if (to === 'resolved') return refusal === null;
					return (refusal === null) === allowedStatuses(from).includes(to);
				})
			)
		);
	});

	it('any sequence of allowed moves can be walked from investigating (no status is a trap)', () => {
		fc.assert(
			fc.property(
				fc.array(status, { maxLength: 30 }),
				holds((targets) => {
					let at: IncidentStatus = 'investigating';
					for (const to of targets) if (statusRefusal(at, to) === null) at = to;
					// From wherever the walk ends, investigating and then resolved are reachable.
					const back = at === 'investigating' || statusRefusal(at, 'investigating') === null;
					return back && statusRefusal('investigating', 'resolved') === null;
				})
			)
		);
	});
});

describe('a restoration order', () => {
	it('names each affected service at most once and nothing else', () => {
		expect(restorationOrderProblem(['web', 'market'], ['market', 'web', 'cases'])).toBeNull();
		expect(restorationOrderProblem([], ['web'])).toBeNull();
		expect(restorationOrderProblem(['web', 'web'], ['web'])).toEqual({
			problem: 'duplicate',
			service: 'web'
		});
		expect(restorationOrderProblem(['web', 'cases'], ['web'])).toEqual({
			problem: 'notAffected',
			service: 'cases'
		});
	});

	it('is accepted for any ordering of a subset of the affected services', () => {
		fc.assert(
			fc.property(
				fc.shuffledSubarray(KEYS),
				holds((order) => restorationOrderProblem(order, KEYS) === null)
			)
		);
	});
});

describe("a service's displayed status", () => {
	const web = { key: 'web', status: 'operational' as const };
	const incident = (s: IncidentStatus, ...affected: ImpactSource['affected']): ImpactSource => ({
		status: s,
		affected
	});

	it('is the worst impact of the open incidents affecting it, else its own', () => {
		expect(displayedStatus(web, [])).toBe('operational');
		expect(
			displayedStatus(web, [
				incident('investigating', { service: 'web', impact: 'degraded_performance' }),
				incident('monitoring', { service: 'web', impact: 'major_outage' }),
				incident('identified', { service: 'market', impact: 'major_outage' })
			])
		).toBe('major_outage');
		// A resolved incident restores its services; a service restored inside an open one counts as unaffected.
		expect(
			displayedStatus({ key: 'web', status: 'under_maintenance' }, [
				incident('resolved', { service: 'web', impact: 'major_outage' }),
				incident('investigating', { service: 'web', impact: 'operational' })
			])
		).toBe('under_maintenance');
	});

	it('is never better than any open impact on it, and is one of them or its own status', () => {
		const incidents = fc.array(
			fc.record({
				status,
				affected: fc.array(fc.record({ service: fc.constantFrom(...KEYS), impact }), { maxLength: 4 })
			}),
			{ maxLength: 6 }
		);
		fc.assert(
			fc.property(
				fc.constantFrom(...KEYS),
				impact,
				incidents,
				holds((key, own, list) => {
					const shown = displayedStatus({ key, status: own }, list);
					const open = list
						.filter((i) => i.status !== 'resolved')
						.flatMap((i) => i.affected)
						.filter((a) => a.service === key && a.impact !== 'operational')
						.map((a) => a.impact);
					if (open.length === 0) return shown === own;
					return open.includes(shown) && open.every((i) => statusRank(i) <= statusRank(shown));
				})
			)
		);
	});
});

describe('incident references', () => {
	it('read back the number they were made from', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 999_999_999 }),
				holds((n) => incidentNumber(incidentRef(n)) === n)
			)
		);
		expect(incidentNumber('INC-0')).toBeNull();
		expect(incidentNumber('inc-7')).toBe(7);
		expect(incidentNumber('INC-7x')).toBeNull();
	});
});
