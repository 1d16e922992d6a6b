import { describe, expect, it } from 'vitest';
import { createI18n } from '$lib/client/i18n.svelte';
import type { CutoverEvent, EventActor } from '$lib/shared/events';
import type { DecisionRecorded } from '$lib/shared/schemas/decisions';
import type { CutoverView } from '$lib/shared/schemas/runbook';
import { describeEvent, withoutExtensionEchoes } from './format';

const AT = '2026-05-01T18:00:00.000Z';
const CHAIR: EventActor = { id: 'u-chair', name: 'Carl Chair' };
const OPERATOR: EventActor = { id: 'u-ops', name: 'Olli Operator' };
const cutover: CutoverView = {
	id: 'c1',
	slug: 'demo',
	name: 'Demo',
	timezone: 'Europe/Helsinki',
	windowStart: AT,
	windowEnd: '2026-05-01T23:00:00.000Z',
	version: 2,
	lastSeq: 12,
	createdAt: AT
};

function updated(seq: number, changed: string[], actor = CHAIR): CutoverEvent {
	return { seq, type: 'cutover.updated', at: AT, actor, data: { cutover, changed } };
}

function recorded(seq: number, extended: boolean): CutoverEvent {
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
