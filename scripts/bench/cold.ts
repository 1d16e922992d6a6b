/** Cold join: N clients join a big cutover at once, as after a server restart. */
import { joinClients, startClients, stopClients, type RunningServer } from './servers';

export interface ColdJoinResult {
	n: number;
	tasks: number;
	allFullMs: number;
	fullBoards: number;
	bytesPerClient: number;
	snapshotBuilds: number;
}

export async function runColdJoin(
	server: RunningServer,
	o: { n: number; tasks: number; token: string }
): Promise<ColdJoinResult> {
	const clients = await startClients([server], o.n, { token: o.token, expectTasks: String(o.tasks) });
	try {
		const before = (await server.loopStats()).snapshotBuilds ?? 0;
		const joined = await joinClients(clients);
		const after = (await server.loopStats()).snapshotBuilds ?? 0;
		return {
			n: o.n,
			tasks: o.tasks,
			allFullMs: joined.joinMs,
			fullBoards: joined.full,
			bytesPerClient: joined.bytesPerClient,
			snapshotBuilds: after - before
		};
	} finally {
		await stopClients(clients);
	}
}
