/**
 * Operators point golive at the launched service's own metrics page on the runbook page: they add a scrape
 * source, read a metric from it, pull it now and see the reading on the board; when the service stops answering,
 * the source turns down with its reason and the board says the reading is stale.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { ADMIN, createOpenCutover, gotoHydrated, login, openBoard, violationsOf } from './helpers';

const SLUG = `e2e-sources-${Date.now().toString(36)}`;

/** A real exporter: a page in the Prometheus text format on a port of its own. */
function startExporter(): Promise<Server> {
	const server = createServer((_request, response) => {
		response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
		response.end(
			'# HELP queue_depth Jobs waiting.\n# TYPE queue_depth gauge\nqueue_depth{queue="claims"} 42\n'
		);
	});
	return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function submit(page: Page, action: string, button: Locator) {
	const answered = page.waitForResponse(
		(r) => r.request().method() === 'POST' && r.url().includes(`?/${action}`)
	);
	await button.click();
	return (await answered).json();
}

test('an operator adds a scrape source, reads a metric from it, and sees it go down when the service stops', async ({
	page
}) => {
	const exporter = await startExporter();
	const url = `http://127.0.0.1:${(exporter.address() as AddressInfo).port}/metrics`;
	try {
		await login(page, ADMIN.username, ADMIN.password);
		await createOpenCutover(page, { slug: SLUG, name: 'E2E sources cutover', hours: 4 });
		await gotoHydrated(page, `/c/${SLUG}/runbook`);

		const add = page.getByTestId('source-create');
		await add.locator('input[name="key"]').fill('svc');
		await add.getByLabel('Scrape').check();
		await add.locator('input[name="url"]').fill(url);
		await add.locator('input[name="intervalSeconds"]').fill('60');
		expect(await submit(page, 'createSource', add.getByRole('button', { name: 'Add source' }))).toMatchObject(
			{ type: 'success' }
		);
		const sources = page.getByTestId('runbook-sources');
		await expect(sources.getByRole('status')).toHaveText('Source svc added.');

		// A metric read from it: its source chosen, a series selector.
		const metric = page.getByTestId('metric-create');
		await metric.locator('input[name="key"]').fill('queue');
		await metric.locator('input[name="name"]').fill('Claims queue');
		await metric.getByLabel('Source').selectOption('svc');
		await metric.locator('input[name="selector"]').fill('queue_depth{queue="claims"}');
		expect(
			await submit(page, 'createMetric', metric.getByRole('button', { name: 'Add metric' }))
		).toMatchObject({ type: 'success' });

		await page.getByRole('button', { name: 'Pull now svc' }).click();
		await expect(sources.getByRole('status')).toHaveText('Source svc pulled: Up.');
		await expect(page.getByTestId('runbook-source-svc')).toHaveAttribute('data-state', 'up');
		expect(await violationsOf(page)).toEqual([]);

		await openBoard(page, `/c/${SLUG}`);
		const row = page.getByTestId('metric-queue');
		await expect(row.getByTestId('metric-value')).toContainText('42', { timeout: 10_000 });
		await expect(row.getByTestId('metric-source-down')).toHaveCount(0);

		// The service stops answering: the next pull finds the source down, and the board says so without a reload.
		await new Promise((resolve) => exporter.close(resolve));
		const pulled = await page.request.post(`/api/v1/cutovers/${SLUG}/metric-sources/svc/pull`, {
			headers: { origin: new URL(page.url()).origin }
		});
		expect(pulled.ok(), await pulled.text()).toBe(true);
		expect(await pulled.json()).toMatchObject({ state: 'down' });
		await expect(row.getByTestId('metric-source-down')).toContainText('Source svc down', { timeout: 10_000 });

		await gotoHydrated(page, `/c/${SLUG}/runbook`);
		const source = page.getByTestId('runbook-source-svc');
		await expect(source).toHaveAttribute('data-state', 'down');
		await expect(source.getByTestId('source-state')).toContainText('Down');
	} finally {
		exporter.close();
	}
});
