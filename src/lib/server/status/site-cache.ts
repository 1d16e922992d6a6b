/**
 * A public site of this instance, in memory (the status page, the progress views): rendered once per change and
 * then served to everyone. A committed event of a relevant type, on this instance or another (the bus carries
 * both), makes the next request render it again; so does the clock, at the next change the last render foresaw.
 * While the database cannot be read, the last site rendered is served, and a render is tried again a few seconds
 * later.
 */
import type { Clock } from '../clock';
import type { Db } from '../db/client';
import type { EventBus } from '../events/event-bus';
import { log } from '../observability/log';

/** setTimeout's longest delay; a later change is scheduled again when this one fires. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;
const RETRY_AFTER_FAILURE_MS = 5_000;

/** A rendered site, and when it will next show something else by the clock alone (null: not by the clock). */
export interface Rendered<S> {
	site: S;
	nextChangeAt: number | null;
}

export class SiteCache<S> {
	/** Renders so far (a benchmark and the tests read it: one per change, not per request). */
	renders = 0;
	#generation = 0;
	#current: { generation: number; site: Promise<S> } | null = null;
	#lastGood: S | null = null;
	/** The current site once rendered, for a fast path to read without a promise. */
	#ready: { generation: number; site: S } | null = null;
	#timer: unknown = null;
	#unsubscribe: (() => void) | null = null;

	constructor(
		protected readonly ctx: { db: Db; clock: Clock },
		private readonly options: {
			/** The event types after which the site may show something else. */
			relevant: RegExp;
			/** What the site is, for the log line when a render fails. */
			what: string;
			render: (now: number) => Promise<Rendered<S>>;
		}
	) {}

	/** Listens to committed events: each relevant one makes the next request render again. */
	watch(bus: EventBus): this {
		this.#unsubscribe = bus.subscribe((_, event) => {
			if (this.options.relevant.test(event.type)) this.invalidate();
		});
		return this;
	}

	invalidate(): void {
		this.#generation++;
	}

	/** The site as of the last change, rendered once however many ask at once. */
	site(): Promise<S> {
		const current = this.#current;
		if (current && current.generation === this.#generation) return current.site;
		const generation = this.#generation;
		const site = this.#render().catch((err: unknown) => {
			if (!this.#lastGood) {
				if (this.#current?.site === site) this.#current = null;
				throw err;
			}
			log.error({ err }, `${this.options.what} could not be rendered: serving the last one`);
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
	ready(): S | null {
		const ready = this.#ready;
		return ready && ready.generation === this.#generation ? ready.site : null;
	}

	async #render(): Promise<S> {
		const { site, nextChangeAt } = await this.options.render(this.ctx.clock.now());
		this.renders++;
		this.#lastGood = site;
		if (nextChangeAt !== null) this.#schedule(nextChangeAt);
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
