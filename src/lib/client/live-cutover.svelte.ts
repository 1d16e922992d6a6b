/**
 * The live state of one cutover in the browser: first painted from the server's snapshot, then kept current by
 * the event log over the socket. The core (./live/core.svelte.ts, with ./live/connection.ts) joins, applies
 * events in seq order, resyncs and says whether the board is live; each area is a slice (./live/*.svelte.ts)
 * that takes its state from the snapshot and reduces its own event types. A new area adds a slice here, and the
 * compiler insists that every event type is reduced by exactly one slice.
 */
import { getContext, setContext } from 'svelte';
import type { BoardSnapshot } from '../shared/events';
import type { TaskStatus } from '../shared/task-status';
import { LiveCore, type LiveOptions } from './live/core.svelte';
import { DecisionsSlice } from './live/decisions.svelte';
import { RunbookSlice } from './live/runbook.svelte';
import { TransfersSlice } from './live/transfers.svelte';

export { STALE_AFTER_MS, type BoardMessage, type LiveStatus } from './live/core.svelte';
export { TaskCell, type Forecast, type PhaseGroup } from './live/board.svelte';

export class LiveCutover extends LiveCore {
	readonly #runbook: RunbookSlice;
	readonly #transfers: TransfersSlice;
	readonly #decisions: DecisionsSlice;

	constructor(snapshot: BoardSnapshot, options: LiveOptions = {}) {
		super(snapshot, options);
		this.#transfers = new TransfersSlice(this);
		this.#runbook = new RunbookSlice(this, this.#transfers);
		this.#decisions = new DecisionsSlice(this);
		this.mount(snapshot, this.#runbook, this.#transfers, this.#decisions);
	}

	// The accessors components read, forwarded to the slices for now.

	get phases() {
		return this.#runbook.phases;
	}
	get groups() {
		return this.#runbook.groups;
	}
	get order() {
		return this.#runbook.order;
	}
	get cells() {
		return this.#runbook.cells;
	}
	get forecast() {
		return this.#runbook.forecast;
	}
	get derivation() {
		return this.#runbook.derivation;
	}
	get tasks() {
		return this.#runbook.tasks;
	}
	cell(key: string) {
		return this.#runbook.cell(key);
	}
	canMove(owner: string) {
		return this.#runbook.canMove(owner);
	}
	transition(key: string, to: TaskStatus, note?: string) {
		return this.#runbook.transition(key, to, note);
	}
	get transfers() {
		return this.#transfers.streams;
	}
	get serverForecast() {
		return this.#transfers.serverForecast;
	}
	get forecastHistory() {
		return this.#transfers.forecastHistory;
	}
	get decisions() {
		return this.#decisions.points;
	}
	get windowHistory() {
		return this.#decisions.windowHistory;
	}
	get noticeDrafts() {
		return this.#decisions.noticeDrafts;
	}
	decision(key: string) {
		return this.#decisions.point(key);
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
