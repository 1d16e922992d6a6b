/**
 * What the live store's tests share: builders for tasks, transfers, decisions, snapshots and events, and a store
 * connected to the scripted socket (./test-socket.ts, which each test file mocks ../socket with).
 */
import { afterEach, beforeEach, vi } from 'vitest';
import type { BoardSnapshot, CutoverEvent } from '../../shared/events';
import type { DecisionView, VoteView } from '../../shared/schemas/decisions';
import type { TaskView } from '../../shared/schemas/runbook';
import type { TransferView } from '../../shared/schemas/transfers';
import { LiveCutover } from '../live-cutover.svelte';
import { fakeSocket } from './test-socket';

export const WINDOW_START = '2024-10-10T15:00:00.000Z';

export function task(key: string, over: Partial<TaskView> = {}): TaskView {
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

export function transfer(key: string, over: Partial<TransferView> = {}): TransferView {
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

export function snapshot(
	seq: number,
	tasks = [task('A'), task('B', { dependsOn: ['A'] })],
	transfers: TransferView[] = []
): BoardSnapshot {
	return {
		seq,
		cutover: {
			id: 'c1',
			slug: 'demo',
			kind: 'cutover',
			programmeId: null,
			rehearsalOfId: null,
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
		noticeDrafts: [],
		metrics: [],
		opening: null,
		services: [],
		incidents: [],
		programme: null
	};
}

export function decision(key: string, over: Partial<DecisionView> = {}): DecisionView {
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

export const vote = (
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

export const event = (seq: number, type: CutoverEvent['type'], data: unknown): CutoverEvent =>
	({ seq, type, at: WINDOW_START, actor: { id: 'u1', name: 'Stina' }, data }) as CutoverEvent;

export const moved = (seq: number, t: TaskView, from = 'not_started'): CutoverEvent =>
	({
		seq,
		type: 'task.transitioned',
		at: WINDOW_START,
		actor: { id: 'u1', name: 'Anna' },
		data: { task: t, from, to: t.status, note: null }
	}) as CutoverEvent;

export const flush = () => vi.advanceTimersByTimeAsync(0);
export const lastSent = () => fakeSocket.sent.at(-1)!;

/** A store made from a snapshot (or the usual one at this seq) that has asked to join. */
export async function connected(from: BoardSnapshot | number = 10) {
	const live = new LiveCutover(typeof from === 'number' ? snapshot(from) : from, {
		now: Date.parse(WINDOW_START)
	});
	live.connect();
	await flush();
	return live;
}

/** A store that has joined and gone live with nothing missed. */
export async function joined(from: BoardSnapshot | number = 10) {
	const live = await connected(from);
	lastSent().resolve({ ok: true, data: { seq: live.seq, events: [] } });
	await flush();
	return live;
}

/** Fake timers and a fresh scripted socket for every test of the file. */
export function useFakeSocket(): void {
	beforeEach(() => {
		vi.useFakeTimers();
		fakeSocket.connected = true;
		fakeSocket.handlers.clear();
		fakeSocket.sent = [];
	});
	afterEach(() => {
		vi.useRealTimers();
	});
}
