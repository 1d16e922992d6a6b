/**
 * The benchmark's client process: opens N socket.io clients to golive (or to the bare server), joins them to one
 * room, and records when each event reaches each client on the host's monotonic clock (shared by all processes
 * of one host), so the orchestrator can match arrivals to the server's commit stamps. Controlled over stdin
 * ("join", "report"); answers with one JSON line per command on stdout.
 */
import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import { decodeSnapshot } from '../../src/lib/shared/snapshot-codec';

const { values: args } = parseArgs({
	options: {
		url: { type: 'string' },
		n: { type: 'string' },
		mode: { type: 'string', default: 'golive' },
		token: { type: 'string', default: '' },
		slug: { type: 'string', default: 'bench' },
		expectTasks: { type: 'string', default: '0' }
	}
});
const n = Number(args.n);
/** Several servers (instances of one cluster): client j connects to the j-th modulo their count. */
const urls = args.url!.split(',');
const micros = () => Number(process.hrtime.bigint() / 1000n);
const send = (msg: object) => process.stdout.write(JSON.stringify(msg) + '\n');

/** Per seq: how many clients got it, and the first and last arrival (µs). */
const arrivals = new Map<number, [count: number, first: number, last: number]>();
/** Each seq's event type, so the orchestrator can tell which kinds of event make the tail. */
const types = new Map<number, string>();
/** JSON bytes of each event type as the first client got them: [total, count]. */
const typeBytes = new Map<string, [number, number]>();
const bytes = new Array<number>(n).fill(0);
const sockets: Socket[] = [];
let markBytes = 0;

function record(seq: number, type: string) {
	const t = micros();
	if (!types.has(seq)) types.set(seq, type);
	const entry = arrivals.get(seq);
	if (entry) {
		entry[0]++;
		if (t > entry[2]) entry[2] = t;
	} else arrivals.set(seq, [1, t, t]);
}

function packetBytes(data: unknown): number {
	if (typeof data === 'string') return Buffer.byteLength(data);
	if (data instanceof ArrayBuffer) return data.byteLength;
	if (ArrayBuffer.isView(data)) return data.byteLength;
	return 0;
}

async function connectAll() {
	const started = micros();
	for (let i = 0; i < n; i += 100) {
		const batch = [];
		for (let j = i; j < Math.min(n, i + 100); j++) {
			const socket = io(urls[j % urls.length], {
				transports: ['websocket'],
				forceNew: true,
				reconnection: false,
				auth: args.mode === 'golive' ? { token: args.token } : {}
			});
			// The manager opens its engine at once (autoConnect), so every received packet is counted.
			socket.io.engine.on('packet', (p: { data?: unknown }) => (bytes[j] += packetBytes(p.data)));
			socket.on('cutover:event', (event: { seq: number; type: string }) => {
				record(event.seq, event.type);
				if (j === 0) {
					const entry = typeBytes.get(event.type) ?? [0, 0];
					typeBytes.set(event.type, [entry[0] + JSON.stringify(event).length, entry[1] + 1]);
				}
			});
			sockets[j] = socket;
			batch.push(
				new Promise<void>((resolve, reject) => {
					socket.once('connect', () => resolve());
					socket.once('connect_error', (err) => reject(err));
				})
			);
		}
		await Promise.all(batch);
	}
	return (micros() - started) / 1000;
}

/** Joins every client at once; resolves when all hold a full board (or the bare server's ack). */
async function joinAll() {
	const started = micros();
	const expect = Number(args.expectTasks);
	let full = 0;
	await Promise.all(
		sockets.map(
			(socket) =>
				new Promise<void>((resolve, reject) => {
					const payload = args.mode === 'golive' ? { slug: args.slug, encoding: 'gzip' } : { room: 'bench' };
					const command = args.mode === 'golive' ? 'cutover:join' : 'join';
					socket
						.timeout(60_000)
						.emit(
							command,
							payload,
							(err: unknown, res: { ok: boolean; data?: { snapshotGzip?: Uint8Array } }) => {
								if (err || !res?.ok) return reject(new Error(`join failed: ${JSON.stringify(err ?? res)}`));
								if (!res.data?.snapshotGzip) return resolve();
								// A board is full when its bytes decode to every task. Clients that got the same bytes
								// share one decode: in a browser each decodes on its own CPU, not in this one process.
								decodedTaskCount(res.data.snapshotGzip).then((count) => {
									if (count >= expect) full++;
									resolve();
								}, reject);
							}
						);
				})
		)
	);
	return { joinMs: (micros() - started) / 1000, full };
}

const decoded = new Map<string, Promise<number>>();
function decodedTaskCount(bytes: Uint8Array): Promise<number> {
	const digest = createHash('sha1').update(bytes).digest('hex');
	let count = decoded.get(digest);
	if (!count) decoded.set(digest, (count = decodeSnapshot(bytes).then((s) => s.tasks.length)));
	return count;
}

const rl = createInterface({ input: process.stdin });
rl.on('line', (line) => {
	const command = line.trim();
	if (command === 'join') {
		const before = bytes.reduce((a, b) => a + b, 0);
		joinAll().then(
			(r) => send({ type: 'joined', ...r, bytesPerClient: (bytes.reduce((a, b) => a + b, 0) - before) / n }),
			(err: Error) => send({ type: 'error', message: err.message })
		);
	} else if (command === 'mark') {
		markBytes = bytes.reduce((a, b) => a + b, 0);
		send({ type: 'marked' });
	} else if (command === 'report') {
		const sinceMark = bytes.reduce((a, b) => a + b, 0) - markBytes;
		send({
			type: 'report',
			arrivals: [...arrivals.entries()],
			types: [...types.entries()],
			bytesByType: Object.fromEntries([...typeBytes].map(([type, [total, count]]) => [type, total / count])),
			bytesPerClientSinceMark: sinceMark / n
		});
	} else if (command === 'exit') {
		for (const s of sockets) s.disconnect();
		process.exit(0);
	}
});

connectAll().then(
	(connectMs) => send({ type: 'connected', n, connectMs }),
	(err: Error) => {
		send({ type: 'error', message: `connect failed: ${err.message}` });
		process.exit(1);
	}
);
