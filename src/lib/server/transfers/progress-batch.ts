import type { Db } from '../db/client';
import { applyProgressReports, type AppliedProgress, type ProgressWrite } from './transfer.queries';

/**
 * At most one report statement per database this often; reports arriving meanwhile share the next one. 100 ms
 * rather than 50: at 200 reports a second, half the statements cut golive's CPU per delivered event by about a
 * tenth of bare's (BENCHMARKS.md), and a script waits at most a tenth of a second longer for its answer.
 */
export const BATCH_EVERY_MS = 100;

interface Pending {
	write: ProgressWrite;
	resolve(applied: AppliedProgress | undefined): void;
	reject(err: unknown): void;
}

/**
 * Group commit for progress reports. Twenty scripts reporting ten times a second each would otherwise cost two
 * hundred statements (and socket round trips) a second; here a report waits at most one interval and goes out
 * with the others that arrived meanwhile, one per stream (a second report of a stream waits for the next
 * statement, so a stream's reports apply in order). A lone report goes out at once. Each report still gets its
 * own answer from the database, which stays the only judge of the stream's rules.
 */
export class ProgressBatch {
	#queue: Pending[] = [];
	#timer: ReturnType<typeof setTimeout> | null = null;
	#inFlight = false;
	#lastRun = -Infinity;

	constructor(
		private readonly db: Db,
		private readonly everyMs = BATCH_EVERY_MS
	) {}

	apply(write: ProgressWrite): Promise<AppliedProgress | undefined> {
		return new Promise((resolve, reject) => {
			this.#queue.push({ write, resolve, reject });
			this.#schedule();
		});
	}

	#schedule(): void {
		if (this.#timer || this.#inFlight || !this.#queue.length) return;
		const wait = Math.max(0, this.#lastRun + this.everyMs - performance.now());
		this.#timer = setTimeout(() => {
			this.#timer = null;
			void this.#run();
		}, wait);
	}

	async #run(): Promise<void> {
		this.#inFlight = true;
		this.#lastRun = performance.now();
		const batch: Pending[] = [];
		const later: Pending[] = [];
		const streams = new Set<string>();
		for (const pending of this.#queue) {
			const stream = `${pending.write.slug}\n${pending.write.key}`;
			if (streams.has(stream)) later.push(pending);
			else {
				streams.add(stream);
				batch.push(pending);
			}
		}
		this.#queue = later;
		try {
			const applied = await applyProgressReports(
				this.db,
				batch.map((p) => p.write)
			);
			batch.forEach((p, i) => p.resolve(applied[i]));
		} catch (err) {
			for (const p of batch) p.reject(err);
		} finally {
			this.#inFlight = false;
			this.#schedule();
		}
	}
}

const batches = new WeakMap<Db, ProgressBatch>();

/** Applies one report through its database's batch. */
export function applyProgress(db: Db, write: ProgressWrite): Promise<AppliedProgress | undefined> {
	let batch = batches.get(db);
	if (!batch) batches.set(db, (batch = new ProgressBatch(db)));
	return batch.apply(write);
}
