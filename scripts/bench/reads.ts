/**
 * The read path at the opening: golive's cached reads against a trivial node:http server sending the same bytes
 * (health, a cutover, the board snapshot of an unchanged seq, in full and revalidated), and a burst of 1,000
 * browsers' board pages and snapshots at once. Load comes from autocannon in this process, for both sides.
 */
import { request } from 'node:http';
import autocannon from 'autocannon';
import type { Fixture } from './fixture';
import { startTrivial, type RunningServer } from './servers';

export interface ReadCase {
	name: string;
	status: number;
	bytes: number;
	golive: number;
	trivial: number;
}

export interface BurstResult {
	name: string;
	requests: number;
	failed: number;
	totalMs: number;
	p99Ms: number;
	maxMs: number;
	bytesPerAnswer: number;
}

export interface ReadsResult {
	durationS: number;
	connections: number;
	cases: ReadCase[];
	bursts: BurstResult[];
}

interface Raw {
	status: number;
	headers: Record<string, string>;
	body: Buffer;
}

/** One answer exactly as it came over the wire (still compressed). */
export function raw(url: string, headers: Record<string, string>): Promise<Raw> {
	return new Promise((done, fail) => {
		const req = request(url, { headers, agent: false }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => {
				const kept: Record<string, string> = {};
				for (const name of [
					'content-type',
					'content-encoding',
					'etag',
					'cache-control',
					'vary',
					'content-security-policy'
				])
					if (typeof res.headers[name] === 'string') kept[name] = res.headers[name] as string;
				done({ status: res.statusCode ?? 0, headers: kept, body: Buffer.concat(chunks) });
			});
		});
		req.on('error', fail);
		req.end();
	});
}

async function rate(
	url: string,
	headers: Record<string, string>,
	o: { durationS: number; connections: number }
) {
	const result = await autocannon({ url, headers, duration: o.durationS, connections: o.connections });
	if (result.errors || result.non2xx - (result['3xx'] ?? 0) > 0)
		throw new Error(`${url}: ${result.errors} errors, ${result.non2xx} answers not 2xx or 3xx`);
	return result.requests.average;
}

async function againstTrivial(answer: Raw, run: (url: string) => Promise<number>): Promise<number> {
	const trivial = await startTrivial(answer);
	try {
		return await run(trivial.url);
	} finally {
		await trivial.stop();
	}
}

async function signIn(server: RunningServer, fixture: Fixture): Promise<string> {
	const res = await fetch(`${server.url}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
		body: new URLSearchParams({ username: 'bench', password: fixture.password })
	});
	const cookie = res.headers.getSetCookie().find((c) => c.startsWith('golive_session='));
	if (!cookie) throw new Error(`sign-in failed: ${res.status}`);
	return cookie.split(';')[0];
}

export async function runReads(
	server: RunningServer,
	fixture: Fixture,
	o: { durationS: number; connections: number; burst: number }
): Promise<ReadsResult> {
	const bearer = { authorization: `Bearer ${fixture.token}` };
	const snapshotUrl = `${server.url}/api/v1/cutovers/bench/snapshot`;
	const tag = (await raw(snapshotUrl, bearer)).headers.etag;
	const reads: { name: string; url: string; headers: Record<string, string> }[] = [
		{ name: 'health', url: `${server.url}/api/health`, headers: {} },
		{ name: 'cutover', url: `${server.url}/api/v1/cutovers/bench`, headers: bearer },
		{
			name: 'snapshot, unchanged seq, revalidated (304)',
			url: snapshotUrl,
			headers: { ...bearer, 'if-none-match': tag }
		},
		{
			name: 'snapshot, unchanged seq, in full (br)',
			url: snapshotUrl,
			headers: { ...bearer, 'accept-encoding': 'br' }
		}
	];
	const cases: ReadCase[] = [];
	for (const read of reads) {
		const answer = await raw(read.url, read.headers);
		const golive = await rate(read.url, read.headers, o);
		const trivial = await againstTrivial(answer, (url) => rate(url, {}, o));
		cases.push({ name: read.name, status: answer.status, bytes: answer.body.length, golive, trivial });
	}

	const cookie = await signIn(server, fixture);
	const bursts: BurstResult[] = [];
	for (const [name, url, headers] of [
		['board page', `${server.url}/c/bench`, { cookie, 'accept-encoding': 'br, gzip' }],
		['snapshot', snapshotUrl, { ...bearer, 'accept-encoding': 'br, gzip' }]
	] as const) {
		const one = await raw(url, headers);
		const started = performance.now();
		const result = await autocannon({ url, headers, amount: o.burst, connections: Math.min(o.burst, 100) });
		bursts.push({
			name,
			requests: result.requests.total,
			failed: result.errors + result.non2xx,
			totalMs: performance.now() - started,
			p99Ms: result.latency.p99,
			maxMs: result.latency.max,
			bytesPerAnswer: one.body.length
		});
	}
	return { durationS: o.durationS, connections: o.connections, cases, bursts };
}
