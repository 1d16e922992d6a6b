import { describe, expect, it } from 'vitest';
import type { CutoverEvent } from '../events';
import type { TimelineEntry } from '../schemas/incidents';
import { loggedEntry, mergeTimeline } from './timeline';

const AT = '2026-12-07T06:00:00.000Z';
const actor = { id: null, name: 'Stina Steering' };

const own = (id: number, seq: number): TimelineEntry => ({
	id,
	seq,
	at: AT,
	by: 'Olli',
	text: null,
	detail: { kind: 'note' }
});

const decided = (seq: number) =>
	({
		seq,
		type: 'decision.recorded',
		at: AT,
		actor,
		data: {
			decision: { key: 'FIX', title: 'Roll back?' },
			outcome: { kind: 'no_go', rationale: 'Fix forward' },
			window: null
		}
	}) as unknown as CutoverEvent;

const restricted = (seq: number) =>
	({
		seq,
		type: 'opening.restricted',
		at: AT,
		actor,
		data: { act: { kind: 'restricted', part: 'market', note: 'For the day' }, opening: {} }
	}) as unknown as CutoverEvent;

describe("an incident's timeline", () => {
	it("merges the log's decisions and restrictions among its own entries in the log's order", () => {
		const merged = mergeTimeline([own(1, 10), own(2, 14), own(3, 14)], [decided(12), restricted(15)]);
		expect(merged.map((e) => [e.seq, e.id, e.detail.kind])).toEqual([
			[10, 1, 'note'],
			[12, null, 'decision'],
			[14, 2, 'note'],
			[14, 3, 'note'],
			[15, null, 'opening']
		]);
		expect(merged[1]).toMatchObject({
			by: 'Stina Steering',
			text: 'Fix forward',
			detail: { outcome: 'no_go' }
		});
		expect(merged[4]).toMatchObject({ text: 'For the day', detail: { act: 'restricted', part: 'market' } });
	});

	it('shows nothing for other events of the log', () => {
		const moved = { seq: 3, type: 'task.transitioned', at: AT, actor, data: {} } as unknown as CutoverEvent;
		expect(loggedEntry(moved)).toBeNull();
		expect(mergeTimeline([own(1, 1)], [moved])).toEqual([own(1, 1)]);
	});
});
