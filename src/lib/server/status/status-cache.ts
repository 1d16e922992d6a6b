/**
 * The public status site of this instance, in memory: rendered once per change (every file, every language) and
 * then served to everyone. A committed `service.*`, `incident.*`, `notice.*` or `cutover.*` event, on this
 * instance or another (the bus carries both), makes the next request render it again; so does the clock, when a
 * maintenance starts or ends or a notice leaves the history. While the database cannot be read, the last site
 * rendered is served, and a render is tried again a few seconds later.
 */
import type { Clock } from '../clock';
import type { Db } from '../db/client';
import type { EventBus } from '../events/event-bus';
import { publicIncidentState } from '../incidents/public.service';
import { publicCutovers, publicNotices } from '../notices/public.service';
import { log } from '../observability/log';
import { HISTORY_DAYS, statusModel, type StatusModel } from './model';
import { renderSite, type StatusSite } from './site';

const DAY_MS = 86_400_000;
/** setTimeout's longest delay; a later change is scheduled again when this one fires. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;
const RETRY_AFTER_FAILURE_MS = 5_000;

/** The events after which the public page may show something else. */
const RELEVANT = /^(service|incident|notice|cutover)\./;

/** The status page's model as the database has it now. */
export async function loadStatusModel(db: Db, now: number): Promise<StatusModel> {
	const cutovers = await publicCutovers(db);
	const ids = cutovers.map((c) => c.id);
	const [state, notices] = await Promise.all([
		publicIncidentState(db, ids),
		publicNotices(db, ids, new Date(now - HISTORY_DAYS * DAY_MS))
	]);
	return statusModel({ now, cutovers, services: state.services, incidents: state.incidents, notices });
}

export class StatusCache {
	/** Renders so far (a benchmark and the tests read it: one per change, not per request). */
	renders = 0;
	#generation = 0;
	#current: { generation: number; site: Promise<StatusSite> } | null = null;
	#lastGood: StatusSite | null = null;
	/** The current site once rendered, for the fast path to read without a promise. */
	#ready: { generation: number; site: StatusSite } | null = null;
	#timer: unknown = null;
	#unsubscribe: (() => void) | null = null;

	constructor(
		private readonly ctx: { db: Db; clock: Clock },
		/** Makes the feeds' and documents' links absolute (the configured ORIGIN; empty: relative links). */
		private readonly origin: string
	) {}

	/** Listens to committed events: each relevant one makes the next request render again. */
	watch(bus: EventBus): this {
		this.#unsubscribe = bus.subscribe((_, event) => {
			if (RELEVANT.test(event.type)) this.invalidate();
		});
		return this;
	}

	invalidate(): void {
		this.#generation++;
	}

	/** The site as of the last change, rendered once however many ask at once. */
	site(): Promise<StatusSite> {
		const current = this.#current;
		if (current && current.generation === this.#generation) return current.site;
		const generation = this.#generation;
		const site = this.#render().catch((err: unknown) => {
			if (!this.#lastGood) {
				if (this.#current?.site === site) this.#current = null;
				throw err;
			}
			log.error({ err }, 'the status page could not be rendered: serving the last one');
			this.#schedule(this.ctx.clock.now() + RETRY_AFTER_FAILURE_MS);
			return this.#lastGood;
		});
		this.#current = { generation, site };
		site.then(
			(rendered) => {
				if (this.#current?.site === site) this.#ready = { generation, site: rendered };
			},
			() => {}
		);
		return site;
	}

	/** The site as of the last change if it is rendered already; null while a change waits to be rendered. */
	ready(): StatusSite | null {
		const ready = this.#ready;
		return ready && ready.generation === this.#generation ? ready.site : null;
	}

	async #render(): Promise<StatusSite> {
		const model = await loadStatusModel(this.ctx.db, this.ctx.clock.now());
		const site = renderSite(model, this.origin);
		this.renders++;
		this.#lastGood = site;
		if (model.nextChangeAt !== null) this.#schedule(model.nextChangeAt);
		return site;
	}

	/** Renders again at `at` (one timer: the latest render knows the next change). */
	#schedule(at: number): void {
		if (this.#timer !== null) this.ctx.clock.clearTimeout(this.#timer);
		const delay = Math.min(Math.max(0, at - this.ctx.clock.now()), LONGEST_TIMER_MS);
		this.#timer = this.ctx.clock.setTimeout(() => {
			this.#timer = null;
			this.invalidate();
		}, delay);
		// A pending render must not keep a stopping process alive.
		(this.#timer as { unref?: () => void }).unref?.();
	}

	close(): void {
		this.#unsubscribe?.();
		if (this.#timer !== null) this.ctx.clock.clearTimeout(this.#timer);
		this.#timer = null;
	}
}
