/**
 * Work that must run once per cluster (the forecast scheduler, metric storage's rollups, metric source pulls, the
 * opening gates, webhook deliveries, the subscribers' outbox). The instance holding the lease runs it; the others
 * try again every few seconds and take over once the holder is gone. The holder checks the lease as often, and
 * stops the work as soon as it finds it lost.
 */
import type { Database, LeaseSession } from './client';
import { log } from '../observability/log';

/** Lease keys (advisory lock numbers), one per kind of cluster-wide work. */
export const LEASES = {
	forecast: 7_106_105_119,
	metricStorage: 7_106_105_120,
	openingGates: 7_106_105_121,
	webhooks: 7_106_105_122,
	metricSources: 7_106_105_123,
	subscriptions: 7_106_105_124,
	noticeScheduler: 7_106_105_130,
	programmes: 7_106_105_140
} as const;

/** Starts the work; returns how to stop it. `takeover`: the lease came later than this instance's start. */
export type LeasedWork = (takeover: boolean) => () => Promise<void>;

export class Lease {
	readonly #session: LeaseSession;
	#stop: (() => Promise<void>) | null = null;
	#timer: ReturnType<typeof setInterval> | null = null;
	#ticking: Promise<void> | null = null;
	#started = false;
	#closed = false;

	constructor(
		database: Pick<Database, 'leaseSession'>,
		private readonly key: number,
		private readonly work: LeasedWork,
		private readonly everyMs = 2_000
	) {
		this.#session = database.leaseSession();
	}

	/** Whether this instance runs the work now. */
	get held(): boolean {
		return this.#stop !== null;
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
		await this.#stopWork();
		await this.#session.close().catch(() => {});
	}

	#tick(): Promise<void> {
		this.#ticking ??= this.#check()
			.catch((err) => log.error({ err }, 'lease check failed'))
			.finally(() => (this.#ticking = null));
		return this.#ticking;
	}

	async #check(): Promise<void> {
		if (this.#closed) return;
		// A database that does not answer says nothing about who holds the lease; a holder stops its work
		// anyway, since another instance may take over as soon as the database sees this session gone.
		const taken = await this.#session.take(this.key).catch(() => false);
		if (taken && !this.held && !this.#closed) this.#stop = this.work(this.#started);
		else if (!taken && this.held) {
			await this.#stopWork();
			await this.#session.giveUp().catch(() => {});
		}
	}

	async #stopWork(): Promise<void> {
		const stop = this.#stop;
		this.#stop = null;
		await stop?.().catch((err) => log.error({ err }, 'stopping leased work failed'));
	}
}
