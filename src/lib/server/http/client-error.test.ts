import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerClientError } from './client-error';

/** Sends raw bytes to the server and reads everything it answers until it closes. */
function exchange(port: number, bytes: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
		let answer = '';
		socket.on('data', (d) => (answer += d));
		socket.on('close', () => resolve(answer));
		socket.on('error', reject);
	});
}

const parse = (raw: string) => {
	const [head, body] = raw.split('\r\n\r\n');
	return { status: Number(head.split(' ')[1]), head, body: JSON.parse(body) };
};

describe("requests Node's HTTP parser refuses", () => {
	let server: Server;
	let port = 0;
	beforeAll(async () => {
		server = createServer((_req, res) => res.end('ok')).on('clientError', answerClientError);
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		port = (server.address() as { port: number }).port;
	});
	afterAll(() => new Promise<void>((r) => server.close(() => r())));

	it('answers a request line over the header limit with 431 in the API error shape', async () => {
		const answer = parse(
			await exchange(port, `GET /api/v1/cutovers?x=${'9'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`)
		);
		expect(answer.status).toBe(431);
		expect(answer.head).toMatch(/content-type: application\/json/i);
		expect(answer.body.error).toMatchObject({ code: 'payload_too_large', reason: 'errors.headersTooLarge' });
	});

	it('answers bytes that are not HTTP with 400 in the API error shape', async () => {
		const answer = parse(await exchange(port, 'HELLO THERE\r\n\r\n'));
		expect(answer.status).toBe(400);
		expect(answer.body.error).toMatchObject({ code: 'validation_failed', reason: 'errors.requestMalformed' });
	});

	it('still serves ordinary requests', async () => {
		expect(await exchange(port, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(
			/\r\n\r\nok$/
		);
	});
});
