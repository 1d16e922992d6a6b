/**
 * The public status site as the server holds it, on both databases: which cutovers and notices it shows, that it
 * renders once per change however many ask, that a committed change (through the real services) renders it
 * again, that the clock alone moves a maintenance along, and that the export writes the bytes the server sends.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { incidentOpenInput, serviceCreateInput } from '../../shared/schemas/incidents';
import {
	noticeCreateInput,
	noticeEntryInput,
	noticePublishInput,
	noticeWithdrawInput
} from '../../shared/schemas/notices';
import { createApp, type App } from '../app';
import { createPostgresDatabase, postgresReachable, testDatabases } from '../db/test-db';
import { createService } from '../incidents/catalogue.service';
import { openIncident } from '../incidents/incident.service';
import {
	addNoticeEntry,
	createNotice,
	publishNotice,
	setNoticeSettings,
	withdrawNotice
} from '../notices/notice.service';
import { eventually, ManualClock, testAdmin as admin, testCutover } from '../testing';
import { exportStatusSite } from './export';
import { StatusCache } from './status-cache';

const HOUR = 3_600_000;
const texts = (title: string, body = 'Tilanne selvitetään.') => ({
	fi: { title: `${title} (fi)`, body },
	sv: { title: `${title} (sv)`, body: 'Läget utreds.' },
	en: { title: `${title} (en)`, body: 'We are looking into it.' }
});

describe.each(testDatabases())('the public status site on $kind', (database) => {
	let app: App;

	beforeAll(async () => {
		app = await database.open();
	});
	afterAll(() => database.close());

	/** A cutover on the public page with two services. */
	async function publicCutover(name: string) {
		const cutover = await testCutover(app, { name });
		for (const [key, serviceName] of [
			['portal', 'Asiointipalvelu'],
			['market', 'Markkinapaikka']
		])
			await createService(app, admin, cutover.slug, serviceCreateInput.parse({ key, name: serviceName }));
		await setNoticeSettings(app, admin, cutover.slug, { publicStatus: true });
		return cutover;
	}

	async function published(
		slug: string,
		input: Partial<z.input<typeof noticeCreateInput>> & { title: string }
	) {
		const { title, ...rest } = input;
		const notice = await createNotice(
			app,
			admin,
			slug,
			noticeCreateInput.parse({ kind: 'info', texts: texts(title), ...rest })
		);
		return publishNotice(app, admin, slug, notice.ref, noticePublishInput.parse({}));
	}

	const page = async (cache: StatusCache, path = '/fi/status') =>
		(await cache.site()).get(path)!.body.toString();

	it('shows only the cutovers whose settings put them on the page, and only published notices', async () => {
		const shown = await publicCutover('Näkyvä käyttöönotto');
		const hidden = await testCutover(app, { name: 'Sisäinen harjoitus' });
		await createService(
			app,
			admin,
			hidden.slug,
			serviceCreateInput.parse({ key: 'secret', name: 'Salainen' })
		);
		await published(shown.slug, { title: 'Julkaistu tiedote' });
		await createNotice(
			app,
			admin,
			shown.slug,
			noticeCreateInput.parse({ kind: 'info', texts: texts('Luonnos') })
		);
		await published(hidden.slug, { title: 'Sisäinen tiedote' });

		const html = await page(app.status);
		expect(html).toContain('Näkyvä käyttöönotto');
		expect(html).toContain('Asiointipalvelu');
		expect(html).toContain('Julkaistu tiedote (fi)');
		expect(html).not.toContain('Luonnos');
		expect(html).not.toContain('Sisäinen');
		expect(html).not.toContain('Salainen');
	});

	it('renders once per change however many ask, and again after a committed change', async () => {
		const cutover = await publicCutover('Kerran renderöity');
		await app.status.site();
		const before = app.status.renders;
		const sites = await Promise.all(Array.from({ length: 50 }, () => app.status.site()));
		expect(new Set(sites).size).toBe(1);
		expect(app.status.renders).toBe(before);

		const notice = await published(cutover.slug, { title: 'Uusi tiedote' });
		expect(await page(app.status)).toContain('Uusi tiedote (fi)');
		expect(app.status.renders).toBe(before + 1);

		await addNoticeEntry(
			app,
			admin,
			cutover.slug,
			notice.ref,
			noticeEntryInput.parse({ kind: 'update', texts: texts('Päivitetty tiedote') })
		);
		expect(await page(app.status)).toContain('Päivitetty tiedote (fi)');
	});

	it('shows an incident notice while its incident is open, with its latest update', async () => {
		const cutover = await publicCutover('Häiriöinen käyttöönotto');
		const incident = await openIncident(
			app,
			admin,
			cutover.slug,
			incidentOpenInput.parse({
				title: 'Sisäinen otsikko',
				severity: 'P3',
				affected: [{ service: 'portal', impact: 'partial_outage' }]
			})
		);
		const notice = await published(cutover.slug, {
			title: 'Asiointi hidastelee',
			kind: 'incident',
			incident: incident.ref
		});
		const summary = JSON.parse(
			(await app.status.site()).get('/api/v2/incidents/unresolved.json?lang=en')!.body.toString()
		);
		const shown = summary.incidents.find((i: { id: string }) => i.id === `${cutover.slug}.${notice.ref}`);
		expect(shown).toMatchObject({
			name: 'Asiointi hidastelee (en)',
			status: 'investigating',
			impact: 'major'
		});
		// The incident's own title and roles are internal: never on the page.
		expect(await page(app.status)).not.toContain('Sisäinen otsikko');

		await addNoticeEntry(
			app,
			admin,
			cutover.slug,
			notice.ref,
			noticeEntryInput.parse({ kind: 'update', texts: texts('Korjattu'), incidentStatus: 'resolved' })
		);
		const after = JSON.parse(
			(await app.status.site()).get('/api/v2/incidents/unresolved.json?lang=en')!.body.toString()
		);
		expect(after.incidents.map((i: { id: string }) => i.id)).not.toContain(`${cutover.slug}.${notice.ref}`);
	});

	it('moves a maintenance from upcoming to in progress by the clock alone, and cancels it in the calendar when withdrawn', async () => {
		const cutover = await publicCutover('Huollettava');
		const now = Date.now();
		const notice = await published(cutover.slug, {
			title: 'Yöhuolto',
			kind: 'maintenance',
			services: ['market'],
			maintenance: {
				startsAt: new Date(now + HOUR).toISOString(),
				endsAt: new Date(now + 2 * HOUR).toISOString()
			}
		});
		const clock = new ManualClock(now);
		const cache = new StatusCache({ db: app.db, clock }, '');
		try {
			const upcoming = JSON.parse(
				(await cache.site()).get('/api/v2/scheduled-maintenances/upcoming.json?lang=fi')!.body.toString()
			);
			expect(upcoming.scheduled_maintenances.map((m: { id: string }) => m.id)).toContain(
				`${cutover.slug}.${notice.ref}`
			);
			const renders = cache.renders;
			clock.advance(HOUR);
			const active = JSON.parse(
				(await cache.site()).get('/api/v2/scheduled-maintenances/active.json?lang=fi')!.body.toString()
			);
			expect(cache.renders).toBe(renders + 1);
			expect(
				active.scheduled_maintenances.find((m: { id: string }) => m.id === `${cutover.slug}.${notice.ref}`)
			).toMatchObject({
				status: 'in_progress',
				impact: 'maintenance',
				scheduled_for: new Date(now + HOUR).toISOString()
			});
		} finally {
			cache.close();
		}

		const calendar = async () => (await app.status.site()).get('/status/maintenance.ics')!.body.toString();
		const before = await calendar();
		const uid = /UID:(.+)\r\n/.exec(before)![1];
		expect(before).toMatch(/SEQUENCE:0\r\n[\s\S]*SUMMARY:Yöhuolto \(fi\)[\s\S]*STATUS:CONFIRMED/);
		await withdrawNotice(
			app,
			admin,
			cutover.slug,
			notice.ref,
			noticeWithdrawInput.parse({ reason: 'Siirretty' })
		);
		const after = await calendar();
		// The same event, changed: a calendar updates it instead of adding another.
		expect(after.match(/BEGIN:VEVENT/g)).toHaveLength(1);
		expect(after).toContain(`UID:${uid}\r\nSEQUENCE:1\r\n`);
		expect(after).toContain('STATUS:CANCELLED');
		expect(await page(app.status)).toContain('Peruttu: Siirretty');
	});

	it('exports the very bytes it serves', async () => {
		await publicCutover('Vietävä');
		const dir = await mkdtemp(join(tmpdir(), 'golive-status-export-'));
		try {
			const files = await exportStatusSite(app, dir, '');
			expect(files).toEqual(
				expect.arrayContaining([
					'fi/status/index.html',
					'sv/status/index.html',
					'en/status/index.html',
					'status/index.html',
					'fi/status/feed.atom',
					'status/maintenance.ics',
					'api/v2/summary.json',
					'api/v2/scheduled-maintenances/upcoming.json',
					'status/assets/refresh.js'
				])
			);
			const site = await app.status.site();
			for (const [file, path] of [
				['sv/status/index.html', '/sv/status'],
				['status/index.html', '/fi/status'],
				['api/v2/summary.json', '/api/v2/summary.json?lang=fi']
			])
				expect((await readFile(join(dir, file))).equals(site.get(path)!.body)).toBe(true);
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	});
});

describe.runIf(postgresReachable())('the public status site of several instances, on PostgreSQL', () => {
	let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
	let one: App;
	let two: App;
	beforeAll(async () => {
		database = await createPostgresDatabase();
		one = await createApp({ url: database.url });
		two = await createApp({ url: database.url });
	});
	afterAll(async () => {
		await one?.close();
		await two?.close();
		await database?.drop();
	});

	it('shows on every instance what one publishes, each rendering again once it hears of the commit', async () => {
		const cutover = await testCutover(one, { name: 'Kahden instanssin käyttöönotto' });
		await createService(
			one,
			admin,
			cutover.slug,
			serviceCreateInput.parse({ key: 'portal', name: 'Portaali' })
		);
		await setNoticeSettings(one, admin, cutover.slug, { publicStatus: true });
		const page = async (app: App) => (await app.status.site()).get('/sv/status')!.body.toString();
		expect(await eventually(async () => (await page(two)).includes('Kahden instanssin käyttöönotto'))).toBe(
			true
		);

		const notice = await createNotice(
			one,
			admin,
			cutover.slug,
			noticeCreateInput.parse({ kind: 'info', texts: texts('Från en annan instans') })
		);
		await publishNotice(one, admin, cutover.slug, notice.ref, noticePublishInput.parse({}));
		expect(await page(one)).toContain('Från en annan instans (sv)');
		expect(await eventually(async () => (await page(two)).includes('Från en annan instans (sv)'))).toBe(true);
	});
});
