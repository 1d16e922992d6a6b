/**
 * The public status page over real HTTP (the production build, see harness.ts): communications staff publish
 * through the API, and the public reads the page in three languages, its Atom feeds, its calendar and the
 * Statuspage documents, each served from memory with a strong ETag, a short public Cache-Control, no cookie, and
 * every payload a notice may carry inert. The export at the end writes the bytes the server sent.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { findAll, getAttributeValue, textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, type Answer } from './harness';

const golive = new TestServer('golive-status-');
let admin = '';
const C = '/api/v1/cutovers/julkinen';
const HOUR = 3_600_000;

const XSS_TITLE = '<script>alert("title")</script><img src=x onerror=alert(1)>';
const XSS_BODY = [
	'<script>alert("body")</script>',
	'<img src=x onerror=alert(2)>',
	'[click](javascript:alert(3))',
	'[data](data:text/html;base64,PHNjcmlwdD5hbGVydCg0KTwvc2NyaXB0Pg==)',
	'&lt;script&gt;alert(5)&lt;/script&gt;',
	']]><script>alert(6)</script>',
	'BEGIN:VEVENT\r\nSUMMARY:injected\r\nEND:VEVENT'
].join('\n\n');

const texts = (title: string, body: string) => ({
	fi: { title: `${title} (fi)`, body },
	sv: { title: `${title} (sv)`, body },
	en: { title: `${title} (en)`, body }
});

async function call(method: string, path: string, json?: unknown) {
	const answer = await golive.call(method, path, admin, json);
	expect(answer.status, `${method} ${path}: ${answer.text}`).toBeLessThan(300);
	return answer.body;
}

async function publish(input: Record<string, unknown>) {
	const notice = await call('POST', `${C}/notices`, input);
	return call('POST', `${C}/notices/${notice.ref}/publish`, { at: null });
}

const get = (path: string, headers: Record<string, string> = {}) => golive.raw('GET', path, { headers });
const elements = (html: string, test: (name: string) => boolean) =>
	findAll((e) => test(e.name), parseDocument(html).children);

/** Everything on a page that could run script: elements, handlers, URLs. */
function scriptsOf(html: string): string[] {
	const found: string[] = [];
	for (const e of elements(html, () => true)) {
		if (e.name === 'script' && getAttributeValue(e, 'src') !== '/status/assets/refresh.js')
			found.push(`<script>${textContent(e)}`);
		if (['iframe', 'object', 'embed', 'img'].includes(e.name)) found.push(`<${e.name}>`);
		for (const [name, value] of Object.entries(e.attribs)) {
			if (name.startsWith('on')) found.push(`${e.name} ${name}`);
			if (/^\s*(javascript|data|vbscript):/i.test(value)) found.push(`${e.name} ${name}=${value}`);
		}
	}
	return found;
}

let incidentNotice: { ref: string };
let maintenanceNotice: { ref: string };

beforeAll(async () => {
	admin = await golive.tokenFor('comms setup', 'admin');
	await golive.start();
	const now = Date.now();
	await call('POST', '/api/v1/cutovers', {
		slug: 'julkinen',
		name: 'Työmarkkinatori',
		timezone: 'Europe/Helsinki',
		windowStart: new Date(now - HOUR).toISOString(),
		windowEnd: new Date(now + 8 * HOUR).toISOString()
	});
	for (const [key, name] of [
		['portal', 'Asiointipalvelu'],
		['market', 'Osaajamarkkinat']
	])
		await call('POST', `${C}/services`, { key, name });
	await call('PUT', `${C}/notice-settings`, { publicStatus: true });
	const incident = await call('POST', `${C}/incidents`, {
		title: 'Tietokanta ylikuormittunut',
		severity: 'P3',
		affected: [{ service: 'portal', impact: 'partial_outage' }]
	});
	incidentNotice = await publish({
		kind: 'incident',
		incident: incident.ref,
		services: ['portal'],
		texts: texts(XSS_TITLE, XSS_BODY)
	});
	maintenanceNotice = await publish({
		kind: 'maintenance',
		services: ['market'],
		maintenance: {
			startsAt: new Date(now + 48 * HOUR).toISOString(),
			endsAt: new Date(now + 50 * HOUR).toISOString()
		},
		texts: texts('Osaajamarkkinoiden huoltokatko', 'Palvelu ei ole käytettävissä **kahteen tuntiin**.')
	});
}, 600_000);

afterAll(async () => {
	await golive.stop();
});

describe('the public status page over HTTP', () => {
	it('serves each language with its lang, hreflang alternates and feed, from memory, cacheable and cookieless', async () => {
		for (const lang of ['fi', 'sv', 'en']) {
			const page = await get(`/${lang}/status`);
			expect(page.status).toBe(200);
			expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
			expect(page.headers.get('set-cookie')).toBeNull();
			expect(page.headers.get('cache-control')).toMatch(/^public, max-age=\d+, stale-while-revalidate=\d+$/);
			expect(page.headers.get('etag')).toMatch(/^"[^"]+"$/);
			expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
			const html = elements(page.text, (n) => n === 'html')[0];
			expect(getAttributeValue(html, 'lang')).toBe(lang);
			const links = elements(page.text, (n) => n === 'link');
			const hreflang = links
				.filter((l) => getAttributeValue(l, 'hreflang'))
				.map((l) => [getAttributeValue(l, 'hreflang'), getAttributeValue(l, 'href')]);
			expect(hreflang).toEqual([
				['fi', '/fi/status'],
				['sv', '/sv/status'],
				['en', '/en/status'],
				['x-default', '/status']
			]);
			const atom = links.find((l) => getAttributeValue(l, 'type') === 'application/atom+xml');
			expect(getAttributeValue(atom!, 'href')).toBe(`/${lang}/status/feed.atom`);
			expect(page.text).toContain(`Osaajamarkkinoiden huoltokatko (${lang})`);
			expect(page.text).toContain('Asiointipalvelu');
		}
		const en = await get('/en/status');
		expect(en.text).toContain('Partial outage');
		expect(en.text).toContain('Upcoming maintenance');
	});

	it('answers 304 to the ETag it gave, and sends bytes compressed once for all', async () => {
		const first = await get('/fi/status');
		const tag = first.headers.get('etag')!;
		const again = await get('/fi/status', { 'if-none-match': tag });
		expect(again.status).toBe(304);
		expect(again.bytes!.length).toBe(0);
		expect(again.headers.get('etag')).toBe(tag);

		const br = await get('/fi/status', { 'accept-encoding': 'br' });
		expect(br.headers.get('content-encoding')).toBe('br');
		expect(brotliDecompressSync(br.bytes!).toString()).toBe(first.text);
		// Revalidating the compressed copy with its own tag is a 304 too.
		const brTag = br.headers.get('etag')!;
		expect(brTag).not.toBe(tag);
		expect((await get('/fi/status', { 'accept-encoding': 'br', 'if-none-match': brTag })).status).toBe(304);
	});

	it("picks the bare page's language from Accept-Language, Finnish by default, and says it varies", async () => {
		const lang = async (accept?: string) => {
			const page = await get('/status', accept ? { 'accept-language': accept } : {});
			expect(page.headers.get('vary')).toContain('accept-language');
			return getAttributeValue(elements(page.text, (n) => n === 'html')[0], 'lang');
		};
		expect(await lang()).toBe('fi');
		expect(await lang('sv-FI,sv;q=0.9,en;q=0.5')).toBe('sv');
		expect(await lang('de-DE, en;q=0.7, fi;q=0.8')).toBe('fi');
		expect(await lang('en-GB')).toBe('en');
		expect(await lang('de')).toBe('fi');
	});

	it('leaves the subscription pages to the app', async () => {
		const page = await get('/status/subscribe');
		// Whatever the app answers there, it is not the status page.
		expect(page.text).not.toContain('id="main"><h1>');
		expect(page.headers.get('cache-control') ?? '').not.toMatch(/^public, max-age=\d+, stale/);
	});

	it('keeps every payload of a notice inert on the page', async () => {
		for (const lang of ['fi', 'sv', 'en']) {
			const page = await get(`/${lang}/status`);
			expect(scriptsOf(page.text)).toEqual([]);
			// The title is shown as the text it is.
			const titles = elements(page.text, (n) => n === 'h3').map((h) => textContent(h));
			expect(titles).toContain(`${XSS_TITLE} (${lang})`);
		}
	});

	it("answers Statuspage's documents in their shapes, in the language asked", async () => {
		const summary = (await get('/api/v2/summary.json')).body;
		expect(Object.keys(summary).sort()).toEqual([
			'components',
			'incidents',
			'page',
			'scheduled_maintenances',
			'status'
		]);
		expect(summary.page).toMatchObject({
			id: expect.any(String),
			name: 'Palveluiden tila',
			time_zone: 'Etc/UTC'
		});
		expect(summary.status).toEqual({ indicator: 'major', description: 'Osittainen katko' });
		const group = summary.components.find((c: { group: boolean }) => c.group);
		expect(group).toMatchObject({ name: 'Työmarkkinatori', status: 'partial_outage', group: true });
		expect(group.components).toHaveLength(2);
		const portal = summary.components.find((c: { name: string }) => c.name === 'Asiointipalvelu');
		expect(portal).toMatchObject({
			status: 'partial_outage',
			group_id: group.id,
			only_show_if_degraded: false
		});
		expect(summary.incidents).toHaveLength(1);
		expect(summary.incidents[0]).toMatchObject({
			name: `${XSS_TITLE} (fi)`,
			status: 'investigating',
			impact: 'major',
			resolved_at: null
		});
		expect(summary.incidents[0].incident_updates[0]).toMatchObject({
			status: 'investigating',
			display_at: expect.any(String),
			body: expect.any(String)
		});
		expect(summary.scheduled_maintenances[0]).toMatchObject({
			name: 'Osaajamarkkinoiden huoltokatko (fi)',
			status: 'scheduled',
			impact: 'maintenance',
			scheduled_for: expect.any(String),
			scheduled_until: expect.any(String)
		});

		const sv = (await get('/api/v2/status.json?lang=sv')).body;
		expect(sv).toEqual({
			page: expect.objectContaining({ name: 'Tjänsternas status' }),
			status: { indicator: 'major', description: 'Delvis avbrott' }
		});
		const en = (await get('/api/v2/components.json?lang=en')).body;
		expect(en.components).toHaveLength(3);
		expect((await get('/api/v2/incidents.json?lang=en')).body.incidents[0].name).toBe(`${XSS_TITLE} (en)`);
		expect((await get('/api/v2/incidents/unresolved.json')).body.incidents).toHaveLength(1);
		expect((await get('/api/v2/scheduled-maintenances.json')).body.scheduled_maintenances).toHaveLength(1);
		expect(
			(await get('/api/v2/scheduled-maintenances/upcoming.json')).body.scheduled_maintenances
		).toHaveLength(1);
		expect((await get('/api/v2/scheduled-maintenances/active.json')).body.scheduled_maintenances).toEqual([]);

		const bad = await get('/api/v2/summary.json?lang=de');
		expect(bad.status).toBe(400);
		expect(bad.body.error.message).toContain('lang');
		// JSON carries payloads as text, with <, > and & escaped, so even pasted into HTML it runs nothing.
		const raw = (await get('/api/v2/summary.json')).text;
		expect(raw).not.toMatch(/[<>]/);
	});

	it('serves an Atom feed per language with stable entry ids and inert titles and content', async () => {
		const feed = async (lang: string) => {
			const answer = await get(`/${lang}/status/feed.atom`);
			expect(answer.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
			const doc = parseDocument(answer.text, { xmlMode: true });
			const root = findAll((e) => e.name === 'feed', doc.children)[0];
			expect(getAttributeValue(root, 'xml:lang')).toBe(lang);
			return findAll((e) => e.name === 'entry', doc.children).map((entry) => {
				const child = (name: string) => findAll((e) => e.name === name, entry.children)[0];
				return {
					id: textContent(child('id')),
					title: textContent(child('title')),
					content: textContent(child('content')),
					updated: textContent(child('updated')),
					link: getAttributeValue(child('link'), 'href') ?? ''
				};
			});
		};
		const entries = await feed('sv');
		expect(entries).toHaveLength(2);
		for (const e of entries) {
			expect(e.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
			expect(e.updated).toMatch(/^\d{4}-\d\d-\d\dT/);
			expect(e.link).toMatch(/\/sv\/status#julkinen-NTC-\d+$/);
			// Titles and content are HTML in Atom: what a reader renders runs nothing.
			expect(scriptsOf(e.title)).toEqual([]);
			expect(scriptsOf(e.content)).toEqual([]);
		}
		const incident = entries.find((e) => e.link.endsWith(incidentNotice.ref))!;
		expect(incident.title).toContain('&lt;script&gt;');

		await call('POST', `${C}/notices/${incidentNotice.ref}/entries`, {
			kind: 'update',
			texts: texts('Syy löytyi', 'Korjaus on käynnissä.'),
			incidentStatus: 'identified'
		});
		const after = await feed('sv');
		expect(after).toHaveLength(3);
		// The entries already read keep their ids: a reader shows only the new one as new.
		expect(after.map((e) => e.id)).toEqual(expect.arrayContaining(entries.map((e) => e.id)));
		expect(after[0].title).toContain('Syy löytyi (sv)');
		expect((await feed('fi')).map((e) => e.id)).not.toEqual(after.map((e) => e.id));
	});

	it('shows an update at once: the next request after the publish gets the new page', async () => {
		const before = await get('/en/status');
		await call('POST', `${C}/notices/${incidentNotice.ref}/entries`, {
			kind: 'update',
			texts: texts('Fix deployed', 'We are watching it.'),
			incidentStatus: 'monitoring'
		});
		const after = await get('/en/status');
		expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
		expect(after.text).toContain('Fix deployed (en)');
		expect(after.text).toContain('Monitoring');
		expect((await get('/en/status', { 'if-none-match': before.headers.get('etag')! })).status).toBe(200);
	});

	it('serves planned maintenance as iCalendar with a stable UID, a sequence that grows and a cancellation', async () => {
		const events = async () => {
			const answer = await get('/status/maintenance.ics');
			expect(answer.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
			const lines = answer.text.replace(/\r\n[ \t]/g, '').split('\r\n');
			const out: Record<string, string>[] = [];
			let current: Record<string, string> | null = null;
			for (const line of lines) {
				if (line === 'BEGIN:VEVENT') current = {};
				else if (line === 'END:VEVENT') {
					out.push(current!);
					current = null;
				} else if (current) {
					const at = line.indexOf(':');
					current[line.slice(0, at).split(';')[0]] = line.slice(at + 1);
				}
			}
			return out;
		};
		const [event] = await events();
		expect(event).toMatchObject({
			SEQUENCE: '0',
			STATUS: 'CONFIRMED',
			SUMMARY: 'Osaajamarkkinoiden huoltokatko (fi)'
		});
		expect(event.DTSTART).toMatch(/^\d{8}T\d{6}Z$/);
		expect(event.DTSTAMP).toMatch(/^\d{8}T\d{6}Z$/);

		await call('POST', `${C}/notices/${maintenanceNotice.ref}/withdraw`, {
			reason: 'Siirretty ensi viikkoon'
		});
		const after = await events();
		expect(after).toHaveLength(1);
		expect(after[0]).toMatchObject({ UID: event.UID, SEQUENCE: '1', STATUS: 'CANCELLED' });
		const page = await get('/fi/status');
		expect(page.text).toContain('Peruttu: Siirretty ensi viikkoon');
		expect((await get('/api/v2/scheduled-maintenances/upcoming.json')).body.scheduled_maintenances).toEqual(
			[]
		);
	});

	it('keeps payloads inert in the calendar: no event, property or line a notice did not make', async () => {
		const ics = (await get('/status/maintenance.ics')).text;
		expect(ics.match(/^BEGIN:VEVENT/gm)).toHaveLength(1);
		expect(ics).not.toMatch(/^SUMMARY:injected/m);
	});

	it('exports the bytes it serves, for a plain web server', async () => {
		const served = new Map<string, Answer>();
		for (const path of [
			'/fi/status',
			'/sv/status',
			'/en/status/feed.atom',
			'/status/maintenance.ics',
			'/api/v2/summary.json'
		])
			served.set(path, await get(path));
		// The embedded database is one process's: the server stops (cleanly) before the CLI opens it.
		const exited = new Promise((done) => golive.process.once('exit', done));
		golive.process.kill('SIGINT');
		await exited;
		const dir = mkdtempSync(join(tmpdir(), 'golive-status-export-'));
		try {
			const run = await golive.cli(['status', 'export', dir]);
			expect(run.code, run.stderr).toBe(0);
			expect(run.stdout).toContain('fi/status/index.html');
			for (const [path, file] of [
				['/fi/status', 'fi/status/index.html'],
				['/sv/status', 'sv/status/index.html'],
				['/en/status/feed.atom', 'en/status/feed.atom'],
				['/status/maintenance.ics', 'status/maintenance.ics'],
				['/api/v2/summary.json', 'api/v2/summary.json']
			])
				expect(readFileSync(join(dir, file)).equals(served.get(path)!.bytes!), file).toBe(true);
			expect(readFileSync(join(dir, 'status/index.html')).equals(served.get('/fi/status')!.bytes!)).toBe(
				true
			);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
