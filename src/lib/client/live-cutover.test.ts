/**
 * The live store's sync rules against a scripted socket: seq order, duplicates, gaps and their resync, events
 * during a join, reconnects, and a lost race on a transition. (The real socket path is covered by the realtime
 * and end-to-end suites; here the socket's timing is under the test's control.)
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BoardSnapshot, CutoverEvent } from '../shared/events';
import type { TaskView } from '../shared/schemas/runbook';
import type { TransferView } from '../shared/schemas/transfers';
import type {
	DecisionView,
	NoticeDraftView,
	OutcomeView,
	VoteView,
	WindowChangeView
} from '../shared/schemas/decisions';
import { tally } from '../shared/decisions';

type Handler = (...args: unknown[]) => void;
interface Sent {
	name: string;
	payload: Record<string, unknown>;
	resolve: (value: unknown) => void;
	reject: (err: unknown) => void;
}

const fake = vi.hoisted(() => {
	class FakeSocket {
		connected = true;
		handlers = new Map<string, Set<Handler>>();
		sent: Sent[] = [];
		on(name: string, fn: Handler) {
			if (!this.handlers.has(name)) this.handlers.set(name, new Set());
			this.handlers.get(name)!.add(fn);
			return this;
		}
		off(name: string, fn: Handler) {
			this.handlers.get(name)?.delete(fn);
			return this;
		}
		timeout() {
			return {
				emitWithAck: (name: string, payload: Record<string, unknown>) =>
					new Promise((resolve, reject) => this.sent.push({ name, payload, resolve, reject }))
			};
		}
		fire(name: string, ...args: unknown[]) {
			for (const fn of this.handlers.get(name) ?? []) fn(...args);
		}
	}
	return { socket: new FakeSocket() };
});

vi.mock('./socket', () => ({
	getSocket: () => fake.socket,
	serverReachesDatabase: () => true,
	enterRoom: async () => {},
	exitRoom: () => {}
}));

const { LiveCutover } = await import('./live-cutover.svelte');

const WINDOW_START = '2024-10-10T15:00:00.000Z';

function task(key: string, over: Partial<TaskView> = {}): TaskView {
	return {
		id: `id-${key}`,
		key,
		title: `Task ${key}`,
		description: '',
		phase: 'Prepare',
		owner: 'anna',
		durationMinutes: 30,
		notBefore: null,
		dependsOn: [],
		dependsOnTransfers: [],
		estimate: null,
		rehearsalMinutes: [],
		status: 'not_started',
		actualStart: null,
		actualEnd: null,
		lastNote: null,
		position: key.charCodeAt(0),
		version: 1,
		updatedAt: WINDOW_START,
		...over
	};
}

function transfer(key: string, over: Partial<TransferView> = {}): TransferView {
	return {
		key,
		name: `Stream ${key}`,
		unit: 'rows',
		total: 1000,
		done: 0,
		startedAt: null,
		finishedAt: null,
		lastProgressAt: null,
		plannedRatePerHour: null,
		plannedMinutes: 60,
		stallAfterMinutes: 15,
		dependsOn: [],
		position: 1,
		version: 1,
		series: 1,
		ratePerHour: null,
		eta: null,
		etaLow: null,
		etaHigh: null,
		history: [],
		...over
	};
}

function snapshot(
	seq: number,
	tasks = [task('A'), task('B', { dependsOn: ['A'] })],
	transfers: TransferView[] = []
): BoardSnapshot {
	return {
		seq,
		cutover: {
			id: 'c1',
			slug: 'demo',
			name: 'Demo',
			timezone: 'Europe/Helsinki',
			windowStart: WINDOW_START,
			windowEnd: '2024-10-10T23:00:00.000Z',
			version: 1,
			lastSeq: seq,
			createdAt: WINDOW_START
		},
		phases: [{ id: 'p1', name: 'Prepare', position: 1 }],
		tasks,
		transfers,
		forecast: null,
		forecastHistory: [],
		decisions: [],
		windowHistory: [
			{
				at: WINDOW_START,
				from: null,
				to: '2024-10-10T23:00:00.000Z',
				by: 'Ada',
				rationale: null,
				decision: null
			}
		],
		noticeDrafts: []
	};
}

function decision(key: string, over: Partial<DecisionView> = {}): DecisionView {
	return {
		key,
		title: `Decision ${key}`,
		description: '',
		checkpointTask: null,
		voters: ['stina', 'sam'],
		mandatoryVoters: ['sam'],
		chair: 'stina',
		quorum: 2,
		closesAt: null,
		status: 'open',
		reviews: null,
		openedWith: { forecast: null },
		createdBy: 'Otto',
		createdAt: WINDOW_START,
		position: 1,
		criteria: [
			{
				id: 'crit-1',
				title: 'Capacity test',
				owner: 'ops',
				state: 'pending',
				reason: null,
				evidenceLink: null,
				evidenceNote: null,
				position: 1,
				version: 1,
				updatedAt: WINDOW_START,
				updatedBy: null
			}
		],
		votes: [],
		outcomes: [],
		...over
	};
}

const vote = (
	id: string,
	voter: string,
	choice: VoteView['vote'],
	supersedes: string | null = null
): VoteView => ({
	id,
	voter,
	voterName: voter,
	vote: choice,
	comment: choice === 'no_go' ? 'not yet' : null,
	at: WINDOW_START,
	supersedes
});

const event = (seq: number, type: CutoverEvent['type'], data: unknown): CutoverEvent =>
	({ seq, type, at: WINDOW_START, actor: { id: 'u1', name: 'Stina' }, data }) as CutoverEvent;

const moved = (seq: number, t: TaskView, from = 'not_started'): CutoverEvent =>
	({
		seq,
		type: 'task.transitioned',
		at: WINDOW_START,
		actor: { id: 'u1', name: 'Anna' },
		data: { task: t, from, to: t.status, note: null }
	}) as CutoverEvent;

const flush = () => vi.advanceTimersByTimeAsync(0);
const lastSent = () => fake.socket.sent.at(-1)!;

async function connected(seq = 10) {
	const live = new LiveCutover(snapshot(seq), { now: Date.parse(WINDOW_START) });
	live.connect();
	await flush();
	return live;
}

beforeEach(() => {
	vi.useFakeTimers();
	fake.socket.connected = true;
	fake.socket.handlers.clear();
	fake.socket.sent = [];
});
afterEach(() => {
	vi.useRealTimers();
});

describe('LiveCutover', () => {
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
		const live = await connected(10);
		lastSent().resolve({ ok: true, data: { seq: 10, events: [] } });
		await flush();
		const bBefore = live.cell('B')!.task;
		fake.socket.fire('cutover:event', moved(11, task('A', { status: 'in_progress', version: 2 })));
		fake.socket.fire('cutover:event', moved(11, task('A', { status: 'failed', version: 9 })));
		fake.socket.fire('cutover:event', moved(9, task('A', { status: 'failed', version: 9 })));
		expect(live.seq).toBe(11);
		expect(live.cell('A')!.task.status).toBe('in_progress');
		expect(live.cell('B')!.task).toBe(bBefore);
		expect(live.activity.map((e) => e.seq)).toEqual([11]);
		live.destroy();
	});

	it('waits briefly for a missing event, then asks for what it missed', async () => {
		const live = await connected(10);
		lastSent().resolve({ ok: true, data: { seq: 10, events: [] } });
		await flush();
		const e11 = moved(11, task('A', { status: 'in_progress', version: 2 }));
		const e12 = moved(12, task('A', { status: 'done', version: 3 }), 'in_progress');
		const e13 = moved(13, task('B', { status: 'in_progress', version: 2 }));

		// A gap that closes within the grace period needs no resync.
		fake.socket.fire('cutover:event', e12);
		expect(live.seq).toBe(10);
		fake.socket.fire('cutover:event', e11);
		expect(live.seq).toBe(12);
		await vi.advanceTimersByTimeAsync(500);
		expect(fake.socket.sent).toHaveLength(1);

		// One that stays open triggers a join after the last applied seq.
		const e14 = moved(14, task('B', { status: 'done', version: 3 }), 'in_progress');
		fake.socket.fire('cutover:event', e14);
		await vi.advanceTimersByTimeAsync(299);
		expect(fake.socket.sent).toHaveLength(1);
		await vi.advanceTimersByTimeAsync(1);
		expect(lastSent()).toMatchObject({ name: 'cutover:join', payload: { afterSeq: 12 } });
		expect(live.status).toBe('resyncing');
		lastSent().resolve({ ok: true, data: { seq: 14, events: [e13, e14] } });
		await flush();
		expect(live.seq).toBe(14);
		expect(live.cell('B')!.task.status).toBe('done');
		expect(live.status).toBe('live');
		live.destroy();
	});

	it('buffers events that arrive during a join and applies them after the ack', async () => {
		const live = await connected(10);
		const e11 = moved(11, task('A', { status: 'in_progress', version: 2 }));
		const e12 = moved(12, task('A', { status: 'done', version: 3 }), 'in_progress');
		fake.socket.fire('cutover:event', e12);
		expect(live.seq).toBe(10);
		lastSent().resolve({ ok: true, data: { seq: 11, events: [e11] } });
		await flush();
		expect(live.seq).toBe(12);
		expect(live.cell('A')!.task.status).toBe('done');
		live.destroy();
	});

	it('says it is offline on a disconnect and catches up on reconnect; a snapshot replaces everything', async () => {
		const live = await connected(10);
		lastSent().resolve({ ok: true, data: { seq: 10, events: [] } });
		await flush();
		fake.socket.connected = false;
		fake.socket.fire('disconnect');
		expect(live.status).toBe('offline');
		fake.socket.connected = true;
		fake.socket.fire('connect');
		expect(lastSent()).toMatchObject({ name: 'cutover:join', payload: { afterSeq: 10 } });
		lastSent().resolve({
			ok: true,
			data: { seq: 40, snapshot: snapshot(40, [task('Z', { status: 'done', version: 5 })]) }
		});
		await flush();
		expect(live.status).toBe('live');
		expect(live.seq).toBe(40);
		expect(live.order).toEqual(['Z']);
		expect(live.cell('A')).toBeUndefined();
		live.destroy();
	});

	it('replaces phases and tasks on runbook.imported', async () => {
		const live = await connected(10);
		lastSent().resolve({ ok: true, data: { seq: 10, events: [] } });
		await flush();
		fake.socket.fire('cutover:event', {
			seq: 11,
			type: 'runbook.imported',
			at: WINDOW_START,
			actor: { id: null, name: 'system' },
			data: { phases: [{ id: 'p9', name: 'Go', position: 1 }], tasks: [task('X', { phase: 'Go' })] }
		} as CutoverEvent);
		expect(live.groups.map((g) => [g.phase.name, g.keys])).toEqual([['Go', ['X']]]);
		live.destroy();
	});

	it('merges a progress event into the streams it holds: plan kept, points appended, a reset replaces them', async () => {
		const at = Date.parse(WINDOW_START);
		const held = transfer('customers', { done: 100, history: [[at, 100]] });
		const live = new LiveCutover(snapshot(10, undefined, [held, transfer('cases', { position: 2 })]), {
			now: at
		});
		live.connect();
		await flush();
		lastSent().resolve({ ok: true, data: { seq: 10, events: [] } });
		await flush();
		const progressed = (seq: number, entries: object[]) =>
			({
				seq,
				type: 'transfer.progressed',
				at: WINDOW_START,
				actor: { id: null, name: 'transfer progress' },
				data: { transfers: entries }
			}) as CutoverEvent;
		const moved = { key: 'customers', done: 300, total: 1000, series: 1, startedAt: WINDOW_START };
		const figures = { finishedAt: null, ratePerHour: 600, eta: null, etaLow: null, etaHigh: null };
		fake.socket.fire(
			'cutover:event',
			progressed(11, [{ ...moved, ...figures, lastProgressAt: new Date(at + 1000).toISOString() }])
		);
		const customers = () => live.transfers.find((t) => t.key === 'customers')!;
		expect(customers()).toMatchObject({
			name: 'Stream customers',
			plannedMinutes: 60,
			done: 300,
			ratePerHour: 600
		});
		expect(customers().history).toEqual([
			[at, 100],
			[at + 1000, 300]
		]);
		expect(live.transfers.map((t) => t.key)).toEqual(['customers', 'cases']);

		fake.socket.fire(
			'cutover:event',
			progressed(12, [
				{ ...moved, ...figures, done: 5, series: 2, lastProgressAt: new Date(at + 2000).toISOString() }
			])
		);
		expect(customers()).toMatchObject({ done: 5, series: 2, name: 'Stream customers' });
		expect(customers().history).toEqual([[at + 2000, 5]]);
		// The same state again (a resync replays it) adds no point.
		fake.socket.fire(
			'cutover:event',
			progressed(13, [
				{ ...moved, ...figures, done: 5, series: 2, lastProgressAt: new Date(at + 2000).toISOString() }
			])
		);
		expect(customers().history).toHaveLength(1);
		live.destroy();
	});

	it('sends the shown version and, on a lost race, shows the current task and says who won', async () => {
		const live = await connected(10);
		lastSent().resolve({ ok: true, data: { seq: 10, events: [] } });
		await flush();
		const result = live.transition('A', 'in_progress');
		await flush();
		expect(lastSent()).toMatchObject({
			name: 'task:transition',
			payload: { slug: 'demo', key: 'A', to: 'in_progress', expectedVersion: 1 }
		});
		expect(live.cell('A')!.pending).toBe(true);
		const current = task('A', { status: 'done', version: 3 });
		lastSent().resolve({
			ok: false,
			error: { code: 'conflict', message: 'task A was changed by someone else', details: { task: current } }
		});
		expect((await result).ok).toBe(false);
		expect(live.cell('A')!.task.status).toBe('done');
		expect(live.cell('A')!.pending).toBe(false);
		expect(live.message).toEqual({ kind: 'conflict', key: 'A', status: 'done' });
		live.destroy();
	});

	it('refuses to send a move while offline', async () => {
		const live = await connected(10);
		fake.socket.connected = false;
		fake.socket.fire('disconnect');
		const res = await live.transition('A', 'in_progress');
		expect(res.ok).toBe(false);
		expect(live.message).toEqual({ kind: 'offline', key: 'A' });
		expect(fake.socket.sent.filter((s) => s.name === 'task:transition')).toHaveLength(0);
		live.destroy();
	});

	it('follows a decision point: opened, criterion, votes (a changed vote replaces), an extension with its notice', async () => {
		const live = await connected(10);
		lastSent().resolve({ ok: true, data: { seq: 10, events: [] } });
		await flush();
		const opened = decision('GO-1');
		fake.socket.fire('cutover:event', event(11, 'decision.opened', { decision: opened }));
		expect(live.decisions.map((d) => d.key)).toEqual(['GO-1']);

		fake.socket.fire(
			'cutover:event',
			event(12, 'decision.criterion_updated', {
				decision: 'GO-1',
				criterion: { ...opened.criteria[0], state: 'met', version: 2, evidenceNote: 'report 7' }
			})
		);
		expect(live.decision('GO-1')!.criteria).toMatchObject([{ id: 'crit-1', state: 'met', version: 2 }]);

		const v1 = vote('v1', 'sam', 'no_go');
		const v2 = vote('v2', 'stina', 'go');
		const v3 = vote('v3', 'sam', 'go', 'v1');
		const voted = (seq: number, v: VoteView, votes: VoteView[]) =>
			event(seq, 'decision.voted', { decision: 'GO-1', vote: v, tally: tally({ ...opened, votes }) });
		fake.socket.fire('cutover:event', voted(13, v1, [v1]));
		expect(tally(live.decision('GO-1')!).blockedBy).toEqual(['sam']);
		fake.socket.fire('cutover:event', voted(14, v2, [v1, v2]));
		fake.socket.fire('cutover:event', voted(15, v3, [v1, v2, v3]));
		// A duplicate (the same vote again, as after a resync) is not counted twice.
		fake.socket.fire('cutover:event', voted(15, v3, [v1, v2, v3]));
		const d = live.decision('GO-1')!;
		expect(d.votes.map((v) => v.id)).toEqual(['v1', 'v2', 'v3']);
		expect(tally(d)).toMatchObject({ go: 2, noGo: 0, cast: 2, quorumMet: true, blockedBy: [] });

		const newEnd = '2024-10-11T01:00:00.000Z';
		const outcome: OutcomeView = {
			id: 'o1',
			kind: 'extend',
			rationale: 'transfers are slow',
			newWindowEnd: newEnd,
			previousWindowEnd: '2024-10-10T23:00:00.000Z',
			riskAccepted: null,
			followUps: [],
			recordedBy: 'Stina',
			at: WINDOW_START,
			supersedes: null,
			evidence: { forecast: null, readiness: d.criteria, tally: tally(d) }
		};
		const change: WindowChangeView = {
			at: WINDOW_START,
			from: '2024-10-10T23:00:00.000Z',
			to: newEnd,
			by: 'Stina',
			rationale: 'transfers are slow',
			decision: 'GO-1'
		};
		const notice: NoticeDraftView = {
			id: 'n1',
			decision: 'GO-1',
			outcomeKind: 'extend',
			status: 'draft',
			texts: {
				en: { title: 'Extended', body: 'until 04:00' },
				fi: { title: 'Jatkettu', body: 'klo 04.00 asti' },
				sv: { title: 'Förlängt', body: 'till 04.00' }
			},
			createdAt: WINDOW_START
		};
		const cutover = { ...live.cutover, windowEnd: newEnd, version: 2 };
		fake.socket.fire(
			'cutover:event',
			event(16, 'decision.recorded', {
				decision: { ...d, status: 'decided', outcomes: [outcome] },
				outcome,
				window: { cutover, change },
				notice
			})
		);
		expect(live.decision('GO-1')).toMatchObject({ status: 'decided', outcomes: [{ id: 'o1' }] });
		expect(live.cutover.windowEnd).toBe(newEnd);
		expect(live.windowHistory.map((w) => w.to)).toEqual(['2024-10-10T23:00:00.000Z', newEnd]);
		expect(live.noticeDrafts.map((n) => n.id)).toEqual(['n1']);
		// Decision events belong in the activity feed.
		expect(live.activity.map((e) => e.type)).toEqual([
			'decision.recorded',
			'decision.voted',
			'decision.voted',
			'decision.voted',
			'decision.criterion_updated',
			'decision.opened'
		]);
		live.destroy();
	});

	it('seeds decisions, window history and notice drafts from the snapshot', () => {
		const snap = snapshot(10);
		snap.decisions = [decision('B-2', { position: 2 }), decision('A-1')];
		const live = new LiveCutover(snap, { now: Date.parse(WINDOW_START) });
		expect(live.decisions.map((d) => d.key)).toEqual(['B-2', 'A-1']);
		expect(live.windowHistory).toHaveLength(1);
		expect(live.decision('A-1')!.criteria).toHaveLength(1);
	});
});
