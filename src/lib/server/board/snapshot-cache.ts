import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { BoardSnapshot } from '../../shared/events';
import type { CachedSnapshot, Ctx, Snapshots } from '../context';
import { boardSnapshot } from './board-snapshot';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/**
 * One snapshot per cutover and seq, built once and shared by every reader at that seq (sockets joining, the board
 * page, the API); concurrent reads wait on the same build. The bus tells it the newest seq, so a stale snapshot is never served.
 */
export class SnapshotCache implements Snapshots {
	#entries = new Map<string, { seq: number; built: Promise<CachedSnapshot> }>();
	#latestSeq = new Map<string, number>();
	builds = 0;

	noteSeq(cutoverId: string, seq: number): void {
		if (seq > (this.#latestSeq.get(cutoverId) ?? 0)) this.#latestSeq.set(cutoverId, seq);
	}

	async get(ctx: Pick<Ctx, 'db'>, cutoverId: string, knownSeq: number): Promise<CachedSnapshot> {
		this.noteSeq(cutoverId, knownSeq);
		const latest = this.#latestSeq.get(cutoverId)!;
		const entry = this.#entries.get(cutoverId);
		if (entry && entry.seq >= latest) return entry.built;
		this.builds++;
		const built = boardSnapshot(ctx, cutoverId).then(cached);
		const fresh = { seq: latest, built };
		this.#entries.set(cutoverId, fresh);
		built.then(
			(c) => {
				fresh.seq = c.snapshot.seq;
				this.noteSeq(cutoverId, c.snapshot.seq);
			},
			() => this.#entries.get(cutoverId) === fresh && this.#entries.delete(cutoverId)
		);
		return built;
	}
}

function cached(snapshot: BoardSnapshot): CachedSnapshot {
	// Shared by every reader, the page's server render included: frozen, so no reader can change it for the rest.
	deepFreeze(snapshot);
	let text: string | undefined;
	const json = () => (text ??= JSON.stringify(snapshot));
	const encodings = new Map<'gzip' | 'br', Promise<Buffer>>();
	// zlib runs on the libuv thread pool, off the event loop that carries the broadcasts.
	const encoded = (encoding: 'gzip' | 'br') => {
		let bytes = encodings.get(encoding);
		if (!bytes) {
			bytes =
				encoding === 'gzip'
					? gzipAsync(json(), { level: 6 })
					: brotliAsync(json(), { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } });
			encodings.set(encoding, bytes);
		}
		return bytes;
	};
	return { snapshot, json, encoded };
}

function deepFreeze(value: unknown): void {
	if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
	Object.freeze(value);
	for (const inner of Object.values(value)) deepFreeze(inner);
}
