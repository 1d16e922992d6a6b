/** Cold join: N clients join a big cutover at once, as after a server restart. */
import { resolve } from 'node:path';
import { start } from './processes';
import { ROOT, type RunningServer } from './servers';

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
	const clients = start(process.execPath, [
		'--import',
		'tsx',
		resolve(ROOT, 'scripts/bench/clients.ts'),
		'--url',
		server.url,
		'--n',
		String(o.n),
		'--token',
		o.token,
		'--expectTasks',
		String(o.tasks)
	]);
	try {
		const connected = JSON.parse(await clients.waitFor(/"type":"(connected|error)"/, 300_000));
		if (connected.type === 'error') throw new Error(connected.message);
		const before = (await server.loopStats()).snapshotBuilds ?? 0;
		const joinedLine = clients.waitFor(/"type":"(joined|error)"/, 300_000);
		clients.send('join');
		const joined = JSON.parse(await joinedLine);
		if (joined.type === 'error') throw new Error(joined.message);
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
		clients.send('exit');
		await clients.stop();
	}
}
