/**
 * The live path's fan-out while the public status page is read as hard as it will go: the issue asks both
 * budgets at once. The same reads as the status row's first case (the Finnish page in full, br, over the same
 * connections), run through the fan-out row's measured window; the status page's requests per second are
 * measured on the same server before the clients come (no fan-out), during the fan-out, and against a trivial
 * node:http server sending the same status, headers and bytes.
 */
import { raw } from './reads';
import { startTrivial, type RunningServer } from './servers';
import { readRate } from './status';
import type { FanoutResult } from './fanout';
import type { DbKind } from './fixture';

export interface StatusFanoutResult {
	n: number;
	db: DbKind;
	connections: number;
	read: string;
	bytes: number;
	/** Requests per second: golive before the clients connect, golive during the fan-out, the trivial server. */
	statusAlone: number;
	statusDuringFanout: number;
	trivial: number;
	bare: FanoutResult;
	/** The fan-out alone, on the same seeded status page. */
	alone: FanoutResult;
	/** The fan-out while the status page is read. */
	loaded: FanoutResult;
}

const READ = { name: 'status page, in full (br)', path: '/fi/status', headers: { 'accept-encoding': 'br' } };

/** The status page's reads for one golive server: alone first, then alongside the fan-out's measured window. */
export class StatusReads {
	readonly read = READ.name;
	bytes = 0;
	alone = NaN;
	during = NaN;
	#answer: Awaited<ReturnType<typeof raw>> | null = null;

	constructor(private readonly o: { durationS: number; connections: number }) {}

	/** Before the clients: the page's bytes, and its requests per second with nothing else running. */
	async measureAlone(server: RunningServer): Promise<void> {
		const url = server.url + READ.path;
		this.#answer = await raw(url, READ.headers);
		if (this.#answer.status !== 200) throw new Error(`${url}: ${this.#answer.status}`);
		this.bytes = this.#answer.body.length;
		this.alone = await readRate(url, READ.headers, this.o);
	}

	/** The same reads for `durationS`, while the fan-out row drives its moves. */
	async measureDuring(server: RunningServer, durationS: number): Promise<void> {
		this.during = await readRate(server.url + READ.path, READ.headers, { ...this.o, durationS });
	}

	/** The trivial server sending the answer golive sent, read the same way. */
	async measureTrivial(): Promise<number> {
		if (!this.#answer) throw new Error('the status page was not read');
		const trivial = await startTrivial(this.#answer);
		try {
			return await readRate(trivial.url, {}, this.o);
		} finally {
			await trivial.stop();
		}
	}
}
