/**
 * The realtime layer over a real port: a real http server with the realtime server attached, an in-memory PGlite
 * app, and real socket.io clients authenticated the two ways browsers and scripts do.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connectClient, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/lib/server/app';
import { attachRealtime } from '../../src/lib/server/realtime/realtime.server';
import { createMetric, pushSamples } from '../../src/lib/server/metrics/metric.service';
import { getTask, transitionTask } from '../../src/lib/server/runbook/task.service';
import {
	testAdmin as admin,
	testSession,
	testToken,
	testUser,
	withManualMetricFeed
} from '../../src/lib/server/testing';
import { metricCreateInput, metricSamplesInput } from '../../src/lib/shared/schemas/metrics';
import type { CutoverEvent } from '../../src/lib/shared/events';
import { seedLiveCutover } from './live-cutover';
import { decodeSnapshot } from '../../src/lib/shared/snapshot-codec';
import {
	SESSION_COOKIE,
	type Ack,
	type ClientToServerEvents,
	type JoinResult,
	type ServerToClientEvents
} from '../../src/lib/shared/realtime';
import type { TaskView } from '../../src/lib/shared/schemas/runbook';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const SLUG = 'realtime-test';

let app: App;
let httpServer: HttpServer;
let realtime: ReturnType<typeof attachRealtime>;
let url: string;
let token: string;
let sessionCookie: string;
const clients: Client[] = [];

/** Connects a client and resolves once it is connected, or rejects with the connection error. */
function connect(options: Partial<ManagerOptions & SocketOptions>): Promise<Client> {
	const socket: Client = connectClient(url, {
		transports: ['websocket'],
		reconnection: false,
		forceNew: true,
		...options
	});
	clients.push(socket);
	return new Promise((resolve, reject) => {
		socket.once('connect', () => resolve(socket));
		socket.once('connect_error', (err) => {
			socket.close();
			reject(err);
		});
	});
}

const withToken = () => connect({ auth: { token } });

/** Sends a command and waits for its ack. */
function send<E extends 'cutover:join' | 'task:transition'>(
	socket: Client,
	event: E,
	payload: unknown
): Promise<E extends 'cutover:join' ? Ack<JoinResult> : Ack<TaskView>> {
	// The payload is deliberately untyped: the tests send garbage too.
	return (
		socket.timeout(5000) as unknown as { emitWithAck(e: string, p: unknown): Promise<never> }
	).emitWithAck(event, payload);
}

async function join(socket: Client, afterSeq?: number): Promise<JoinResult> {
	const ack = await send(
		socket,
		'cutover:join',
		afterSeq === undefined ? { slug: SLUG } : { slug: SLUG, afterSeq }
	);
	if (!ack.ok) throw new Error(`join failed: ${ack.error.message}`);
	return ack.data;
}

/** Collects the `cutover:event`s a socket receives. */
function collect(socket: Client): CutoverEvent[] {
	const seen: CutoverEvent[] = [];
	socket.on('cutover:event', (e) => seen.push(e));
	return seen;
}

function waitFor<T>(check: () => T | undefined, what: string, ms = 5000): Promise<T> {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const tick = () => {
			const value = check();
			if (value !== undefined) return resolve(value);
			if (Date.now() - started > ms) return reject(new Error(`timed out waiting for ${what}`));
			setTimeout(tick, 10);
		};
		tick();
	});
}

beforeAll(async () => {
	app = await createApp({ dataDir: null });
	await seedLiveCutover(app, SLUG, 12, (i) => (i < 6 ? 'dba' : 'infra'));
	token = (await testToken(app, 'operator', { name: 'realtime test' })).token;
	await testUser(app, 'dana', 'task_owner', { displayName: 'Dana', team: 'dba' });
	sessionCookie = `${SESSION_COOKIE}=${await testSession(app, 'dana')}`;

	httpServer = createServer();
	realtime = attachRealtime(httpServer, app);
	await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
	for (const c of clients) c.close();
	realtime?.detach();
	await app?.close();
});

describe('connecting', () => {
	it('refuses a connection without credentials, or with bad ones', async () => {
		await expect(connect({})).rejects.toThrow('unauthenticated');
		await expect(connect({ auth: { token: 'glv_not-a-real-token' } })).rejects.toThrow('unauthenticated');
		await expect(connect({ extraHeaders: { cookie: `${SESSION_COOKIE}=forged` } })).rejects.toThrow(
			'unauthenticated'
		);
	});

	it('accepts an API token and a session cookie', async () => {
		const byToken = await withToken();
		expect(byToken.connected).toBe(true);
		const byCookie = await connect({ extraHeaders: { cookie: sessionCookie } });
		expect((await join(byCookie)).seq).toBeGreaterThan(0);
	});

	it('refuses a browser Origin from another host and allows the same host', async () => {
		await expect(
			connect({ auth: { token }, extraHeaders: { origin: 'http://evil.example' } })
		).rejects.toThrow();
		await expect(
			connect({ auth: { token }, transports: ['polling'], extraHeaders: { origin: 'http://evil.example' } })
		).rejects.toThrow();
		const same = await connect({ auth: { token }, extraHeaders: { origin: url } });
		expect(same.connected).toBe(true);
	});
});

describe('live events', () => {
	it('gives a snapshot on a join without afterSeq', async () => {
		const client = await withToken();
		const joined = await join(client);
		expect(joined.snapshot).toBeDefined();
		expect(joined.snapshot!.seq).toBe(joined.seq);
		expect(joined.snapshot!.cutover.slug).toBe(SLUG);
		expect(joined.snapshot!.tasks.map((t) => t.key)).toContain('T0');
	});

	it('delivers a move made by one client to another, with the next seq', async () => {
		const a = await withToken();
		const b = await connect({ extraHeaders: { cookie: sessionCookie } });
		const { seq } = await join(b);
		const received = collect(b);
		const ack = await send(a, 'task:transition', { slug: SLUG, key: 'T0', to: 'in_progress', note: 'go' });
		expect(ack).toMatchObject({ ok: true, data: { key: 'T0', status: 'in_progress' } });
		const event = await waitFor(() => received[0], 'the event on client B');
		expect(event).toMatchObject({
			seq: seq + 1,
			type: 'task.transitioned',
			data: { from: 'not_started', to: 'in_progress', note: 'go' }
		});
		expect(event.type === 'task.transitioned' && event.data.task).toEqual(ack.ok && ack.data);
	});

	it('answers a command the actor may not do with a forbidden ack', async () => {
		const dana = await connect({ extraHeaders: { cookie: sessionCookie } });
		const ack = await send(dana, 'task:transition', { slug: SLUG, key: 'T7', to: 'in_progress' });
		expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
		const ok = await send(dana, 'task:transition', { slug: SLUG, key: 'T1', to: 'in_progress' });
		expect(ok).toMatchObject({ ok: true, data: { status: 'in_progress' } });
	});

	it('gives a client that was away exactly the events it missed, in order', async () => {
		const writer = await withToken();
		let reader = await withToken();
		const { seq } = await join(reader);
		reader.close();
		for (const [key, to] of [
			['T2', 'in_progress'],
			['T2', 'done'],
			['T3', 'blocked']
		])
			expect((await send(writer, 'task:transition', { slug: SLUG, key, to })).ok).toBe(true);
		reader = await withToken();
		const caughtUp = await join(reader, seq);
		expect(caughtUp.snapshot).toBeUndefined();
		expect(caughtUp.events!.map((e) => e.seq)).toEqual([seq + 1, seq + 2, seq + 3]);
		expect(
			caughtUp.events!.map((e) => e.type === 'task.transitioned' && `${e.data.task.key}:${e.data.to}`)
		).toEqual(['T2:in_progress', 'T2:done', 'T3:blocked']);
		expect(caughtUp.seq).toBe(seq + 3);
		// And it is live again from there.
		const received = collect(reader);
		await transitionTask(app, admin, SLUG, 'T3', { to: 'not_started' });
		expect((await waitFor(() => received[0], 'the next event')).seq).toBe(seq + 4);
	});

	it('builds the snapshot once for many clients joining at the same seq', async () => {
		await transitionTask(app, admin, SLUG, 'T4', { to: 'skipped' }); // a new seq: the cached snapshot is stale
		const many = await Promise.all(Array.from({ length: 8 }, () => withToken()));
		const before = realtime.snapshots.builds;
		expect(realtime.snapshots).toBe(app.snapshots);
		const joined = await Promise.all(many.map((c) => join(c)));
		expect(realtime.snapshots.builds - before).toBe(1);
		expect(new Set(joined.map((j) => j.seq)).size).toBe(1);
		for (const j of joined) expect(j.snapshot).toEqual(joined[0].snapshot);
		expect(joined[0].snapshot!.tasks.find((t) => t.key === 'T4')!.status).toBe('skipped');
	});

	it('sends the same gzipped snapshot bytes to every client that asks for gzip, decoding to the full board', async () => {
		await transitionTask(app, admin, SLUG, 'T9', { to: 'in_progress' });
		const many = await Promise.all(Array.from({ length: 4 }, () => withToken()));
		const before = realtime.snapshots.builds;
		const acks = await Promise.all(
			many.map((c) => send(c, 'cutover:join', { slug: SLUG, encoding: 'gzip' }))
		);
		expect(realtime.snapshots.builds - before).toBe(1);
		const bytes = acks.map((a) => (a.ok ? Buffer.from(a.data.snapshotGzip as Uint8Array) : Buffer.alloc(0)));
		for (const b of bytes) expect(b.equals(bytes[0])).toBe(true);
		const decoded = await decodeSnapshot(bytes[0]);
		const plain = await join(await withToken());
		expect(decoded).toEqual(plain.snapshot);
		expect(decoded.tasks.find((t) => t.key === 'T9')!.status).toBe('in_progress');
		// Compressed, it is a fraction of the JSON a plain join carries.
		expect(bytes[0].length).toBeLessThan(JSON.stringify(plain.snapshot).length / 3);
	});
});

describe('bad input', () => {
	it.each([
		['cutover:join', null],
		['cutover:join', 42],
		['cutover:join', 'realtime-test'],
		['cutover:join', { slug: 42 }],
		['cutover:join', { slug: SLUG, afterSeq: 'zero' }],
		['cutover:join', { slug: SLUG, afterSeq: -1 }],
		['cutover:join', { slug: SLUG, admin: true }],
		// A control character never reaches the database (PostgreSQL refuses a NUL): a validation error, not internal.
		['cutover:join', { slug: `${SLUG}\u0000` }],
		['cutover:join', { slug: 'realtime\u0000test' }],
		['task:transition', null],
		['task:transition', []],
		['task:transition', { slug: SLUG, key: 'T5', to: 'flying' }],
		['task:transition', { slug: SLUG, key: 'T5' }],
		['task:transition', { slug: SLUG, key: 'T5', to: 'in_progress', actualStart: 'yesterday' }],
		['task:transition', { slug: `${SLUG}\u0000`, key: 'T5', to: 'in_progress' }],
		['task:transition', { slug: SLUG, key: 'T5', to: 'in_progress', note: 'go\u0000' }]
	] as const)('answers %s with %j by a validation error ack', async (event, payload) => {
		const client = await withToken();
		const ack = await send(client, event, payload);
		expect(ack).toMatchObject({
			ok: false,
			error: { code: 'validation_failed', message: expect.any(String) }
		});
		// The server is still there and the connection still works.
		expect((await join(client)).seq).toBeGreaterThan(0);
		expect((await getTask(app, admin, SLUG, 'T5')).status).toBe('not_started');
	});

	it('answers a command sent without an ack with a command:error event, and does not run it', async () => {
		const client = await withToken();
		const errors: { command: string; error: { code: string } }[] = [];
		client.on('command:error', (e) => errors.push(e));
		(client as unknown as { emit(e: string, p: unknown): void }).emit('task:transition', {
			slug: SLUG,
			key: 'T5',
			to: 'in_progress'
		});
		const error = await waitFor(() => errors[0], 'command:error');
		expect(error).toMatchObject({ command: 'task:transition', error: { code: 'validation_failed' } });
		expect((await getTask(app, admin, SLUG, 'T5')).status).toBe('not_started');
		expect(client.connected).toBe(true);
	});

	it('answers a leave with a control character in the slug by a validation error ack', async () => {
		const client = await withToken();
		await join(client);
		const ack = await (
			client.timeout(5000) as unknown as { emitWithAck(e: string, p: unknown): Promise<Ack<null>> }
		).emitWithAck('cutover:leave', { slug: `${SLUG}\u0000` });
		expect(ack).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
	});

	it('answers a join of an unknown cutover with not_found', async () => {
		const client = await withToken();
		expect(await send(client, 'cutover:join', { slug: 'nope' })).toMatchObject({
			ok: false,
			error: { code: 'not_found' }
		});
	});
});

describe('metric readings', () => {
	it('reach a board as one metrics.updated for many pushes within a second, and a board that joins gets them', async () => {
		await createMetric(
			app,
			admin,
			SLUG,
			metricCreateInput.parse({ key: 'rps', name: 'Requests/s', warning: 500 })
		);
		await withManualMetricFeed(app, async (feed, clock) => {
			const board = await withToken();
			await join(board);
			const received = collect(board);
			const start = Date.now() - 30_000;
			for (let i = 0; i < 25; i++)
				await pushSamples(
					app,
					admin,
					SLUG,
					metricSamplesInput.parse({ samples: [{ metric: 'rps', at: start + i * 1000, value: 100 + i }] })
				);
			clock.advance(1000);
			await feed.idle();
			// A move after them: once it arrives, everything before it in seq order has too.
			await transitionTask(app, admin, SLUG, 'T11', { to: 'in_progress', force: true });
			await waitFor(() => received.find((e) => e.type === 'task.transitioned'), 'the move');
			const updates = received.filter((e) => e.type === 'metrics.updated');
			expect(updates).toHaveLength(1);
			expect(updates[0].data).toEqual({
				metrics: [
					expect.objectContaining({ key: 'rps', value: 124, lastAt: new Date(start + 24_000).toISOString() })
				]
			});
			const late = await withToken();
			const rps = (await join(late)).snapshot!.metrics.find((m) => m.key === 'rps')!;
			expect(rps).toMatchObject({ value: 124, level: 'ok' });
			expect(rps.recent.at(-1)![3]).toBe(124);
		});
	});
});
