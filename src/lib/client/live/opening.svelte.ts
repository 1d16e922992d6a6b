/**
 * The staged opening on a live board: the plan, where the room has taken it, its restrictions, the room's acts
 * and the next stage's gate. Every act's event carries the whole opening after it, so each replaces it whole;
 * a gate evaluation replaces only the gate.
 */
import type { BoardSnapshot } from '../../shared/events';
import type { OpeningView } from '../../shared/schemas/opening';
import type { LiveSlice, Reducers } from './slices';

type OpeningEvents =
	| 'opening.planned'
	| 'opening.advanced'
	| 'opening.stepped_back'
	| 'opening.held'
	| 'opening.resumed'
	| 'opening.restricted'
	| 'opening.lifted'
	| 'opening.gate_evaluated';

export class OpeningSlice implements LiveSlice<OpeningEvents> {
	/** The opening; null while the cutover has no plan. */
	opening = $state.raw<OpeningView | null>(null);

	readonly #replace = ({ data }: { data: { opening: OpeningView } }) => (this.opening = data.opening);

	readonly reducers: Reducers<OpeningEvents> = {
		'opening.planned': this.#replace,
		'opening.advanced': this.#replace,
		'opening.stepped_back': this.#replace,
		'opening.held': this.#replace,
		'opening.resumed': this.#replace,
		'opening.restricted': this.#replace,
		'opening.lifted': this.#replace,
		'opening.gate_evaluated': ({ data }) => {
			if (this.opening) this.opening = { ...this.opening, gate: data.gate };
		}
	};

	reset(snapshot: BoardSnapshot): void {
		this.opening = snapshot.opening;
	}
}
