import { randomUUID } from 'node:crypto';
import type { CutoverEvent } from '../../shared/events';
import { log } from '../observability/log';

export type EventListener = (cutoverId: string, event: CutoverEvent) => void;

/** Reads a cutover's committed events after `afterSeq`, at most up to `uptoSeq`, oldest first. */
export type EventLoader = (cutoverId: string, afterSeq: number, uptoSeq: number) => Promise<CutoverEvent[]>;

/**
 * This instance's fan-out of committed events to the realtime layer, the caches and whatever else listens: each
 * cutover's events in seq order, each once. Its own commits arrive from the write path (`publish`); other
 * instances' commits arrive as notifications (`heard`, see event-relay.ts) and are read from the event log. An
 * event that would leave a gap (another instance's commit not heard of yet) waits until the missing ones are
 * read from the log, so a listener never sees seq 7 before seq 6.
 */
export class EventBus {
	/**
	 * Names this bus in its instance's commit notifications: an instance skips its own, which its write path
	 * publishes itself. (Heard first, a race the notification wins about half the time, each would be read back
	 * from the log for nothing.)
	 */
	readonly origin = randomUUID();
	#listeners = new Set<EventListener>();
	/** The last seq delivered per cutover. */
	#delivered = new Map<string, number>();
	/** Per cutover, the catch-up under way: catch-ups of one cutover run one after another. */
	#catchingUp = new Map<string, Promise<void>>();
	#load: EventLoader | null = null;

	subscribe(listener: EventListener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/** Where missing events are read from (set when other instances may commit to the same database). */
	readFrom(load: EventLoader): void {
		this.#load = load;
	}

	/** Events this instance has just committed. */
	publish(cutoverId: string, events: readonly CutoverEvent[]): void {
		if (events.length === 0) return;
		if (!this.#offer(cutoverId, events)) void this.#catchUp(cutoverId, events.at(-1)!.seq, events);
	}

	/** Another instance committed seqs `firstSeq`..`lastSeq` of a cutover. */
	heard(cutoverId: string, firstSeq: number, lastSeq: number): Promise<void> {
		const delivered = this.#delivered.get(cutoverId);
		if (delivered !== undefined && lastSeq <= delivered) return Promise.resolve();
		return this.#catchUp(cutoverId, lastSeq, [], delivered ?? firstSeq - 1);
	}

	/** Every cutover heard of: after a lost connection, anything may have been committed meanwhile. */
	async catchUpAll(latestSeqOf: (cutoverIds: string[]) => Promise<Map<string, number>>): Promise<void> {
		const latest = await latestSeqOf([...this.#delivered.keys()]);
		await Promise.all([...latest].map(([id, seq]) => this.heard(id, seq, seq)));
	}

	/** Delivers what follows the last delivered seq; false when a gap is left before some of `events`. */
	#offer(cutoverId: string, events: readonly CutoverEvent[]): boolean {
		for (const event of events) {
			const last = this.#delivered.get(cutoverId);
			if (last !== undefined && event.seq <= last) continue;
			if (last !== undefined && event.seq > last + 1) return false;
			this.#delivered.set(cutoverId, event.seq);
			this.#emit(cutoverId, event);
		}
		return true;
	}

	/** Reads the events up to `uptoSeq` that are missing, delivers them in order, then `pending`. */
	#catchUp(
		cutoverId: string,
		uptoSeq: number,
		pending: readonly CutoverEvent[],
		from?: number
	): Promise<void> {
		const previous = this.#catchingUp.get(cutoverId) ?? Promise.resolve();
		const run = previous.then(async () => {
			const after = this.#delivered.get(cutoverId) ?? from;
			if (after === undefined || after >= uptoSeq || !this.#load) {
				this.#offer(cutoverId, pending);
				return;
			}
			try {
				this.#offer(cutoverId, await this.#load(cutoverId, after, uptoSeq));
			} catch (err) {
				// The next notification or commit tries again; boards that see a gap resync by seq meanwhile.
				log.error({ err }, 'reading missed events failed');
			}
			this.#offer(cutoverId, pending);
		});
		this.#catchingUp.set(cutoverId, run);
		void run.finally(() => {
			if (this.#catchingUp.get(cutoverId) === run) this.#catchingUp.delete(cutoverId);
		});
		return run;
	}

	#emit(cutoverId: string, event: CutoverEvent): void {
		for (const listener of this.#listeners) {
			try {
				listener(cutoverId, event);
			} catch (err) {
				// A failing listener must not stop the others, nor fail a write that has committed.
				log.error({ err }, 'event listener failed');
			}
		}
	}
}
