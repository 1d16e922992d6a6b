/**
 * Time as the server's schedulers and the simulator see it: the current instant and timers. Injected, so tests
 * move time themselves (testing.ts has a manual clock and a watched real one) instead of sleeping on the wall
 * clock to show that something did or did not happen.
 */
export interface Clock {
	now(): number;
	setTimeout(run: () => void, ms: number): unknown;
	clearTimeout(timer: unknown): void;
	/** An interval that does not keep the process alive by itself. */
	setInterval(run: () => void, ms: number): unknown;
	clearInterval(timer: unknown): void;
}

type NodeTimer = ReturnType<typeof setTimeout>;

export const systemClock: Clock = {
	now: () => Date.now(),
	setTimeout: (run, ms) => setTimeout(run, ms),
	clearTimeout: (timer) => clearTimeout(timer as NodeTimer),
	setInterval: (run, ms) => setInterval(run, ms).unref(),
	clearInterval: (timer) => clearInterval(timer as NodeTimer)
};

/**
 * The time to stamp a record with that is listed in the order it was written (a vote, an outcome, a window change):
 * on the system clock none, so the database stamps it at the insert, finer than a millisecond; on a clock of the
 * write path's own (the demo's catch-up, which plays the past), that clock's time.
 */
export const recordedAt = (clock: Clock): Date | undefined =>
	clock === systemClock ? undefined : new Date(clock.now());
