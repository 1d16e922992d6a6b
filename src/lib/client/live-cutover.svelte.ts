/**
 * The live state of one cutover in the browser: first painted from the server's snapshot, then kept current by
 * the event log over the socket. The core (./live/core.svelte.ts, with ./live/connection.ts) joins, applies
 * events in seq order, resyncs and says whether the board is live; each area is a slice (./live/*.svelte.ts)
 * that takes its state from the snapshot and reduces its own event types. A new area adds a slice here, and the
 * compiler insists that every event type is reduced by exactly one slice.
 */
import { getContext, setContext } from 'svelte';
import type { BoardSnapshot } from '../shared/events';
import { LiveCore, type LiveOptions } from './live/core.svelte';
import { DecisionsSlice } from './live/decisions.svelte';
import { IncidentsSlice } from './live/incidents.svelte';
import { MetricsSlice } from './live/metrics.svelte';
import { NoticesSlice } from './live/notices.svelte';
import { OpeningSlice } from './live/opening.svelte';
import { ProgrammeSlice } from './live/programme.svelte';
import { RunbookSlice } from './live/runbook.svelte';
import { TransfersSlice } from './live/transfers.svelte';
import { WebhooksSlice } from './live/webhooks';

export { STALE_AFTER_MS, type BoardMessage, type LiveStatus } from './live/core.svelte';
export { TaskCell, type Forecast, type PhaseGroup } from './live/board.svelte';

export class LiveCutover extends LiveCore {
	/** Phases and tasks (a reactive cell each), the board's projection of them, and moving a task. */
	readonly runbook: RunbookSlice;
	/** Data transfer streams, and the server's forecast of the window with its history. */
	readonly transfers: TransfersSlice;
	/** Decision points, the window's changes and the notice drafts decisions leave. */
	readonly decisions: DecisionsSlice;
	/** The cutover's metrics: latest readings, breach levels and recent charts. */
	readonly metrics: MetricsSlice;
	/** The staged opening: its stages, restrictions, the room's acts and the next stage's gate. */
	readonly opening: OpeningSlice;
	/** The catalogue of services (with the status each shows) and the incidents with their timelines. */
	readonly incidents = new IncidentsSlice();
	/** Webhook endpoints: only their events, for the activity feed. */
	readonly webhooks = new WebhooksSlice();
	/** User notices: a count of their events, for the pages that read notices to load again. */
	readonly notices = new NoticesSlice();
	/** A programme's systems, waves and templates, and their counts (empty on a cutover's board). */
	readonly programme = new ProgrammeSlice(() => this.now);

	constructor(snapshot: BoardSnapshot, options: LiveOptions = {}) {
		super(snapshot, options);
		this.transfers = new TransfersSlice(this);
		this.runbook = new RunbookSlice(this, this.transfers);
		this.decisions = new DecisionsSlice(this);
		this.metrics = new MetricsSlice();
		this.opening = new OpeningSlice();
		this.mount(
			snapshot,
			this.runbook,
			this.transfers,
			this.decisions,
			this.metrics,
			this.opening,
			this.incidents,
			this.webhooks,
			this.notices,
			this.programme
		);
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
