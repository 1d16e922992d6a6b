/**
 * Cutover rows by slug, kept between reads: resolving a slug is on the path of every read of a board, and at the
 * opening hundreds of readers ask for the same few cutovers every few seconds. Every committed event of a cutover
 * drops its row (the app tells the cache from the bus), and a read that began before a drop never puts the older
 * row back. Rows are frozen: every reader gets the same object.
 */
import type { CutoverRows } from '../context';
import type { Db } from '../db/client';
import type { CutoverRow } from '../db/schema';
import * as q from './runbook.queries';

export class CutoverCache implements CutoverRows {
	#bySlug = new Map<string, CutoverRow>();
	#slugOf = new Map<string, string>();
	/** Moves with every drop: a read that started in an older generation keeps its row to itself. */
	#generation = 0;

	async bySlug(db: Db, slug: string): Promise<CutoverRow | undefined> {
		const hit = this.#bySlug.get(slug);
		if (hit) return hit;
		const generation = this.#generation;
		const row = await q.cutoverBySlug(db, slug);
		if (row && generation === this.#generation) {
			Object.freeze(row);
			this.#bySlug.set(slug, row);
			this.#slugOf.set(row.id, slug);
		}
		return row;
	}

	forget(cutoverId: string): void {
		this.#generation++;
		const slug = this.#slugOf.get(cutoverId);
		if (slug === undefined) return;
		this.#slugOf.delete(cutoverId);
		this.#bySlug.delete(slug);
	}
}
