import type { CutoverEvent } from '../../shared/events';

export type EventListener = (cutoverId: string, event: CutoverEvent) => void;

/** In-process fan-out of committed events to the realtime layer (and whatever else listens, e.g. tests). */
export class EventBus {
	#listeners = new Set<EventListener>();

	subscribe(listener: EventListener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	publish(cutoverId: string, events: readonly CutoverEvent[]): void {
		for (const event of events)
			for (const listener of this.#listeners) {
				try {
					listener(cutoverId, event);
				} catch (err) {
					// A failing listener must not stop the others, nor fail a write that has committed.
					console.error('event listener failed', err);
				}
			}
	}
}
