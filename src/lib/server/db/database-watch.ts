/**
 * Whether the database answers, asked at most once a second however many ask (one ping in flight, shared, and
 * cut after PING_TIMEOUT_MS), and followed over time so the boards can say when changes are paused.
 */
import { sql } from 'drizzle-orm';
import type { Db } from './client';

const FRESH_MS = 1_000;
/** A ping unanswered this long counts as unreachable (a dropped network answers with silence, not an error). */
const PING_TIMEOUT_MS = 1_500;

interface Pinger {
	checked: { at: number; ok: boolean };
	pending: Promise<boolean> | null;
}
const pingers = new WeakMap<Db, Pinger>();

export function databaseUp(db: Db): Promise<boolean> {
	let p = pingers.get(db);
	if (!p) pingers.set(db, (p = { checked: { at: -Infinity, ok: false }, pending: null }));
	const pinger = p;
	if (performance.now() - pinger.checked.at < FRESH_MS) return Promise.resolve(pinger.checked.ok);
	pinger.pending ??= Promise.race([
		db.execute(sql`select 1`).then(
			() => true,
			() => false
		),
		new Promise<boolean>((resolve) => setTimeout(() => resolve(false), PING_TIMEOUT_MS).unref())
	]).then((ok) => {
		pinger.checked = { at: performance.now(), ok };
		pinger.pending = null;
		return ok;
	});
	return pinger.pending;
}

/**
 * Pings every `everyMs` and calls `onChange` when the answer changes (the first answer counts as a change only
 * when the database is down). Returns the current state and a stop function.
 */
export function watchDatabase(
	db: Db,
	onChange: (reachable: boolean) => void,
	everyMs = 2_000
): { reachable(): boolean; stop(): void } {
	let reachable = true;
	let stopped = false;
	const check = async () => {
		const ok = await databaseUp(db);
		if (stopped || ok === reachable) return;
		reachable = ok;
		onChange(ok);
	};
	const timer = setInterval(() => void check(), everyMs);
	timer.unref();
	void check();
	return {
		reachable: () => reachable,
		stop() {
			stopped = true;
			clearInterval(timer);
		}
	};
}
