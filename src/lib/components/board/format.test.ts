import { describe, expect, it } from 'vitest';
import { createI18n } from '$lib/client/i18n.svelte';
import { toFeedEvent, type CutoverEvent, type EventActor, type FeedEvent } from '$lib/shared/events';
import type { DecisionRecorded } from '$lib/shared/schemas/decisions';
import type { CutoverView, TaskView } from '$lib/shared/schemas/runbook';
import { describeEvent, withoutExtensionEchoes } from './format';

const AT = '2026-05-01T18:00:00.000Z';
const CHAIR: EventActor = { id: 'u-chair', name: 'Carl Chair' };
const OPERATOR: EventActor = { id: 'u-ops', name: 'Olli Operator' };
const cutover: CutoverView = {
	id: 'c1',
	slug: 'demo',
	kind: 'cutover',
	programmeId: null,
	rehearsalOfId: null,
	name: 'Demo',
	timezone: 'Europe/Helsinki',
	windowStart: AT,
	windowEnd: '2026-05-01T23:00:00.000Z',
	version: 2,
	lastSeq: 12,
	createdAt: AT
};

function updated(seq: number, changed: string[], actor = CHAIR): FeedEvent {
	return { seq, type: 'cutover.updated', at: AT, actor, data: { cutover, changed } };
}

function recorded(seq: number, extended: boolean): FeedEvent {
	// The feed reads only whether the outcome moved the window.
	const window = extended
		? {
				cutover,
				change: { at: AT, from: AT, to: cutover.windowEnd, by: 'carl', rationale: 'slow', decision: 'GO-1' }
			}
		: null;
	return { seq, type: 'decision.recorded', at: AT, actor: CHAIR, data: { window } as DecisionRecorded };
}

describe('an edit in the activity feed', () => {
	it('names the changed fields in words, in the UI’s language', () => {
		const event = updated(5, ['windowStart', 'windowEnd', 'colour']);
		expect(describeEvent(createI18n('en'), event)).toBe(
			'Carl Chair changed the cutover (window start, window end, colour)'
		);
		expect(describeEvent(createI18n('fi'), event)).toBe(
			'Carl Chair muutti käyttöönottoa (katkon alku, katkon loppu, colour)'
		);
		expect(describeEvent(createI18n('sv'), event)).toBe(
			'Carl Chair ändrade driftsättningen (fönstrets början, fönstrets slut, colour)'
		);
	});
});

describe('the window change of an extension', () => {
	it('is folded into the extension’s entry when it follows in the same write', () => {
		const feed = [updated(12, ['windowEnd']), recorded(11, true), updated(10, ['name']), recorded(9, false)];
		expect(withoutExtensionEchoes(feed).map((e) => e.seq)).toEqual([11, 10, 9]);
	});

	it('stays when it is a change of its own', () => {
		const kept = [
			// another actor moved the window right after the extension
			[updated(12, ['windowEnd'], OPERATOR), recorded(11, true)],
			// not the next event of the log
			[updated(13, ['windowEnd']), recorded(11, true)],
			// more than the window end changed
			[updated(12, ['windowStart', 'windowEnd']), recorded(11, true)],
			// the outcome did not move the window
			[updated(12, ['windowEnd']), recorded(11, false)]
		];
		for (const feed of kept) expect(withoutExtensionEchoes(feed)).toEqual(feed);
	});
});

describe('a runbook import in the activity feed', () => {
	it('carries its counts, not the runbook again, and says them in each language’s plural', () => {
		const task = { key: 'T1' } as TaskView;
		const imported: CutoverEvent = {
			seq: 2,
			type: 'runbook.imported',
			at: AT,
			actor: CHAIR,
			data: { phases: [{ id: 'p', name: 'Move', position: 0 }], tasks: [task, { ...task, key: 'T2' }] }
		};
		const feed = toFeedEvent(imported);
		expect(feed.data).toEqual({ phases: 1, tasks: 2 });
		expect(describeEvent(createI18n('en'), feed)).toBe('Carl Chair imported the runbook: 1 phase, 2 tasks');
		expect(describeEvent(createI18n('fi'), feed)).toBe('Carl Chair toi ajokirjan: 1 vaihe, 2 tehtävää');
		expect(describeEvent(createI18n('sv'), feed)).toBe('Carl Chair importerade körboken: 1 fas, 2 uppgifter');
		// Every other event is the feed's as it is.
		const edit = updated(3, ['name']) as CutoverEvent;
		expect(toFeedEvent(edit)).toBe(edit);
	});
});

describe('incidents in the activity feed', () => {
	const incident = {
		ref: 'INC-3',
		number: 3,
		title: 'Opening spike',
		severity: 'P1' as const,
		status: 'resolved' as const,
		affected: [],
		priorities: [],
		roles: { mim: 'maija', commsLead: null, scribe: null, suppliers: [] },
		mimPending: false,
		needsMim: false,
		breach: null,
		signoff: null,
		startedAt: AT,
		detectedAt: AT,
		mimNamedAt: AT,
		resolvedAt: AT,
		openedAt: AT,
		openedBy: 'Olli Operator',
		openedSeq: 3,
		resolvedSeq: 9,
		version: 4
	};
	const feed = (type: 'incident.opened' | 'incident.updated', changed: string[]): FeedEvent =>
		({ seq: 9, type, at: AT, actor: OPERATOR, data: { incident, changed, entries: [] } }) as FeedEvent;

	it('says who opened, resolved or handed over an incident, in each language', () => {
		expect(describeEvent(createI18n('en'), feed('incident.opened', []))).toBe(
			'Olli Operator opened INC-3 (P1): Opening spike'
		);
		expect(describeEvent(createI18n('en'), feed('incident.updated', ['status', 'affected']))).toBe(
			'Olli Operator resolved INC-3'
		);
		expect(describeEvent(createI18n('fi'), feed('incident.updated', ['mim', 'mimPending']))).toBe(
			'Olli Operator nimesi käyttäjän maija häiriön INC-3 häiriöpäälliköksi'
		);
		expect(describeEvent(createI18n('sv'), feed('incident.updated', ['status']))).toBe(
			'Olli Operator löste INC-3'
		);
	});
});

describe('a maintenance in the activity feed', () => {
	const service = {
		key: 'market',
		name: 'Expert marketplace',
		status: 'operational' as const,
		displayedStatus: 'under_maintenance' as const,
		maintenance: 'NTC-4' as string | null,
		statusNote: null,
		statusBy: null,
		statusAt: null,
		restriction: null,
		position: 1,
		version: 1
	};
	const feed = (maintenance: string | null): FeedEvent => ({
		seq: 9,
		type: 'service.updated',
		at: AT,
		actor: { id: null, name: 'notices' },
		data: { service: { ...service, maintenance }, changed: ['maintenance'], note: null }
	});

	it('says a service went under maintenance and came back, naming the notice', () => {
		expect(describeEvent(createI18n('en'), feed('NTC-4'))).toBe(
			'Expert marketplace is under maintenance (notice NTC-4)'
		);
		expect(describeEvent(createI18n('fi'), feed(null))).toBe(
			'palvelun Expert marketplace huoltokatko on päättynyt'
		);
		expect(describeEvent(createI18n('sv'), feed('NTC-4'))).toBe(
			'Expert marketplace har planerat underhåll (meddelande NTC-4)'
		);
	});
});
