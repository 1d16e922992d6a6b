/**
 * The load view in Chromium (issue 15's budget): a cutover with 12 metrics (capacity lines set) holding 24 h of
 * 10-second samples each, pushed through the service in batches and kept by the storage round as the server's
 * job keeps it. Measures, on the board, navigation to the load view rendered: live, every metric's reading and
 * sparkline shown, and its first metric's chart opened on the 24 h range and drawn with that range's readings (the
 * chart marks `data-drawn` once chart.js has drawn them; the figure ends at the next frame, and includes the two
 * clicks, made in the page, that open the chart and choose the range). Then, with that chart open, how long the
 * page takes to apply a `metrics.updated` pushed by a writer through the API, from the event's arrival in the page
 * (the live store's `golive:event` mark): its work (see Applied), and the time to the end of the frame showing it.
 * Also the wall with its load panel.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { createApp } from '../../src/lib/server/app';
import { systemActor } from '../../src/lib/server/auth/actor';
import { createMetric, keepMetricStorage, pushSamples } from '../../src/lib/server/metrics/metric.service';
import { CHROMIUM_ARGS, signIn } from './board';
import { metricKey, type Fixture } from './fixture';
import { ROOT, type RunningServer } from './servers';
import { summarize, type LatencySummary } from './stats';

export interface LoadViewResult {
	metrics: number;
	samplesPerMetric: number;
	/** Navigation to the board's load view rendered, three navigations. */
	boardMs: number[];
	/** Navigation to the wall's load panel showing every metric's reading, three navigations. */
	wallMs: number[];
	/** A metrics.updated: the page's work applying and drawing it (see Applied). */
	applyMs: LatencySummary;
	/** A metrics.updated: from its arrival to the end of the frame showing it. */
	shownMs: LatencySummary;
	/** The script part of applyMs (see Applied). */
	scriptMs: LatencySummary;
	updates: number;
}

const DAY_MS = 24 * 3_600_000;
const STEP_MS = 10_000;
/** The most samples one push may carry. */
const BATCH = 10_000;
/** Readings swing between 200 and 600 over the day, under the lines at 800 and 900: no breach events. */
const reading = (metric: number, at: number) =>
	400 + 200 * Math.sin((2 * Math.PI * at) / DAY_MS + metric) + ((at / STEP_MS) % 7);

/**
 * Adds `metrics` metrics with warning and critical lines to the fixture's cutover and 24 h of readings each,
 * ending now, then runs the storage round once (what the server's job does when it takes the lease), with the
 * default settings: samples stay raw for 24 h.
 */
export async function seedLoad(fixture: Fixture, metrics: number, spanMs = DAY_MS): Promise<number> {
	const app = await createApp({
		url: fixture.env.DATABASE_URL || undefined,
		dataDir: fixture.env.DATA_DIR ?? null
	});
	const actor = systemActor('benchmark');
	const perMetric = Math.floor(spanMs / STEP_MS);
	try {
		for (let i = 0; i < metrics; i++)
			await createMetric(app, actor, fixture.slug, {
				key: metricKey(i),
				name: `Load ${i + 1}`,
				unit: 'req/s',
				kind: 'gauge',
				direction: 'above',
				warning: 800,
				critical: 900,
				sustainSeconds: 60,
				clearMargin: 20
			});
		const end = Date.now();
		const all = Array.from({ length: metrics * perMetric }, (_, k) => {
			const metric = k % metrics;
			const at = end - (perMetric - 1 - Math.floor(k / metrics)) * STEP_MS;
			return { metric: metricKey(metric), at, value: reading(metric, at) };
		});
		for (let k = 0; k < all.length; k += BATCH)
			await pushSamples(app, actor, fixture.slug, { samples: all.slice(k, k + BATCH) });
		await keepMetricStorage(app, Date.now(), { rawHours: 24, retentionDays: 30 });
	} finally {
		// Publishes the metrics' latest readings (the feed's flush), then frees PGlite for the server.
		await app.close();
	}
	return perMetric;
}

/**
 * In the page: `until` resolves once an element matches the selector; `afterFrame` at the end of the next frame
 * (after its style, layout and paint), with the frame's start.
 */
type BenchWindow = Window & {
	afterFrame(): Promise<{ start: number; end: number }>;
	until(selector: string): Promise<void>;
	applied: Promise<Applied>;
};
function defineHelpers() {
	const w = window as unknown as BenchWindow;
	w.until = (selector) =>
		new Promise<void>((resolve) => {
			if (document.querySelector(selector)) return resolve();
			const observer = new MutationObserver(() => {
				if (!document.querySelector(selector)) return;
				observer.disconnect();
				resolve();
			});
			observer.observe(document.body, { subtree: true, childList: true, attributes: true });
		});
	w.afterFrame = () =>
		new Promise((resolve) =>
			requestAnimationFrame((start) => {
				const channel = new MessageChannel();
				channel.port1.onmessage = () => resolve({ start, end: performance.now() });
				channel.port2.postMessage(null);
			})
		);
}
const afterFrame = (page: Page) => page.evaluate(() => (window as unknown as BenchWindow).afterFrame());

async function openBoardLoad(page: Page, url: string, metrics: number): Promise<number> {
	const t0 = Date.now();
	await page.goto(url, { waitUntil: 'commit' });
	await page.waitForFunction((n) => {
		const rows = document.querySelectorAll('[data-testid="load-panel"] li[data-level]');
		const live = document.querySelector('[data-testid="live-status"][data-state="live"]');
		return (
			live && rows.length === n && [...rows].every((r) => r.querySelector('svg path')?.getAttribute('d'))
		);
	}, metrics);
	// The clicks in the page, as a user's arrive: Playwright's own checks before a click are not the page's time.
	// (No named functions in here: the bundler would wrap them in a helper the page does not have.)
	await page.evaluate(async (first) => {
		const w = window as unknown as BenchWindow;
		const chart = '[data-testid="metric-chart"]';
		document.querySelector<HTMLElement>(`[data-testid="metric-${first}"] button.summary`)!.click();
		await w.until(chart);
		document.querySelector<HTMLElement>(`${chart} button[data-range="24h"]`)!.click();
		await w.until(`${chart}[data-drawn="24h"]`);
		await w.afterFrame();
	}, metricKey(0));
	return Date.now() - t0;
}

async function openWallLoad(page: Page, url: string, metrics: number): Promise<number> {
	const t0 = Date.now();
	await page.goto(url, { waitUntil: 'commit' });
	await page.waitForFunction((n) => {
		const values = document.querySelectorAll('[data-testid="wall-metric-value"]');
		return values.length === n && [...values].every((v) => !v.textContent!.includes('–'));
	}, metrics);
	await afterFrame(page);
	return Date.now() - t0;
}

/** Pushes one reading of every metric, now, as a monitoring bridge does. */
async function pushReadings(server: RunningServer, fixture: Fixture, metrics: number, value: number) {
	const at = Date.now();
	const res = await fetch(`${server.url}/api/v1/cutovers/${fixture.slug}/metrics/samples`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${fixture.token}` },
		body: JSON.stringify({
			samples: Array.from({ length: metrics }, (_, i) => ({ metric: metricKey(i), at, value }))
		})
	});
	if (!res.ok) throw new Error(`push failed: ${res.status} ${await res.text()}`);
}

/**
 * One update, in ms from its arrival: `shown` is the end of the frame that shows it; `work` leaves out the wait
 * for that frame to begin (the page idle until the display's next frame): the store and the components applying
 * it, then the frame's own work (chart drawing, style, layout, paint).
 */
interface Applied {
	shown: number;
	work: number;
	/** The part before the frame: the socket's message decoded, the store and the components updated. */
	script: number;
}

/** The observer is in place before the push, so an update applied at once is not missed. */
async function measureApply(page: Page, push: () => Promise<void>, metricTestid: string): Promise<Applied> {
	await page.evaluate((selector) => {
		const el = document.querySelector(selector)!;
		const before = el.textContent;
		const w = window as unknown as BenchWindow;
		w.applied = new Promise((resolve) => {
			const observer = new MutationObserver(() => {
				if (el.textContent === before) return;
				observer.disconnect();
				// Runs once the components' updates (a microtask) are done.
				const applied = performance.now();
				// The arrival of the event that carried it: the latest mark (only the latest is kept).
				const arrival = performance.getEntriesByName('golive:event', 'mark').at(-1)?.startTime ?? NaN;
				void w.afterFrame().then(({ start, end }) =>
					resolve({
						shown: end - arrival,
						work: applied - arrival + (end - Math.max(start, applied)),
						script: applied - arrival
					})
				);
			});
			observer.observe(el, { subtree: true, childList: true, characterData: true });
		});
	}, `[data-testid="${metricTestid}"] [data-testid="metric-value"]`);
	await push();
	return page.evaluate(() =>
		Promise.race([
			(window as unknown as BenchWindow).applied,
			new Promise<never>((_, reject) =>
				setTimeout(() => reject(new Error('the update did not show within 10 s')), 10_000)
			)
		])
	);
}

/**
 * BENCH_TRACE=1: a Chromium trace of the updates (the renderer's style, layout, paint beside the scripts), in
 * bench-results/profiles/loadview-trace.json, for the Performance panel.
 */
/** BENCH_CPU_PROF=1: a CPU profile of the page while it applies the updates, in bench-results/profiles. */
async function profilePage(page: Page): Promise<{ stop(): Promise<void> }> {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Profiler.enable');
	await cdp.send('Profiler.start');
	return {
		async stop() {
			const { profile } = await cdp.send('Profiler.stop');
			const dir = resolve(ROOT, 'bench-results/profiles');
			mkdirSync(dir, { recursive: true });
			writeFileSync(resolve(dir, 'loadview-page.cpuprofile'), JSON.stringify(profile));
		}
	};
}

export async function runLoadView(
	server: RunningServer,
	fixture: Fixture,
	o: { metrics: number; samplesPerMetric: number; updates: number }
): Promise<LoadViewResult> {
	const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
	try {
		const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
		await context.addInitScript(defineHelpers);
		const page = await context.newPage();
		await signIn(page, server.url, fixture.password);
		const wallMs: number[] = [];
		for (let i = 0; i < 3; i++)
			wallMs.push(await openWallLoad(page, `${server.url}/c/${fixture.slug}/wall?panels=load`, o.metrics));
		const boardMs: number[] = [];
		for (let i = 0; i < 3; i++)
			boardMs.push(await openBoardLoad(page, `${server.url}/c/${fixture.slug}`, o.metrics));
		await page.locator('[data-testid="live-status"][data-state="live"]').waitFor();

		const profile = process.env.BENCH_CPU_PROF ? await profilePage(page) : null;
		const trace = resolve(ROOT, 'bench-results/profiles/loadview-trace.json');
		if (process.env.BENCH_TRACE) {
			mkdirSync(resolve(ROOT, 'bench-results/profiles'), { recursive: true });
			await browser.startTracing(page, { path: trace, categories: ['devtools.timeline', 'blink', 'v8'] });
		}
		const applied: Applied[] = [];
		for (let i = 0; i < o.updates; i++)
			applied.push(
				await measureApply(
					page,
					// A new value each time (under the lines), so the figure changes.
					() => pushReadings(server, fixture, o.metrics, 500 + (i % 250)),
					`metric-${metricKey(0)}`
				)
			);
		await profile?.stop();
		if (process.env.BENCH_TRACE) await browser.stopTracing();
		return {
			metrics: o.metrics,
			samplesPerMetric: o.samplesPerMetric,
			boardMs,
			wallMs,
			applyMs: summarize(applied.map((a) => a.work)),
			shownMs: summarize(applied.map((a) => a.shown)),
			scriptMs: summarize(applied.map((a) => a.script)),
			updates: o.updates
		};
	} finally {
		await browser.close();
	}
}
