/**
 * The core of a live store, apart from any area: the seq it has applied, whether it is live (./status.svelte.ts),
 * the activity feed, the cutover itself (its name, zone and window, which every area reads) and the clock. Its
 * connection (./connection.ts) joins, orders and resyncs the event log; the core hands each event to the slice
 * that reduces its type (./slices.ts) and paces the slices' derivations. A composition such as LiveCutover
 * creates the slices and mounts them once.
 */
import { untrack } from 'svelte';
import {
	QUIET_EVENTS,
	toFeedEvent,
	type BoardSnapshot,
	type CutoverEvent,
	type EventType,
	type FeedEvent
} from '../../shared/events';
import type { Ack } from '../../shared/realtime';
import type { UserView } from '../../shared/schemas/auth';
import type { CutoverView } from '../../shared/schemas/runbook';
import { LiveConnection, type Command, type CommandData, type CommandPayload } from './connection';
import { ReducerTable, type EveryTypeOnce, type LiveSlice, type Reducers } from './slices';
import { BoardStatus } from './status.svelte';

export { STALE_AFTER_MS, type BoardMessage, type LiveStatus } from './status.svelte';

/** The event types the core reduces itself; the slices a composition mounts reduce all the others. */
type CoreEvents = 'cutover.created' | 'cutover.updated';
export type SliceEvents = Exclude<EventType, CoreEvents>;

export interface LiveOptions {
	/** The activity feed as the page read it (newest first). */
	activity?: FeedEvent[];
	/** When the newest event was written, for a page that reads no feed. */
	lastEventAt?: string | null;
	user?: UserView | null;
	/** The instant the snapshot was rendered at, so the server's first paint and the browser's hydration agree. */
	now?: number;
	/**
	 * The snapshot leaves out what is too heavy for a first paint (a programme's systems): the first join asks
	 * for the whole board instead of the events after its seq.
	 */
	partial?: boolean;
}

/** Newest-first events kept for the activity feed. */
const ACTIVITY_LIMIT = 500;
/** Derived views follow the clock at this pace even when nothing happens. */
const DERIVE_EVERY_MS = 5_000;
/** Changes that arrive together are folded into one derivation. */
const DERIVE_DELAY_MS = 150;

export class LiveCore extends BoardStatus {
	readonly slug: string;
	readonly user: UserView | null;
	/** False while the server says it cannot reach its database: changes are refused until it can again. */
	databaseReachable = $state(true);
	/** Server time of the last event applied (its `at`). */
	lastEventAt = $state<string | null>(null);
	seq = $state(0);
	/** False until a whole snapshot has replaced a partial first paint (see LiveOptions.partial). */
	whole = $state(true);
	cutover = $state.raw<CutoverView>() as CutoverView;
	activity = $state.raw<FeedEvent[]>([]);

	readonly #table = new ReducerTable();
	readonly #slices: LiveSlice[] = [];
	readonly #connection: LiveConnection;
	#deriveTimer: ReturnType<typeof setTimeout> | null = null;
	#intervals: ReturnType<typeof setInterval>[] = [];
	#destroyed = false;

	constructor(snapshot: BoardSnapshot, options: LiveOptions = {}) {
		super(options.now ?? Date.now());
		this.slug = snapshot.cutover.slug;
		this.user = options.user ?? null;
		this.whole = !options.partial;
		// The feed may have been read a moment after the snapshot: what is newer arrives again as events.
		this.activity = (options.activity ?? []).filter((e) => e.seq <= snapshot.seq).slice(0, ACTIVITY_LIMIT);
		this.lastEventAt = this.activity[0]?.at ?? options.lastEventAt ?? null;
		this.#table.add(this.#own);
		this.#connection = new LiveConnection(
			this,
			(event) => this.#apply(event),
			(next) => {
				this.#reset(next);
				this.whole = true;
			}
		);
	}

	/** The cutover's own events; an extension's new window comes through `adoptCutover`. */
	readonly #own: LiveSlice<CoreEvents> = {
		reducers: {
			'cutover.created': (e) => this.#setCutover(e.data.cutover),
			'cutover.updated': (e) => this.#setCutover(e.data.cutover)
		} satisfies Reducers<CoreEvents>,
		reset: (snapshot) => (this.cutover = snapshot.cutover)
	};

	#setCutover(cutover: CutoverView): void {
		this.cutover = cutover;
		this.invalidate();
	}

	/** A cutover record another area's event carries (an extension moves the window end), unless ours is newer. */
	adoptCutover(cutover: CutoverView): void {
		if (cutover.version >= this.cutover.version) this.cutover = cutover;
		this.invalidate();
	}

	/**
	 * Mounts the areas, once, from the composition's constructor, and paints them all from the snapshot. Between
	 * them they must reduce every event type but the cutover's own, each exactly once.
	 */
	protected mount<const S extends readonly LiveSlice[]>(
		snapshot: BoardSnapshot,
		...slices: S & EveryTypeOnce<S, SliceEvents>
	): void {
		for (const slice of slices) {
			this.#table.add(slice);
			this.#slices.push(slice);
		}
		this.#reset(snapshot);
	}

	/** Whether a command can be sent now. */
	get connected(): boolean {
		return this.#connection.connected;
	}

	/** Sends a command and waits for its ack; not connected, or no answer in time, come back as refusals. */
	command<C extends Command>(name: C, payload: CommandPayload<C>): Promise<Ack<CommandData<C>>> {
		return this.#connection.command(name, payload);
	}

	/** Something the slices derive from has changed: they derive again shortly (changes together, once). */
	invalidate(): void {
		if (this.#deriveTimer || typeof window === 'undefined') return;
		this.#deriveTimer = setTimeout(() => {
			this.#deriveTimer = null;
			this.now = Date.now();
			this.#derive();
		}, DERIVE_DELAY_MS);
	}

	#derive(): void {
		for (const slice of this.#slices) slice.derive?.();
	}

	/** Goes live: joins the cutover's room and follows it until the returned function is called. */
	connect(): () => void {
		// Called from an effect: what it reads must not become that effect's dependencies.
		return untrack(() => {
			this.now = Date.now();
			this.#derive();
			this.#intervals.push(
				setInterval(() => (this.now = Date.now()), 1_000),
				setInterval(() => this.#derive(), DERIVE_EVERY_MS)
			);
			this.#connection.open();
			return () => this.destroy();
		});
	}

	destroy(): void {
		if (this.#destroyed) return;
		this.#destroyed = true;
		this.#connection.close();
		for (const i of this.#intervals) clearInterval(i);
		if (this.#deriveTimer) clearTimeout(this.#deriveTimer);
	}

	#reset(snapshot: BoardSnapshot): void {
		this.seq = snapshot.seq;
		this.#own.reset(snapshot);
		for (const slice of this.#slices) slice.reset(snapshot);
		this.#derive();
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
		this.#table.dispatch(event);
	}
}
