import type { BoardSnapshot } from '../../shared/events';
import type { Ctx } from '../context';
import { boardSnapshot } from '../runbook/cutover.service';

/**
 * One snapshot per cutover and seq, built once and shared by every client that joins at that seq; concurrent
 * joins wait on the same build. The bus tells it the newest seq, so a stale snapshot is never served.
 */
export class SnapshotCache {
	#entries = new Map<string, { seq: number; snapshot: Promise<BoardSnapshot> }>();
	#latestSeq = new Map<string, number>();
	builds = 0;

	noteSeq(cutoverId: string, seq: number): void {
		if (seq > (this.#latestSeq.get(cutoverId) ?? 0)) this.#latestSeq.set(cutoverId, seq);
	}

	async get(ctx: Ctx, cutoverId: string, knownSeq: number): Promise<BoardSnapshot> {
		this.noteSeq(cutoverId, knownSeq);
		const latest = this.#latestSeq.get(cutoverId)!;
		const entry = this.#entries.get(cutoverId);
		if (entry && entry.seq >= latest) return entry.snapshot;
		this.builds++;
		const snapshot = boardSnapshot(ctx, cutoverId);
		const fresh = { seq: latest, snapshot };
		this.#entries.set(cutoverId, fresh);
		snapshot.then(
			(s) => {
				fresh.seq = s.seq;
				this.noteSeq(cutoverId, s.seq);
			},
			() => this.#entries.get(cutoverId) === fresh && this.#entries.delete(cutoverId)
		);
		return snapshot;
	}
}
