/**
 * An instance as a load balancer meets it: alive and ready, then told to stop (SIGTERM). It must say it is not
 * ready while it still serves, finish a request already under way, hand its socket clients back to their own
 * reconnection, and be gone within 10 s.
 */
import { request } from 'node:http';
import { io as connectClient, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from './harness';

const NOTICE_MS = 1_500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('an instance told to stop', () => {
	const server = new TestServer('golive-stop-');
	let token = '';
	let socket: Socket | undefined;
	beforeAll(async () => {
		token = await server.tokenFor('stopping', 'admin');
		server.env.GOLIVE_DRAIN_NOTICE_MS = String(NOTICE_MS);
		await server.start();
	}, 240_000);
	afterAll(async () => {
		socket?.close();
		await server.stop();
	});

	it('is alive without asking the database, and ready with its checks named', async () => {
		const health = await server.call('GET', '/api/health');
		expect(health.status).toBe(200);
		expect(health.body).toMatchObject({ status: 'ok', database: 'pglite' });
		const ready = await server.call('GET', '/api/ready');
		expect(ready.status).toBe(200);
		expect(ready.body).toMatchObject({
			status: 'ready',
			checks: { database: 'ok', migrations: 'done', draining: false }
		});
		expect(ready.headers.get('cache-control')).toBe('no-store');
	});

	it('on SIGTERM says it is not ready, finishes the request under way, lets sockets reconnect, and exits in time', async () => {
		socket = connectClient(server.base, {
			transports: ['websocket'],
			forceNew: true,
			reconnectionDelay: 60_000,
			auth: { token }
		});
		await new Promise<void>((resolve, reject) => {
			socket!.once('connect', () => resolve());
			socket!.once('connect_error', reject);
		});
		const disconnected = new Promise<string>((resolve) => socket!.once('disconnect', resolve));

		// A request under way: its body is half sent when the signal comes, the rest after the server has
		// stopped accepting connections.
		const body = JSON.stringify({
			slug: 'late-request',
			name: 'Sent while the server stops',
			timezone: 'Europe/Helsinki',
			windowStart: '2026-12-05T18:00:00Z',
			windowEnd: '2026-12-06T06:00:00Z'
		});
		const { port } = new URL(server.base);
		const inFlight = new Promise<{ status: number; text: string }>((resolve, reject) => {
			const req = request(
				{
					host: '127.0.0.1',
					port,
					method: 'POST',
					path: '/api/v1/cutovers',
					headers: {
						authorization: `Bearer ${token}`,
						'content-type': 'application/json',
						'content-length': Buffer.byteLength(body)
					}
				},
				(res) => {
					let text = '';
					res.on('data', (d) => (text += d));
					res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
				}
			);
			req.on('error', reject);
			req.write(body.slice(0, 20));
			setTimeout(() => req.end(body.slice(20)), NOTICE_MS + 1_000);
		});
		await sleep(200);

		const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
			server.process.once('exit', (code) => resolve({ code, at: Date.now() }))
		);
		const signalled = Date.now();
		server.process.kill('SIGTERM');
		await sleep(300);

		// Still serving during the notice, but no longer ready: the load balancer takes it out.
		const ready = await server.call('GET', '/api/ready');
		expect(ready.status).toBe(503);
		expect(ready.body).toMatchObject({ status: 'not_ready', checks: { draining: true, database: 'ok' } });
		expect((await server.call('GET', '/api/health')).status).toBe(200);

		const answered = await inFlight;
		const answeredAt = Date.now();
		expect(answered.status, answered.text).toBe(201);
		expect(JSON.parse(answered.text)).toMatchObject({ slug: 'late-request' });

		// The transport closed under the client, which is the case socket.io reconnects by itself (a server
		// disconnect would leave it disconnected for good).
		expect(await disconnected).toBe('transport close');
		expect(socket.active).toBe(true);

		const { code, at } = await exited;
		expect(code).toBe(0);
		expect(at - signalled).toBeLessThan(10_000);
		// Nothing is left open once the last answer is out: no idle keep-alive connection holds the exit back.
		expect(at - answeredAt).toBeLessThan(2_000);
		expect(server.log).toContain('SIGTERM: stopped');
	}, 30_000);
});
