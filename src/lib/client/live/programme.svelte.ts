/**
 * A programme on its live board: its systems, waves and templates, replaced record by record as events carry
 * them (each event carries the records after the act). The counts derive from them through the shared
 * `programmeCounts`, so the board counts as the server and the public progress view do.
 */
import type { BoardSnapshot } from '../../shared/events';
import { programmeCounts, type ProgrammeCounts } from '../../shared/programmes/counts';
import type { SignoffView, SystemView, TemplateView, WaveView } from '../../shared/schemas/programmes';
import type { LiveSlice, Reducers } from './slices';

type ProgrammeEvents =
	| 'programme.inventory_imported'
	| 'programme.system_updated'
	| 'programme.template_saved'
	| 'programme.wave_built'
	| 'programme.signoff_requested'
	| 'programme.signed_off'
	| 'programme.snapshot_taken'
	| 'programme.contact_message_queued'
	| 'programme.settings_changed';

/** Sign-offs this board saw arrive, newest first (the page shows the latest ones). */
const SEEN_SIGNOFFS = 50;

/** `list` with `changed` put in place by key (new ones added), in key order. */
function replaced<T extends { key: string }>(list: readonly T[], changed: readonly T[]): T[] {
	const byKey = new Map(list.map((item) => [item.key, item]));
	for (const item of changed) byKey.set(item.key, item);
	return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export class ProgrammeSlice implements LiveSlice<ProgrammeEvents> {
	/** Whether the stream is a programme (false on a cutover's board: the slice stays empty). */
	active = $state(false);
	systems = $state.raw<SystemView[]>([]);
	waves = $state.raw<WaveView[]>([]);
	templates = $state.raw<TemplateView[]>([]);
	signoffs = $state.raw<SignoffView[]>([]);
	readonly #now: () => number;

	constructor(now: () => number) {
		this.#now = now;
	}

	/** Systems and machines done, moved, in the current wave and to go, by environment, agency and wave. */
	readonly counts: ProgrammeCounts = $derived.by(() =>
		programmeCounts(this.systems, this.waves, this.#now())
	);

	readonly reducers: Reducers<ProgrammeEvents> = {
		'programme.inventory_imported': (e) => {
			this.systems = replaced(this.systems, e.data.systems);
		},
		'programme.system_updated': (e) => {
			this.systems = replaced(this.systems, [e.data.system]);
		},
		'programme.template_saved': (e) => {
			this.templates = replaced(this.templates, [e.data.template]);
		},
		'programme.wave_built': (e) => {
			const others = this.waves.filter((w) => w.slug !== e.data.wave.slug);
			this.waves = [...others, e.data.wave].sort(
				(a, b) => Date.parse(a.windowStart) - Date.parse(b.windowStart)
			);
			this.systems = replaced(this.systems, e.data.systems);
		},
		// The request itself changes nothing the board shows (the activity feed tells of it).
		'programme.signoff_requested': () => {},
		'programme.signed_off': (e) => {
			this.systems = replaced(this.systems, [e.data.system]);
			this.signoffs = [e.data.signoff, ...this.signoffs].slice(0, SEEN_SIGNOFFS);
		},
		// The weekly history is the public view's; the board counts live.
		'programme.snapshot_taken': () => {},
		// Told in the activity feed; nothing the board draws changes.
		'programme.contact_message_queued': () => {},
		'programme.settings_changed': () => {}
	};

	reset(snapshot: BoardSnapshot): void {
		const part = snapshot.programme;
		this.active = part !== null;
		this.systems = part?.systems ?? [];
		this.waves = part?.waves ?? [];
		this.templates = part?.templates ?? [];
	}
}
