/**
 * Board page: headless Chromium opens the board of a big cutover, as the budget states it: with a second board
 * open in another tab and `others` socket clients joined to the same cutover. Measures navigation to a usable
 * board (rows drawn and the live indicator on), and how long an incoming event takes to show in its row after it
 * reaches the page (the live store marks each arrival with performance.mark('golive:event')).
 */
import { chromium, type Page } from '@playwright/test';
import type { Fixture } from './fixture';
import { taskKey } from './fixture';
import { joinClients, startClients, stopClients, type RunningServer } from './servers';
import { summarize, type LatencySummary } from './stats';

export interface BoardPageResult {
	/** Tasks in the runbook. */
	tasks: number;
	/** Socket clients joined to the cutover meanwhile. */
	others: number;
	/** Whether a second board was open (and live) in another tab meanwhile. */
	secondBoard: boolean;
	/** Task rows in the page after the measurements (the board draws the rest as they are scrolled to). */
	rowsDrawn: number;
	usableMs: number[];
	eventShownMs: LatencySummary;
	samples: number;
}

export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run'
];

/** Signs the page in as the fixture's admin. */
export async function signIn(page: Page, url: string, password: string): Promise<void> {
	await page.goto(`${url}/login`);
	await page.fill('input[name="username"]', 'bench');
	await page.fill('input[name="password"]', password);
	await Promise.all([
		page.waitForURL((u) => !u.pathname.startsWith('/login')),
		page.click('[data-testid="login-submit"]')
	]);
}

export async function runBoardPage(
	server: RunningServer,
	fixture: Fixture,
	tasks: number,
	o: { others: number; samples?: number }
): Promise<BoardPageResult> {
	const samples = o.samples ?? 10;
	const others = o.others > 0 ? await startClients([server], o.others, { token: fixture.token }) : null;
	if (others) await joinClients(others);
	const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
	try {
		const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
		const page = await context.newPage();
		await signIn(page, server.url, fixture.password);

		// The second board, live in its own tab for the whole measure.
		const second = await context.newPage();
		await second.goto(`${server.url}/c/${fixture.slug}`);
		await second.locator('[data-testid="live-status"][data-state="live"]').waitFor();
		// The measured board is the tab in front (a tab behind gets no animation frames to draw in).
		await page.bringToFront();

		const usableMs: number[] = [];
		for (let i = 0; i < 3; i++) {
			const t0 = Date.now();
			await page.goto(`${server.url}/c/${fixture.slug}`, { waitUntil: 'commit' });
			await page.locator(`[data-testid="task-row-${taskKey(0)}"]`).waitFor({ state: 'visible' });
			await page.locator('[data-testid="live-status"][data-state="live"]').waitFor();
			usableMs.push(Date.now() - t0);
		}

		const shown: number[] = [];
		for (let i = 0; i < samples; i++) {
			const key = taskKey(10 + i * 7);
			const row = `[data-testid="task-row-${key}"]`;
			await page.locator(row).scrollIntoViewIfNeeded();
			// In the page: wait for the row's status to change, then for the next frame, and measure from the
			// arrival mark of the event that carried it. The observer is in place before the move is sent (under
			// load the event could otherwise be applied first, and the wait would never end).
			await page.evaluate((selector) => {
				const el = document.querySelector(selector)!;
				(window as unknown as { shown: Promise<number> }).shown = new Promise<number>((resolve) => {
					const observer = new MutationObserver(() => {
						if (el.getAttribute('data-status') !== 'in_progress') return;
						observer.disconnect();
						requestAnimationFrame(() => {
							const marks = performance.getEntriesByName('golive:event', 'mark');
							const arrival = marks.at(-1)?.startTime ?? NaN;
							resolve(performance.now() - arrival);
						});
					});
					observer.observe(el, { attributes: true, attributeFilter: ['data-status'] });
				});
			}, row);
			const res = await fetch(`${server.url}/api/v1/cutovers/${fixture.slug}/tasks/${key}/transition`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', authorization: `Bearer ${fixture.token}` },
				body: JSON.stringify({ to: 'in_progress', force: true })
			});
			if (!res.ok) throw new Error(`transition failed: ${res.status} ${await res.text()}`);
			const measured = page.evaluate(() => (window as unknown as { shown: Promise<number> }).shown);
			let timer: ReturnType<typeof setTimeout> | undefined;
			const late = new Promise<never>((_, reject) => {
				timer = setTimeout(
					() => reject(new Error(`the move of ${key} did not show on the board within 10 s`)),
					10_000
				);
			});
			try {
				shown.push(await Promise.race([measured, late]));
			} finally {
				clearTimeout(timer);
			}
		}
		return {
			tasks,
			others: o.others,
			secondBoard: true,
			rowsDrawn: await page.locator('[data-testid^="task-row-"]').count(),
			usableMs,
			eventShownMs: summarize(shown),
			samples
		};
	} finally {
		await browser.close();
		if (others) await stopClients(others);
	}
}
