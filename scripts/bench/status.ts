/**
 * The public status page at a launch: its requests per second against a trivial node:http server sending the
 * same status, headers and bytes, while 1,000 socket.io board clients stay connected and joined to a cutover
 * (budget: at least 0.5x). The page in full (br), revalidated (304), and Statuspage's summary.json (gzip).
 */
import autocannon from 'autocannon';
import { createApp } from '../../src/lib/server/app';
import { systemActor } from '../../src/lib/server/auth/actor';
import { createService } from '../../src/lib/server/incidents/catalogue.service';
import { createNotice, publishNotice, setNoticeSettings } from '../../src/lib/server/notices/notice.service';
import { serviceCreateInput } from '../../src/lib/shared/schemas/incidents';
import { noticeCreateInput, noticePublishInput } from '../../src/lib/shared/schemas/notices';
import type { Fixture } from './fixture';
import { raw, type ReadCase } from './reads';
import { joinClients, startClients, startTrivial, stopClients, type RunningServer } from './servers';

export interface StatusBenchResult {
	durationS: number;
	connections: number;
	clients: number;
	cases: ReadCase[];
}

const SERVICES = 12;
const NOTICES = 10;

/** Puts the fixture's cutover on the public page, with a catalogue and published notices (before the server starts). */
export async function seedStatus(fixture: Fixture): Promise<void> {
	const app = await createApp({
		url: fixture.env.DATABASE_URL || undefined,
		dataDir: fixture.env.DATA_DIR ?? null
	});
	try {
		const actor = systemActor('benchmark');
		for (let i = 0; i < SERVICES; i++)
			await createService(
				app,
				actor,
				fixture.slug,
				serviceCreateInput.parse({ key: `svc-${i + 1}`, name: `Service ${i + 1}` })
			);
		await setNoticeSettings(app, actor, fixture.slug, {
			publicStatus: true,
			requiredLanguages: ['fi', 'sv']
		});
		for (let i = 0; i < NOTICES; i++) {
			const text = (lang: string) => ({
				title: `Notice ${i + 1} (${lang})`,
				body: `The **opening** goes on as planned. Update ${i + 1}, written in ${lang}.\n\n- one\n- two`
			});
			const notice = await createNotice(
				app,
				actor,
				fixture.slug,
				noticeCreateInput.parse({
					kind: 'info',
					services: ['svc-1'],
					texts: { fi: text('fi'), sv: text('sv'), en: text('en') }
				})
			);
			await publishNotice(app, actor, fixture.slug, notice.ref, noticePublishInput.parse({}));
		}
	} finally {
		await app.close();
	}
}

/** Requests per second of one read over `connections` for `durationS`; any error or 4xx/5xx fails the row. */
export async function readRate(
	url: string,
	headers: Record<string, string>,
	o: { durationS: number; connections: number }
) {
	const result = await autocannon({ url, headers, duration: o.durationS, connections: o.connections });
	if (result.errors || result.non2xx - (result['3xx'] ?? 0) > 0)
		throw new Error(`${url}: ${result.errors} errors, ${result.non2xx} answers not 2xx or 3xx`);
	return result.requests.average;
}

export async function runStatus(
	server: RunningServer,
	fixture: Fixture,
	o: { durationS: number; connections: number; clients: number }
): Promise<StatusBenchResult> {
	const clients = await startClients([server], o.clients, { token: fixture.token });
	try {
		await joinClients(clients);
		const page = `${server.url}/fi/status`;
		const tag = (await raw(page, {})).headers.etag;
		const reads: { name: string; url: string; headers: Record<string, string> }[] = [
			{ name: 'status page, in full (br)', url: page, headers: { 'accept-encoding': 'br' } },
			{ name: 'status page, revalidated (304)', url: page, headers: { 'if-none-match': tag } },
			{
				name: 'summary.json (gzip)',
				url: `${server.url}/api/v2/summary.json`,
				headers: { 'accept-encoding': 'gzip' }
			}
		];
		const cases: ReadCase[] = [];
		for (const read of reads) {
			const answer = await raw(read.url, read.headers);
			const golive = await readRate(read.url, read.headers, o);
			const trivial = await startTrivial(answer);
			try {
				const bare = await readRate(trivial.url, {}, o);
				cases.push({
					name: read.name,
					status: answer.status,
					bytes: answer.body.length,
					golive,
					trivial: bare
				});
			} finally {
				await trivial.stop();
			}
		}
		return { durationS: o.durationS, connections: o.connections, clients: o.clients, cases };
	} finally {
		await stopClients(clients);
	}
}
