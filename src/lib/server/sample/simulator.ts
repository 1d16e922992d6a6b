import type { App } from '../app';

/** Plays a cutover forward at accelerated time through the task service (filled in with the sample work). */
export async function startSimulator(_app: App, _options: { speed: number }): Promise<() => void> {
	return () => {};
}
