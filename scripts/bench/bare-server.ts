/**
 * The physical limit: a bare socket.io server with the same transport options as golive and no application logic.
 * POST /emit broadcasts one event of the given size to the room, stamped like golive's commits. POST /progress/{key}
 * is the least a progress report can cost: the JSON body parsed, the stream's latest state kept, and one event
 * per 500 ms carrying every changed stream (golive coalesces the same way), padded to --progressBytes. With
 * --pg, instances share rooms through socket.io's PostgreSQL adapter (the multi-instance row's baseline).
 */
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { createAdapter } from '@socket.io/postgres-adapter';
import pg from 'pg';
import { Server } from 'socket.io';
import { reportLoopOnSignal, stampCommit } from '../../src/lib/server/diagnostics';
import { wsDeflate } from '../../src/lib/server/env';

const { values: args } = parseArgs({
	options: {
		port: { type: 'string' },
		payloadBytes: { type: 'string' },
		progressBytes: { type: 'string' },
		deflate: { type: 'boolean', default: false },
		/** Several bare servers in one cluster: socket.io's PostgreSQL adapter on this database. */
		pg: { type: 'string' }
	}
});
const filler = 'x'.repeat(Math.max(0, Number(args.payloadBytes) - 60));
let seq = 0;
const PROGRESS_EVERY_MS = 500;
const progressed = new Map<string, unknown>();
let progressTimer: NodeJS.Timeout | null = null;

function emit(type: string, data: unknown) {
	seq++;
	stampCommit(seq);
	io.to('bench').emit('cutover:event', { seq, type, data });
}

function noteProgress(key: string, body: unknown) {
	progressed.set(key, body);
	progressTimer ??= setTimeout(() => {
		progressTimer = null;
		const streams = [...progressed];
		progressed.clear();
		// Padded to the size golive's progress events had, when given (as /emit's payload is).
		const pad = Math.max(0, Number(args.progressBytes ?? 0) - JSON.stringify(streams).length - 60);
		emit('progress', pad ? { streams, filler: 'x'.repeat(pad) } : streams);
	}, PROGRESS_EVERY_MS);
}

const httpServer = createServer((req, res) => {
	if (req.method === 'POST' && req.url === '/emit') {
		req.resume();
		req.on('end', () => {
			emit('bench', filler);
			res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
		});
		return;
	}
	if (req.method === 'POST' && req.url?.startsWith('/progress/')) {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
			noteProgress(req.url!.slice('/progress/'.length), body);
			res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
		});
		return;
	}
	res.writeHead(404).end();
});
const io = new Server(httpServer, {
	serveClient: false,
	perMessageDeflate: wsDeflate(args.deflate),
	maxHttpBufferSize: 100_000
});
if (args.pg) {
	const pool = new pg.Pool({ connectionString: args.pg, max: 2 });
	// The adapter's table for payloads too large for a NOTIFY (none here: events are about 1 KB).
	await pool.query(`create table if not exists socket_io_attachments (
		id bigserial unique, created_at timestamptz default now(), payload bytea)`);
	io.adapter(createAdapter(pool));
}
io.on('connection', (socket) => {
	socket.on('join', (_payload: unknown, ack: (res: { ok: true }) => void) => {
		void socket.join('bench');
		ack({ ok: true });
	});
});

reportLoopOnSignal();
process.on('SIGTERM', () => process.exit(0));
httpServer.listen(Number(args.port), '127.0.0.1', () =>
	console.log(`golive is running (bare) on ${args.port}`)
);
