/**
 * The live store's sync rules against a scripted socket: seq order, duplicates, gaps and their resync, events
 * during a join, reconnects, and events of a type no slice reduces. (The real socket path is covered by the
 * realtime and end-to-end suites; here the socket's timing is under the test's control.)
 */
import { describe, expect, it, vi } from 'vitest';
import type { CutoverEvent } from '../../shared/events';
import type { SystemView } from '../../shared/schemas/programmes';
import { LiveCutover } from '../live-cutover.svelte';
import {
	connected,
	event,
	flush,
	joined,
	lastSent,
	moved,
	snapshot,
	task,
	useFakeSocket,
	WINDOW_START
} from './test-fixtures';
import { fakeSocket } from './test-socket';

vi.mock('../socket', () => import('./test-socket'));
useFakeSocket();

describe('the live store core', () => {
	it('joins after the snapshot seq and goes live on the ack', async () => {
		const live = await connected(10);
		expect(live.status).toBe('connecting');
		expect(lastSent()).toMatchObject({ name: 'cutover:join', payload: { slug: 'demo', afterSeq: 10 } });
		lastSent().resolve({ ok: true, data: { seq: 10, events: [] } });
		await flush();
		expect(live.status).toBe('live');
		live.destroy();
	});

	it('applies events in seq order, drops duplicates and touches only the changed task', async () => {
		const live = await joined(10);
		const bBefore = live.runbook.cell('B')!.task;
		fakeSocket.fire('cutover:event', moved(11, task('A', { status: 'in_progress', version: 2 })));
		fakeSocket.fire('cutover:event', moved(11, task('A', { status: 'failed', version: 9 })));
		fakeSocket.fire('cutover:event', moved(9, task('A', { status: 'failed', version: 9 })));
		expect(live.seq).toBe(11);
		expect(live.runbook.cell('A')!.task.status).toBe('in_progress');
		expect(live.runbook.cell('B')!.task).toBe(bBefore);
		expect(live.activity.map((e) => e.seq)).toEqual([11]);
		live.destroy();
	});

	it('waits briefly for a missing event, then asks for what it missed', async () => {
		const live = await joined(10);
		const e11 = moved(11, task('A', { status: 'in_progress', version: 2 }));
		const e12 = moved(12, task('A', { status: 'done', version: 3 }), 'in_progress');
		const e13 = moved(13, task('B', { status: 'in_progress', version: 2 }));

		// A gap that closes within the grace period needs no resync.
		fakeSocket.fire('cutover:event', e12);
		expect(live.seq).toBe(10);
		fakeSocket.fire('cutover:event', e11);
		expect(live.seq).toBe(12);
		await vi.advanceTimersByTimeAsync(500);
		expect(fakeSocket.sent).toHaveLength(1);

		// One that stays open triggers a join after the last applied seq.
		const e14 = moved(14, task('B', { status: 'done', version: 3 }), 'in_progress');
		fakeSocket.fire('cutover:event', e14);
		await vi.advanceTimersByTimeAsync(299);
		expect(fakeSocket.sent).toHaveLength(1);
		await vi.advanceTimersByTimeAsync(1);
		expect(lastSent()).toMatchObject({ name: 'cutover:join', payload: { afterSeq: 12 } });
		expect(live.status).toBe('resyncing');
		lastSent().resolve({ ok: true, data: { seq: 14, events: [e13, e14] } });
		await flush();
		expect(live.seq).toBe(14);
		expect(live.runbook.cell('B')!.task.status).toBe('done');
		expect(live.status).toBe('live');
		live.destroy();
	});

	it('buffers events that arrive during a join and applies them after the ack', async () => {
		const live = await connected(10);
		const e11 = moved(11, task('A', { status: 'in_progress', version: 2 }));
		const e12 = moved(12, task('A', { status: 'done', version: 3 }), 'in_progress');
		fakeSocket.fire('cutover:event', e12);
		expect(live.seq).toBe(10);
		lastSent().resolve({ ok: true, data: { seq: 11, events: [e11] } });
		await flush();
		expect(live.seq).toBe(12);
		expect(live.runbook.cell('A')!.task.status).toBe('done');
		live.destroy();
	});

	it('says it is offline on a disconnect and catches up on reconnect; a snapshot replaces everything', async () => {
		const live = await joined(10);
		fakeSocket.connected = false;
		fakeSocket.fire('disconnect');
		expect(live.status).toBe('offline');
		fakeSocket.connected = true;
		fakeSocket.fire('connect');
		expect(lastSent()).toMatchObject({ name: 'cutover:join', payload: { afterSeq: 10 } });
		lastSent().resolve({
			ok: true,
			data: { seq: 40, snapshot: snapshot(40, [task('Z', { status: 'done', version: 5 })]) }
		});
		await flush();
		expect(live.status).toBe('live');
		expect(live.seq).toBe(40);
		expect(live.runbook.order).toEqual(['Z']);
		expect(live.runbook.cell('A')).toBeUndefined();
		live.destroy();
	});

	it('from a partial first paint, joins for the whole board, then follows it by seq', async () => {
		const system = (key: string): SystemView => ({
			key,
			name: `System ${key}`,
			agency: 'NAV',
			environment: 'test',
			vmCount: 2,
			machines: [],
			criticality: 'medium',
			contactName: 'Kari',
			contactEmail: 'kari@example.org',
			testers: [],
			templateKey: null,
			wave: null,
			windowStart: null,
			windowEnd: null,
			builtFromVersion: null,
			stage: 'unplanned',
			startedAt: null,
			movedAt: null,
			migratedAt: null,
			verdicts: {},
			version: 1
		});
		const programme = (seq: number, systems: SystemView[]) => ({
			...snapshot(seq, []),
			programme: { systems, waves: [], templates: [] }
		});
		const live = new LiveCutover(programme(10, []), { partial: true, now: Date.parse(WINDOW_START) });
		live.connect();
		await flush();
		expect(live.whole).toBe(false);
		expect(lastSent().payload).toMatchObject({ slug: 'demo' });
		expect(lastSent().payload.afterSeq).toBeUndefined();
		lastSent().resolve({
			ok: true,
			data: { seq: 11, snapshot: programme(11, [system('S1'), system('S2')]) }
		});
		await flush();
		expect([live.whole, live.status, live.seq]).toEqual([true, 'live', 11]);
		expect(live.programme.counts.total).toEqual({ systems: 2, machines: 4 });

		fakeSocket.connected = false;
		fakeSocket.fire('disconnect');
		fakeSocket.connected = true;
		fakeSocket.fire('connect');
		expect(lastSent().payload).toMatchObject({ afterSeq: 11 });
		live.destroy();
	});

	it('moves past an event of a type no slice reduces, and reports the type once', async () => {
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		const live = await joined(10);
		// A type from a server newer than the page: no slice here reduces it.
		const unknown = (seq: number) => event(seq, 'future.kind_of_event' as CutoverEvent['type'], {});
		fakeSocket.fire('cutover:event', unknown(11));
		fakeSocket.fire('cutover:event', unknown(12));
		fakeSocket.fire('cutover:event', moved(13, task('A', { status: 'in_progress', version: 2 })));
		expect(live.seq).toBe(13);
		expect(live.runbook.cell('A')!.task.status).toBe('in_progress');
		expect(warn).toHaveBeenCalledOnce();
		expect(warn.mock.calls[0][0]).toContain('"future.kind_of_event"');
		warn.mockRestore();
		live.destroy();
	});
});
