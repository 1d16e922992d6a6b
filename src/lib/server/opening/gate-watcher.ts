/**
 * Keeps the next stage's gate current on every board: every few seconds, for each cutover whose opening has a
 * stage still to open, the gate is evaluated and boards hear when it says something new (a condition turned, a
 * figure moved, readings stopped); only then is the cutover's lock taken. Runs on one instance (a lease, see app.ts) on a clock
 * tests inject.
 */
import { systemClock, type Clock } from '../clock';
import type { Ctx } from '../context';
import { log } from '../observability/log';
import { cutoversOpening, watchGate } from './opening.service';

/** How often the gates are evaluated: a board sees a condition turn within this (plus a second). */
export const GATE_EVERY_MS = 5_000;

export class GateWatcher {
	#timer: unknown = null;
	#running: Promise<void> | null = null;

	constructor(
		private readonly ctx: Ctx,
		private readonly clock: Clock = systemClock,
		private readonly everyMs = GATE_EVERY_MS
	) {}

	start(): this {
		this.#timer = this.clock.setInterval(() => void this.run(), this.everyMs);
		return this;
	}

	/** One round now. A round still running is not started twice. */
	run(): Promise<void> {
		this.#running ??= this.#round()
			.catch((err) => log.error({ err }, 'evaluating opening gates failed'))
			.finally(() => (this.#running = null));
		return this.#running;
	}

	async #round(): Promise<void> {
		for (const cutoverId of await cutoversOpening(this.ctx.db)) await watchGate(this.ctx, cutoverId);
	}

	async close(): Promise<void> {
		if (this.#timer !== null) this.clock.clearInterval(this.#timer);
		await this.#running;
	}
}
