/**
 * The live state of one cutover in the browser: first painted from the server's snapshot, then kept current by
 * the event log over the socket, applied strictly in seq order. A gap, a sleep or a dropped network ends in a
 * rejoin with the last applied seq, so nothing is missed. Each task lives in its own reactive cell, so an event
 * re-renders only that task's row; the schedule-wide derivations (forecast, late, critical, ready) are
 * recomputed at most every few seconds or shortly after a change, and written back only where they differ.
 */
import { getContext, setContext, untrack } from 'svelte';
import { deriveBoard, mayMoveTask, type BoardDerivation, type PhaseProgress } from '../shared/board-view';
import {
	QUIET_EVENTS,
	toFeedEvent,
	type BoardSnapshot,
	type CutoverEvent,
	type FeedEvent
} from '../shared/events';
import type { RefusalMessage } from '../shared/i18n';
import type { Ack, ErrorBody } from '../shared/realtime';
import type { UserView } from '../shared/schemas/auth';
import type { BoardTask, CutoverView, PhaseView, TaskView } from '../shared/schemas/runbook';
import type {
	CriterionView,
	DecisionRecorded,
	DecisionView,
	NoticeDraftView,
	VoteView,
	WindowChangeView
} from '../shared/schemas/decisions';
import type {
	ForecastPoint,
	ForecastView,
	ProgressPoint,
	TransferProgressView,
	TransferView
} from '../shared/schemas/transfers';
import type { TaskStatus } from '../shared/task-status';
import { decodeSnapshot } from '../shared/snapshot-codec';
import { enterRoom, exitRoom, getSocket, serverReachesDatabase, type GoliveClientSocket } from './socket';

export type LiveStatus = 'connecting' | 'live' | 'offline' | 'resyncing';

/** What the board tells the user after a move (formatted by the components, in the UI's language). */
export type BoardMessage =
	| { kind: 'conflict'; key: string; status: TaskStatus }
	| { kind: 'refused'; key: string; refusal: RefusalMessage }
	| { kind: 'offline'; key: string }
	| { kind: 'error'; refusal: RefusalMessage };

/** One task's reactive state: the server's view plus what the board derives for it. */
export class TaskCell {
	task = $state.raw<BoardTask>() as BoardTask;
	ready = $state(false);
	late = $state(false);
	critical = $state(false);
	plannedStart = $state<number | null>(null);
	plannedEnd = $state<number | null>(null);
	projectedEnd = $state<number | null>(null);
	/** A move of this task is on its way to the server. */
	pending = $state(false);

	constructor(task: BoardTask) {
		this.task = task;
	}
}

export interface PhaseGroup {
	phase: PhaseView;
	keys: string[];
}

export interface Forecast {
	projectedEnd: number;
	plannedEnd: number;
	overrunMinutes: number;
	criticalPath: string[];
	phases: PhaseProgress[];
	lateCount: number;
	readyCount: number;
	computedAt: number;
}

/** Newest-first events kept for the activity feed. */
const ACTIVITY_LIMIT = 500;
/** How long a gap in seq may stay open before the store asks for what it missed. */
const GAP_GRACE_MS = 300;
/** The forecast follows the clock at this pace even when nothing happens. */
const FORECAST_EVERY_MS = 5_000;
/** Changes that arrive together are folded into one recomputation. */
const RECOMPUTE_DELAY_MS = 150;
const ACK_TIMEOUT_MS = 10_000;
/** Points kept per transfer chart and for the forecast's history (the server downsamples snapshots). */
const TRANSFER_HISTORY_LIMIT = 2_000;
const FORECAST_HISTORY_LIMIT = 500;
/** Not live for this long and the board shows itself stale (a reconnect blip does not flash it). */
export const STALE_AFTER_MS = 2_000;
/** How long "live again" shows after a stale spell. */
const LIVE_AGAIN_SHOWN_MS = 6_000;

export class LiveCutover {
	readonly slug: string;
	readonly user: UserView | null;

	#status = $state<LiveStatus>('connecting');
	/** Since when the board has not been live (connecting, offline or resyncing); null while it is. */
	notLiveSince = $state<number | null>(Date.now());
	/** The last return to live after a stale spell: when, and how long it was not live. */
	liveAgain = $state<{ at: number; afterMs: number } | null>(null);

	get status(): LiveStatus {
		return this.#status;
	}

	set status(status: LiveStatus) {
		this.#status = status;
		const now = Date.now();
		if (status !== 'live') this.notLiveSince ??= now;
		else if (this.notLiveSince !== null) {
			const afterMs = now - this.notLiveSince;
			if (afterMs >= STALE_AFTER_MS) this.liveAgain = { at: now, afterMs };
			this.notLiveSince = null;
		}
	}

	/** Not live for a while: what the board shows may be out of date, and it says so. */
	get stale(): boolean {
		return this.notLiveSince !== null && Math.max(this.now, Date.now()) - this.notLiveSince >= STALE_AFTER_MS;
	}

	/** Just back from a stale spell (for a few seconds). */
	get backLive(): boolean {
		return this.liveAgain !== null && this.now - this.liveAgain.at < LIVE_AGAIN_SHOWN_MS;
	}
	/** Client time of the last event applied or the last successful (re)join, in epoch ms. */
	lastUpdateAt = $state<number | null>(null);
	/** False while the server says it cannot reach its database: changes are refused until it can again. */
	databaseReachable = $state(true);
	/** Server time of the last event applied (its `at`). */
	lastEventAt = $state<string | null>(null);
	seq = $state(0);
	cutover = $state.raw<CutoverView>() as CutoverView;
	phases = $state.raw<PhaseView[]>([]);
	/** Tasks grouped by phase, in order; replaced only when the runbook's structure changes. */
	groups = $state.raw<PhaseGroup[]>([]);
	/** Every task key in board order; replaced only when the structure changes. */
	order = $state.raw<string[]>([]);
	activity = $state.raw<FeedEvent[]>([]);
	forecast = $state.raw<Forecast>() as Forecast;
	message = $state<BoardMessage | null>(null);
	/** Data transfer streams in board order, each with its done-over-time history. */
	transfers = $state.raw<TransferView[]>([]);
	/** The server's Monte Carlo forecast (P50/P90, probability, drivers), null until one is computed. */
	serverForecast = $state.raw<ForecastView | null>(null);
	/** How the forecast moved, oldest first. */
	forecastHistory = $state.raw<ForecastPoint[]>([]);
	/** Decision points in the order opened, each with its criteria, votes and outcomes. */
	decisions = $state.raw<DecisionView[]>([]);
	/** The window end as planned, then each change, oldest first. */
	windowHistory = $state.raw<WindowChangeView[]>([]);
	/** Notice drafts left by decisions, newest first. */
	noticeDrafts = $state.raw<NoticeDraftView[]>([]);
	/** The clock, ticking every second while connected. */
	now = $state(Date.now());

	/** Not reactive itself: cells are added and removed together with a new `order`. */
	readonly cells = new Map<string, TaskCell>();

	#socket: GoliveClientSocket | null = null;
	#joining = false;
	#joinToken = 0;
	#buffer = new Map<number, CutoverEvent>();
	#gapTimer: ReturnType<typeof setTimeout> | null = null;
	#recomputeTimer: ReturnType<typeof setTimeout> | null = null;
	#retryTimer: ReturnType<typeof setTimeout> | null = null;
	#intervals: ReturnType<typeof setInterval>[] = [];
	#destroyed = false;
	#derivation: BoardDerivation | null = null;

	/**
	 * @param now the instant the snapshot was rendered at, so the server's first paint and the browser's
	 * hydration derive the same board.
	 */
	constructor(
		snapshot: BoardSnapshot,
		options: { activity?: FeedEvent[]; user?: UserView | null; now?: number } = {}
	) {
		this.slug = snapshot.cutover.slug;
		this.user = options.user ?? null;
		// The feed may have been read a moment after the snapshot: what is newer arrives again as events.
		this.activity = (options.activity ?? []).filter((e) => e.seq <= snapshot.seq).slice(0, ACTIVITY_LIMIT);
		this.now = options.now ?? Date.now();
		this.#reset(snapshot);
		this.lastEventAt = this.activity[0]?.at ?? null;
	}

	cell(key: string): TaskCell | undefined {
		return this.cells.get(key);
	}

	/** Tasks in board order (reads every cell: for small derived lists such as "my tasks"). */
	get tasks(): BoardTask[] {
		return this.order.map((k) => this.cells.get(k)!.task);
	}

	/** Whether the signed-in user may move a task with this owner (the server decides in the end). */
	canMove(owner: string): boolean {
		return this.user !== null && mayMoveTask(this.user, owner);
	}

	/** The derivation behind the cells' flags (planned/projected slots), for views that need more. */
	get derivation(): BoardDerivation | null {
		// Reading `forecast` makes callers follow each recomputation.
		void this.forecast;
		return this.#derivation;
	}

	// ---- connection -------------------------------------------------------------------------------------

	/** Goes live: joins the cutover's room and follows it until the returned function is called. */
	connect(): () => void {
		// Called from an effect: what it reads must not become that effect's dependencies.
		return untrack(() => this.#connect());
	}

	#connect(): () => void {
		const socket = getSocket();
		this.#socket = socket;
		this.now = Date.now();
		this.#recompute();
		this.#intervals.push(
			setInterval(() => (this.now = Date.now()), 1_000),
			setInterval(() => this.#recompute(), FORECAST_EVERY_MS)
		);
		void enterRoom(this.slug).then(() => {
			if (this.#destroyed) return;
			socket.on('cutover:event', this.#onEvent);
			this.databaseReachable = serverReachesDatabase();
			socket.on('server:status', this.#onServerStatus);
			socket.on('connect', this.#onConnect);
			socket.on('disconnect', this.#onDisconnect);
			socket.on('connect_error', this.#onConnectError);
			if (socket.connected) this.#join();
		});
		return () => this.destroy();
	}

	destroy(): void {
		if (this.#destroyed) return;
		this.#destroyed = true;
		const socket = this.#socket;
		if (socket) {
			socket.off('cutover:event', this.#onEvent);
			socket.off('server:status', this.#onServerStatus);
			socket.off('connect', this.#onConnect);
			socket.off('disconnect', this.#onDisconnect);
			socket.off('connect_error', this.#onConnectError);
			exitRoom(this.slug);
		}
		for (const i of this.#intervals) clearInterval(i);
		for (const t of [this.#gapTimer, this.#recomputeTimer, this.#retryTimer]) if (t) clearTimeout(t);
		this.#joinToken++;
	}

	#onConnect = () => this.#join();

	#onServerStatus = ({ database }: { database: 'reachable' | 'unreachable' }) => {
		this.databaseReachable = database === 'reachable';
	};

	#onDisconnect = () => {
		this.#joinToken++; // an ack still in flight belongs to the dropped connection
		this.#joining = false;
		this.status = 'offline';
	};

	#onConnectError = () => {
		this.status = 'offline';
	};

	#join(): void {
		const socket = this.#socket;
		if (!socket || this.#destroyed) return;
		if (this.#retryTimer) clearTimeout(this.#retryTimer);
		this.#retryTimer = null;
		if (this.#gapTimer) clearTimeout(this.#gapTimer);
		this.#gapTimer = null;
		const token = ++this.#joinToken;
		this.#joining = true;
		if (this.status !== 'connecting') this.status = 'resyncing';
		socket
			.timeout(ACK_TIMEOUT_MS)
			.emitWithAck('cutover:join', { slug: this.slug, afterSeq: this.seq, encoding: 'gzip' })
			.then(
				async (res) => {
					if (token !== this.#joinToken) return;
					if (!res.ok) {
						this.#joining = false;
						this.status = 'offline';
						this.message = { kind: 'error', refusal: res.error };
						// Not found or forbidden will not heal by retrying quickly; a later reconnect tries again.
						if (res.error.code === 'internal') this.#retryJoin();
						return;
					}
					// Events keep buffering (#joining) until the snapshot is decoded and applied.
					const snapshot = res.data.snapshotGzip
						? await decodeSnapshot(res.data.snapshotGzip).catch(() => null)
						: res.data.snapshot;
					if (token !== this.#joinToken) return;
					this.#joining = false;
					if (res.data.snapshotGzip && !snapshot) {
						this.status = 'offline';
						this.#retryJoin();
						return;
					}
					if (snapshot) this.#reset(snapshot);
					else for (const e of res.data.events ?? []) if (e.seq > this.seq) this.#buffer.set(e.seq, e);
					this.#drain();
					this.status = 'live';
					this.lastUpdateAt = Date.now();
				},
				() => {
					if (token !== this.#joinToken) return;
					this.#joining = false;
					this.status = 'offline';
					this.#retryJoin();
				}
			);
	}

	#retryJoin(): void {
		if (this.#destroyed || this.#retryTimer) return;
		this.#retryTimer = setTimeout(() => {
			this.#retryTimer = null;
			if (this.#socket?.connected) this.#join();
		}, 3_000);
	}

	#onEvent = (event: CutoverEvent) => {
		// The arrival, for measuring how soon it shows (npm run bench); only the latest mark is kept.
		performance.clearMarks('golive:event');
		performance.mark('golive:event', { detail: { seq: event.seq } });
		if (event.seq <= this.seq) return;
		if (this.#joining || event.seq > this.seq + 1) {
			this.#buffer.set(event.seq, event);
			if (!this.#joining) this.#armGapTimer();
			return;
		}
		this.#apply(event);
		this.#drain();
	};

	/** Applies buffered events that now follow on; a gap that remains arms the resync timer. */
	#drain(): void {
		for (let next = this.#buffer.get(this.seq + 1); next; next = this.#buffer.get(this.seq + 1)) {
			this.#buffer.delete(next.seq);
			this.#apply(next);
		}
		for (const seq of this.#buffer.keys()) if (seq <= this.seq) this.#buffer.delete(seq);
		if (this.#buffer.size > 0) this.#armGapTimer();
		else if (this.#gapTimer) {
			clearTimeout(this.#gapTimer);
			this.#gapTimer = null;
		}
	}

	#armGapTimer(): void {
		if (this.#gapTimer) return;
		this.#gapTimer = setTimeout(() => {
			this.#gapTimer = null;
			if (this.#buffer.size > 0 && !this.#joining && this.#socket?.connected) this.#join();
		}, GAP_GRACE_MS);
	}

	// ---- applying state ---------------------------------------------------------------------------------

	#reset(snapshot: BoardSnapshot): void {
		this.cutover = snapshot.cutover;
		this.phases = snapshot.phases;
		this.cells.clear();
		for (const t of snapshot.tasks) this.cells.set(t.key, new TaskCell(t));
		this.seq = snapshot.seq;
		this.transfers = snapshot.transfers;
		this.serverForecast = snapshot.forecast;
		this.forecastHistory = snapshot.forecastHistory;
		this.decisions = snapshot.decisions ?? [];
		this.windowHistory = snapshot.windowHistory ?? [];
		this.noticeDrafts = snapshot.noticeDrafts ?? [];
		this.#restructure();
		this.#recompute();
	}

	/** A whole stream (its history replaces the chart's when given whole), or progress merged into the one held. */
	#applyTransfer(next: TransferView | TransferProgressView, historyIsDelta: boolean): void {
		const current = this.transfers.find((t) => t.key === next.key);
		if (!current && !('name' in next)) return;
		const merged: TransferView = {
			...(current as TransferView),
			...next,
			history: this.#history(current, next, historyIsDelta)
		};
		this.transfers = (
			current ? this.transfers.map((t) => (t.key === next.key ? merged : t)) : [...this.transfers, merged]
		).sort((a, b) => a.position - b.position);
	}

	/** The chart's points after an update: a progress event adds its latest point; a new series starts over. */
	#history(
		current: TransferView | undefined,
		next: TransferView | TransferProgressView,
		historyIsDelta: boolean
	): ProgressPoint[] {
		const sameSeries = current !== undefined && current.series === next.series;
		if (!('history' in next)) {
			const at = next.lastProgressAt === null ? null : Date.parse(next.lastProgressAt);
			const kept = sameSeries ? current.history : [];
			const last = kept.at(-1);
			if (at === null || (last && last[0] >= at)) return kept;
			return [...kept, [at, next.done] as ProgressPoint].slice(-TRANSFER_HISTORY_LIMIT);
		}
		return historyIsDelta && sameSeries
			? [...current.history, ...next.history].slice(-TRANSFER_HISTORY_LIMIT)
			: next.history;
	}

	#apply(event: CutoverEvent): void {
		this.seq = event.seq;
		this.lastEventAt = event.at;
		this.lastUpdateAt = Date.now();
		// After a server-side reset (a snapshot with a lower seq) old entries could share seqs with new ones.
		const older =
			this.activity[0] && this.activity[0].seq >= event.seq
				? this.activity.filter((e) => e.seq < event.seq)
				: this.activity;
		if (!QUIET_EVENTS.includes(event.type))
			this.activity = [toFeedEvent(event), ...older.slice(0, ACTIVITY_LIMIT - 1)];
		switch (event.type) {
			case 'cutover.created':
			case 'cutover.updated':
				this.cutover = event.data.cutover;
				break;
			case 'phase.created':
				this.phases = [...this.phases.filter((p) => p.id !== event.data.phase.id), event.data.phase];
				this.#restructure();
				break;
			case 'task.created':
				this.cells.set(event.data.task.key, new TaskCell(event.data.task));
				this.#restructure();
				break;
			case 'task.updated':
			case 'task.transitioned': {
				const { task } = event.data;
				const cell = this.cells.get(task.key);
				if (!cell) {
					this.cells.set(task.key, new TaskCell(task));
					this.#restructure();
				} else {
					const moved = cell.task.phase !== task.phase || cell.task.position !== task.position;
					cell.task = task;
					if (moved) this.#restructure();
				}
				break;
			}
			case 'runbook.imported':
				this.phases = event.data.phases;
				this.cells.clear();
				for (const t of event.data.tasks) this.cells.set(t.key, new TaskCell(t));
				this.#restructure();
				break;
			case 'transfer.created':
				this.#applyTransfer(event.data.transfer, false);
				break;
			case 'transfer.updated':
				this.#applyTransfer(event.data.transfer, true);
				break;
			case 'transfer.progressed':
				for (const t of event.data.transfers) this.#applyTransfer(t, true);
				break;
			case 'forecast.computed': {
				const f = event.data.forecast;
				this.serverForecast = f;
				this.forecastHistory = [
					...this.forecastHistory.slice(-(FORECAST_HISTORY_LIMIT - 1)),
					{
						at: Date.parse(f.computedAt),
						seq: f.basedOnSeq,
						p50: Date.parse(f.p50),
						p90: Date.parse(f.p90),
						probability: f.probability
					}
				];
				// Nothing on the board's own derivation depends on it.
				return;
			}
			case 'decision.opened':
				this.#putDecision(event.data.decision);
				return;
			case 'decision.criterion_updated':
				this.#applyCriterion(event.data.decision, event.data.criterion);
				return;
			case 'decision.voted':
				this.#applyVote(event.data.decision, event.data.vote);
				return;
			case 'decision.recorded':
				this.#applyRecorded(event.data);
				// An extension moves the window end: the board's derivation follows.
				if (!event.data.window) return;
				break;
		}
		this.#scheduleRecompute();
	}

	/** A decision point by key, or undefined. */
	decision(key: string): DecisionView | undefined {
		return this.decisions.find((d) => d.key === key);
	}

	/** Adds a decision point, or replaces the one with its key. */
	#putDecision(decision: DecisionView): void {
		const exists = this.decisions.some((d) => d.key === decision.key);
		this.decisions = exists
			? this.decisions.map((d) => (d.key === decision.key ? decision : d))
			: [...this.decisions, decision].sort((a, b) => a.position - b.position);
	}

	#updateDecision(key: string, change: (d: DecisionView) => DecisionView): void {
		const current = this.decision(key);
		if (current) this.#putDecision(change(current));
	}

	#applyCriterion(key: string, criterion: CriterionView): void {
		this.#updateDecision(key, (d) => ({
			...d,
			criteria: d.criteria.some((c) => c.id === criterion.id)
				? d.criteria.map((c) => (c.id === criterion.id ? criterion : c))
				: [...d.criteria, criterion].sort((a, b) => a.position - b.position)
		}));
	}

	#applyVote(key: string, vote: VoteView): void {
		this.#updateDecision(key, (d) =>
			d.votes.some((v) => v.id === vote.id) ? d : { ...d, votes: [...d.votes, vote] }
		);
	}

	#applyRecorded(recorded: DecisionRecorded): void {
		const { outcome, window, notice } = recorded;
		if (!this.decision(recorded.decision.key)) this.#putDecision(recorded.decision);
		this.#updateDecision(recorded.decision.key, (d) => ({
			...d,
			status: 'decided',
			outcomes: d.outcomes.some((o) => o.id === outcome.id) ? d.outcomes : [...d.outcomes, outcome]
		}));
		if (window) {
			if (window.cutover.version >= this.cutover.version) this.cutover = window.cutover;
			const seen = this.windowHistory.some(
				(w) => w.at === window.change.at && w.to === window.change.to && w.decision === window.change.decision
			);
			if (!seen) this.windowHistory = [...this.windowHistory, window.change];
		}
		if (notice && !this.noticeDrafts.some((n) => n.id === notice.id))
			this.noticeDrafts = [notice, ...this.noticeDrafts];
	}

	/** A task record from an ack or a conflict: newer than ours (by version) replaces ours. */
	#applyTask(task: TaskView): void {
		const cell = this.cells.get(task.key);
		if (cell && task.version > cell.task.version) {
			cell.task = task;
			this.#scheduleRecompute();
		}
	}

	#restructure(): void {
		const byPhase = new Map<string, string[]>();
		const sorted = [...this.cells.values()].map((c) => c.task).sort((a, b) => a.position - b.position);
		for (const t of sorted) {
			const list = byPhase.get(t.phase);
			if (list) list.push(t.key);
			else byPhase.set(t.phase, [t.key]);
		}
		const groups: PhaseGroup[] = [...this.phases]
			.sort((a, b) => a.position - b.position)
			.map((phase) => ({ phase, keys: byPhase.get(phase.name) ?? [] }));
		// Tasks whose phase is not (yet) known still show, in a group of their own.
		for (const [name, keys] of byPhase)
			if (!this.phases.some((p) => p.name === name))
				groups.push({ phase: { id: `unlisted:${name}`, name, position: Infinity }, keys });
		this.groups = groups;
		this.order = groups.flatMap((g) => g.keys);
	}

	#scheduleRecompute(): void {
		if (this.#recomputeTimer || typeof window === 'undefined') return;
		this.#recomputeTimer = setTimeout(() => {
			this.#recomputeTimer = null;
			this.now = Date.now();
			this.#recompute();
		}, RECOMPUTE_DELAY_MS);
	}

	#recompute(): void {
		const tasks = [...this.cells.values()].map((c) => c.task);
		const d = deriveBoard({
			windowStart: Date.parse(this.cutover.windowStart),
			windowEnd: Date.parse(this.cutover.windowEnd),
			phases: this.phases,
			tasks,
			transfers: this.transfers,
			now: this.now
		});
		this.#derivation = d;
		for (const [key, cell] of this.cells) {
			const planned = d.planned.get(key);
			const set = <K extends 'ready' | 'late' | 'critical' | 'plannedStart' | 'plannedEnd' | 'projectedEnd'>(
				k: K,
				v: TaskCell[K]
			) => {
				if (cell[k] !== v) cell[k] = v;
			};
			set('ready', d.ready.has(key));
			set('late', d.late.has(key));
			set('critical', d.critical.has(key));
			set('plannedStart', planned?.start ?? null);
			set('plannedEnd', planned?.end ?? null);
			set('projectedEnd', d.projected.get(key)?.end ?? null);
		}
		this.forecast = {
			projectedEnd: d.projectedEnd,
			plannedEnd: d.plannedEnd,
			overrunMinutes: d.overrunMinutes,
			criticalPath: [...d.critical],
			phases: d.phases,
			lateCount: d.late.size,
			readyCount: d.ready.size,
			computedAt: this.now
		};
	}

	// ---- commands ---------------------------------------------------------------------------------------

	/**
	 * Moves a task, sending the version we show so a concurrent move is refused rather than overwritten. On a
	 * conflict the current task from the server replaces ours and `message` says what happened.
	 */
	async transition(key: string, to: TaskStatus, note?: string): Promise<Ack<TaskView>> {
		const cell = this.cells.get(key);
		const socket = this.#socket;
		if (!cell)
			return this.#fail(
				{
					code: 'not_found',
					message: `no task "${key}" in this cutover`,
					reason: 'errors.taskNotFound',
					params: { key }
				},
				key
			);
		if (!socket?.connected) {
			this.message = { kind: 'offline', key };
			return { ok: false, error: { code: 'internal', message: 'not connected: the move was not sent' } };
		}
		const expectedVersion = cell.task.version;
		cell.pending = true;
		try {
			const res = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('task:transition', {
				slug: this.slug,
				key,
				to,
				expectedVersion,
				...(note?.trim() ? { note: note.trim() } : {})
			});
			if (res.ok) {
				this.#applyTask(res.data);
				if (this.message && 'key' in this.message && this.message.key === key) this.message = null;
				return res;
			}
			return this.#fail(res.error, key, expectedVersion);
		} catch {
			return this.#fail(
				{
					code: 'internal',
					message: 'the server did not answer in time; the board will catch up',
					reason: 'errors.noAnswer'
				},
				key
			);
		} finally {
			cell.pending = false;
		}
	}

	#fail(error: ErrorBody, key: string, sentVersion?: number): Ack<TaskView> {
		const current = (error.details as { task?: TaskView } | undefined)?.task;
		if (error.code === 'conflict' && current && current.key === key) {
			this.#applyTask(current);
			this.message =
				sentVersion !== undefined && current.version !== sentVersion
					? { kind: 'conflict', key, status: current.status }
					: { kind: 'refused', key, refusal: error };
		} else this.message = { kind: 'refused', key, refusal: error };
		return { ok: false, error };
	}

	dismissMessage(): void {
		this.message = null;
	}
}

const KEY = Symbol('live-cutover');

export function setLiveCutover(live: LiveCutover): LiveCutover {
	return setContext(KEY, live);
}

export function getLiveCutover(): LiveCutover {
	const live = getContext<LiveCutover | undefined>(KEY);
	if (!live) throw new Error('getLiveCutover() outside a LiveScope');
	return live;
}
