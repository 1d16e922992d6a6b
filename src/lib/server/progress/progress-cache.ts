/**
 * The public progress views of this instance, in memory: every public programme's page in every language,
 * rendered once per change and then served to everyone. A committed `programme.*` or `cutover.*` event (a
 * system moved or signed off, a wave built or moved, a snapshot kept) or a change of notice settings (a
 * programme made public or not), on this instance or another, makes the next request render them again; so does
 * the clock, when a wave starts or ends. While the database cannot be read, the last pages rendered are served.
 */
import type { Clock } from '../clock';
import type { Db } from '../db/client';
import type { EventBus } from '../events/event-bus';
import { NOTICE_LANGS } from '../../shared/notices/rules';
import { log } from '../observability/log';
import { publicProgrammeSources } from '../programmes/progress.service';
import { StatusFile } from '../status/site';
import { publicProgress } from './model';
import { renderProgressPage } from './page';
import { progressPath } from './paths';

const LONGEST_TIMER_MS = 2 ** 31 - 1;
const RETRY_AFTER_FAILURE_MS = 5_000;
const RELEVANT = /^(programme|cutover)\.|^notice\.settings_changed$/;

/** The pages by path (`/{lang}/progress/{slug}`). */
export type ProgressSite = ReadonlyMap<string, StatusFile>;

/** Every public programme's page in every language, as the database has them now. */
export async function renderProgressSite(
	db: Db,
	now: number
): Promise<{ site: ProgressSite; nextChangeAt: number | null }> {
	const site = new Map<string, StatusFile>();
	let nextChangeAt: number | null = null;
	for (const source of await publicProgrammeSources(db)) {
		const model = publicProgress(source, now);
		for (const lang of NOTICE_LANGS)
			site.set(
				progressPath(model.slug, lang),
				new StatusFile('text/html; charset=utf-8', Buffer.from(renderProgressPage(model, lang)))
			);
		if (model.nextChangeAt !== null) nextChangeAt = Math.min(nextChangeAt ?? Infinity, model.nextChangeAt);
	}
	return { site, nextChangeAt };
}

export class ProgressCache {
	/** Renders so far (tests read it: one per change, not per request). */
	renders = 0;
	#generation = 0;
	#current: { generation: number; site: Promise<ProgressSite> } | null = null;
	#lastGood: ProgressSite | null = null;
	#timer: unknown = null;
	#unsubscribe: (() => void) | null = null;

	constructor(private readonly ctx: { db: Db; clock: Clock }) {}

	watch(bus: EventBus): this {
		this.#unsubscribe = bus.subscribe((_, event) => {
			if (RELEVANT.test(event.type)) this.invalidate();
		});
		return this;
	}

	invalidate(): void {
		this.#generation++;
	}

	/** The pages as of the last change, rendered once however many ask at once. */
	site(): Promise<ProgressSite> {
		const current = this.#current;
		if (current && current.generation === this.#generation) return current.site;
		const generation = this.#generation;
		const site = this.#render().catch((err: unknown) => {
			if (!this.#lastGood) {
				if (this.#current?.site === site) this.#current = null;
				throw err;
			}
			log.error({ err }, 'the progress views could not be rendered: serving the last ones');
			this.#schedule(this.ctx.clock.now() + RETRY_AFTER_FAILURE_MS);
			return this.#lastGood;
		});
		this.#current = { generation, site };
		return site;
	}

	async #render(): Promise<ProgressSite> {
		const { site, nextChangeAt } = await renderProgressSite(this.ctx.db, this.ctx.clock.now());
		this.renders++;
		this.#lastGood = site;
		if (nextChangeAt !== null) this.#schedule(nextChangeAt);
		return site;
	}

	#schedule(at: number): void {
		if (this.#timer !== null) this.ctx.clock.clearTimeout(this.#timer);
		const delay = Math.min(Math.max(0, at - this.ctx.clock.now()), LONGEST_TIMER_MS);
		this.#timer = this.ctx.clock.setTimeout(() => {
			this.#timer = null;
			this.invalidate();
		}, delay);
		(this.#timer as { unref?: () => void }).unref?.();
	}

	close(): void {
		this.#unsubscribe?.();
		if (this.#timer !== null) this.ctx.clock.clearTimeout(this.#timer);
		this.#timer = null;
	}
}
