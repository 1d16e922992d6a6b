/**
 * How an area plugs into the live store: a slice holds the area's state, takes it from a snapshot, and declares
 * the events it reduces, one reducer per event type. The core hands each applied event to the one slice that
 * declared its type. `EveryTypeOnce` turns a missing or a doubled type into a compile error where the slices are
 * mounted; at run time the table refuses a doubled type and reports an event type no slice reduces (a server
 * newer than the page may send one: it is skipped, as the realtime contract says clients do).
 */
import type { BoardSnapshot, CutoverEvent, EventType } from '../../shared/events';

/** The event of one type, with its payload typed. */
export type EventOf<T extends EventType> = Extract<CutoverEvent, { type: T }>;

/** One reducer for each event type a slice handles, given the event of that type. */
export type Reducers<T extends EventType> = { readonly [K in T]: (event: EventOf<K>) => void };

/** An area's part of the store, reducing the event types `T` (`LiveSlice` alone: a slice of any types). */
export interface LiveSlice<T extends EventType = never> {
	readonly reducers: Reducers<T>;
	/** Takes the slice's state from a snapshot: the first paint, and a rejoin far behind (a whole board again). */
	reset(snapshot: BoardSnapshot): void;
	/** Recomputes what the slice derives from the whole store and the clock; the core paces the calls. */
	derive?(): void;
}

type Handled<S> = S extends { readonly reducers: infer R } ? keyof R & EventType : never;
type HandledByAny<S extends readonly unknown[]> = Handled<S[number]>;
type HandledTwice<S extends readonly unknown[]> = S extends readonly [infer First, ...infer Rest]
	? (Handled<First> & HandledByAny<Rest>) | HandledTwice<Rest>
	: never;

/**
 * `unknown` when the slices reduce each type of `T` exactly once and nothing else; otherwise an object type
 * naming the types at fault, which the slices (a tuple) cannot match.
 */
export type EveryTypeOnce<S extends readonly unknown[], T extends EventType> = [
	Exclude<T, HandledByAny<S>>
] extends [never]
	? [HandledTwice<S> | Exclude<HandledByAny<S>, T>] extends [never]
		? unknown
		: { 'reduced twice, or not for these slices to reduce': HandledTwice<S> | Exclude<HandledByAny<S>, T> }
	: { 'reduced by no slice': Exclude<T, HandledByAny<S>> };

/** Which slice reduces which event type, checked as slices are added. */
export class ReducerTable {
	readonly #reducers = new Map<string, (event: CutoverEvent) => void>();
	readonly #reported = new Set<string>();
	readonly #report: (message: string) => void;

	constructor(report: (message: string) => void = (message) => console.warn(message)) {
		this.#report = report;
	}

	add(slice: LiveSlice): void {
		for (const [type, reducer] of Object.entries(slice.reducers) as [string, (e: CutoverEvent) => void][]) {
			if (this.#reducers.has(type)) throw new Error(`live store: two slices reduce "${type}" events`);
			this.#reducers.set(type, reducer);
		}
	}

	/** Hands the event to its slice; a type no slice reduces is reported (once per type) and skipped. */
	dispatch(event: CutoverEvent): void {
		const reduce = this.#reducers.get(event.type);
		if (reduce) return reduce(event);
		if (this.#reported.has(event.type)) return;
		this.#reported.add(event.type);
		this.#report(`live store: no slice reduces "${event.type}" events (seq ${event.seq}); skipped`);
	}
}
