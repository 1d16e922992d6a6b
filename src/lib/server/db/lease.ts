/**
 * Work that must run once per cluster (the forecast scheduler; later metric pulls and the notice outbox). The
 * instance holding the lease runs it; the others try again every few seconds and take over once the holder is
 * gone. The holder checks the lease as often, and stops the work as soon as it finds it lost.
 */
import type { Database, HeldLease } from './client';

/** Lease keys (advisory lock numbers), one per kind of cluster-wide work. */
export const LEASES = { forecast: 7_106_105_119 } as const;

/** Starts the work; returns how to stop it. `takeover`: the lease came later than this instance's start. */
export type LeasedWork = (takeover: boolean) => () => Promise<void>;

export class Lease {
	#held: HeldLease | null = null;
	#stop: (() => Promise<void>) | null = null;
	#timer: ReturnType<typeof setInterval> | null = null;
	#ticking: Promise<void> | null = null;
	#started = false;
	#closed = false;

	constructor(
		private readonly database: Pick<Database, 'tryLease'>,
		private readonly key: number,
		private readonly work: LeasedWork,
		private readonly everyMs = 2_000
	) {}

	/** Whether this instance runs the work now. */
	get held(): boolean {
		return this.#held !== null;
	}

	/** Tries at once (a lone instance starts its work before it serves), then every `everyMs`. */
	async begin(): Promise<this> {
		await this.#tick();
		this.#started = true;
		this.#timer = setInterval(() => void this.#tick(), this.everyMs);
		this.#timer.unref();
		return this;
	}

	async close(): Promise<void> {
		this.#closed = true;
		if (this.#timer) clearInterval(this.#timer);
		await this.#ticking;
		await this.#lose();
	}

	#tick(): Promise<void> {
		this.#ticking ??= this.#check()
			.catch(async (err) => {
				console.error('lease check failed', err);
				await this.#lose();
			})
			.finally(() => (this.#ticking = null));
		return this.#ticking;
	}

	async #check(): Promise<void> {
		if (this.#closed) return;
		if (this.#held) {
			if (!(await this.#held.check())) await this.#lose();
			return;
		}
		const held = await this.database.tryLease(this.key);
		if (!held) return;
		if (this.#closed) return held.release();
		this.#held = held;
		this.#stop = this.work(this.#started);
	}

	async #lose(): Promise<void> {
		const stop = this.#stop;
		const held = this.#held;
		this.#stop = null;
		this.#held = null;
		await stop?.();
		await held?.release();
	}
}
