/**
 * Programme board page: headless Chromium opens the board of a big programme, as the budget states it: 100 waves,
 * 2,000 systems and 10,000 machines, a third of the waves behind it with their systems migrated, one under way.
 * Measures navigation to a usable board (the headline counts drawn and the live indicator on).
 */
import { chromium } from '@playwright/test';
import { createApp } from '../../src/lib/server/app';
import { systemActor } from '../../src/lib/server/auth/actor';
import { importSystems } from '../../src/lib/server/programmes/inventory.service';
import { createProgramme } from '../../src/lib/server/programmes/programme.service';
import { seedStage, seedWave } from '../../src/lib/server/testing/programme-seed';
import { programmeCreateInput, systemInput } from '../../src/lib/shared/schemas/programmes';
import { CHROMIUM_ARGS, signIn } from './board';
import type { Fixture } from './fixture';
import type { RunningServer } from './servers';

export const PROGRAMME_SLUG = 'bench-programme';
const DAY = 86_400_000;
const AGENCIES = ['Skatteetaten', 'NAV', 'Politiet', 'Statens vegvesen', 'Lånekassen', 'Kartverket'];

export interface ProgrammePageResult {
	waves: number;
	systems: number;
	machines: number;
	usableMs: number[];
}

const systemKey = (i: number) => `SYS-${String(i + 1).padStart(5, '0')}`;

/** The programme, its inventory, its waves (a week apart) and its systems' stages, before the server starts. */
export async function seedProgramme(
	fixture: Fixture,
	o: { waves: number; systems: number; machinesPerSystem: number }
): Promise<void> {
	const app = await createApp({
		url: fixture.env.DATABASE_URL || undefined,
		dataDir: fixture.env.DATA_DIR ?? null
	});
	try {
		const actor = systemActor('benchmark');
		const now = Date.now();
		const programme = await createProgramme(
			app,
			actor,
			programmeCreateInput.parse({
				slug: PROGRAMME_SLUG,
				name: `Benchmark programme (${o.systems} systems)`,
				timezone: 'Europe/Oslo',
				windowStart: new Date(now - 40 * 7 * DAY).toISOString(),
				windowEnd: new Date(now + 80 * 7 * DAY).toISOString()
			})
		);
		const keys = Array.from({ length: o.systems }, (_, i) => systemKey(i));
		await importSystems(
			app,
			actor,
			PROGRAMME_SLUG,
			keys.map((key, i) =>
				systemInput.parse({
					key,
					name: `System ${i + 1}`,
					agency: AGENCIES[i % AGENCIES.length],
					environment: i % 3 === 0 ? 'production' : 'test',
					vmCount: o.machinesPerSystem,
					criticality: 'medium',
					contactName: `Contact ${i + 1}`,
					contactEmail: `contact-${i + 1}@example.org`,
					testers: [{ name: `Tester ${i + 1}`, email: `tester-${i + 1}@example.org` }]
				})
			)
		);
		// Waves a week apart; the current one opened a day ago, a third of them are behind.
		const current = Math.floor(o.waves / 3);
		const perWave = Math.ceil(o.systems / o.waves);
		for (let w = 0; w < o.waves; w++) {
			const start = now - DAY + (w - current) * 7 * DAY;
			const waveKeys = keys.slice(w * perWave, (w + 1) * perWave);
			await seedWave(
				app,
				programme,
				{
					slug: `bench-wave-${w + 1}`,
					name: `Wave ${w + 1}`,
					windowStart: start,
					windowEnd: start + 3 * DAY
				},
				waveKeys
			);
			if (w < current) await seedStage(app, programme, waveKeys, 'migrated', start + 2 * DAY);
			else if (w === current) await seedStage(app, programme, waveKeys, 'moving', now);
		}
	} finally {
		await app.close();
	}
}

export async function runProgrammePage(
	server: RunningServer,
	fixture: Fixture,
	o: { waves: number; systems: number; machines: number; samples?: number }
): Promise<ProgrammePageResult> {
	const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
	try {
		const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
		const page = await context.newPage();
		await signIn(page, server.url, fixture.password);
		const usableMs: number[] = [];
		for (let i = 0; i < (o.samples ?? 3); i++) {
			const t0 = Date.now();
			await page.goto(`${server.url}/p/${PROGRAMME_SLUG}`, { waitUntil: 'commit' });
			await page.locator('[data-testid="programme-headline"]').waitFor({ state: 'visible' });
			await page.locator('[data-testid="live-status"][data-state="live"]').waitFor();
			usableMs.push(Date.now() - t0);
		}
		return { waves: o.waves, systems: o.systems, machines: o.machines, usableMs };
	} finally {
		await browser.close();
	}
}
