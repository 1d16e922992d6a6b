/**
 * A board whose server goes away: within 5 s it dims as a whole, says since when it has not been live and stops
 * giving a verdict on the window; when the server is back it catches up by itself and says it is live again.
 */
import type { Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, freePort, launchChromium, openLiveBoard } from './harness';

const ADMIN = { username: 'root', password: 'correct horse battery' };

describe('a board without its server', () => {
	const server = new TestServer('golive-stale-');
	let browser: Browser;
	let token: string;
	let port: number;

	beforeAll(async () => {
		await server.addUser({ username: ADMIN.username, password: ADMIN.password }, 'admin');
		token = await server.tokenFor('stale', 'admin');
		port = await freePort();
		await server.start(port);
		const created = await server.call('POST', '/api/v1/cutovers', token, {
			slug: 'unplugged',
			name: 'Loses its server',
			timezone: 'Europe/Helsinki',
			windowStart: new Date(Date.now() - 3_600_000).toISOString(),
			windowEnd: new Date(Date.now() + 8 * 3_600_000).toISOString()
		});
		expect(created.status, created.text).toBe(201);
		browser = await launchChromium();
	}, 240_000);

	afterAll(async () => {
		await browser?.close();
		await server.stop();
	}, 60_000);

	it('dims within 5 s with the time it went stale, gives no verdict, and says when it is live again', async () => {
		const page = await openLiveBoard(browser, server, ADMIN, 'unplugged');
		const scope = page.getByTestId('live-scope');
		expect(await scope.getAttribute('data-stale')).toBe('false');
		const NO_VERDICT = 'Forecast from before the connection dropped: not live, so no verdict.';
		expect((await page.getByTestId('projected-verdict').textContent())?.trim()).not.toBe(NO_VERDICT);

		server.process.kill('SIGKILL');
		const stoppedAt = Date.now();
		await page.locator('[data-testid="live-scope"][data-stale="true"]').waitFor({ timeout: 5_000 });
		expect(Date.now() - stoppedAt).toBeLessThan(5_000);
		await expect.poll(() => page.getByTestId('stale-banner').isVisible()).toBe(true);
		// The banner names the moment it stopped being live, in the cutover's time (hh:mm:ss).
		expect(await page.getByTestId('stale-banner').textContent()).toMatch(/\d{1,2}[:.]\d{2}[:.]\d{2}/);
		// The whole board is dimmed, and the window's verdict is withheld.
		const opacity = await page
			.locator('[data-testid="live-scope"] > .content')
			.evaluate((el) => Number(getComputedStyle(el).opacity));
		expect(opacity).toBeLessThan(1);
		expect((await page.getByTestId('projected-verdict').textContent())?.trim()).toBe(NO_VERDICT);

		await server.start(port);
		await page.locator('[data-testid="live-scope"][data-stale="false"]').waitFor({ timeout: 20_000 });
		await page.getByTestId('live-again').waitFor({ timeout: 5_000 });
		expect(await page.getByTestId('stale-banner').count()).toBe(0);
		expect((await page.getByTestId('projected-verdict').textContent())?.trim()).not.toBe(NO_VERDICT);
	}, 90_000);
});
