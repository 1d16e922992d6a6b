/**
 * What the room sees of a cutover's load: the board's load panel and the wall's load panel turn critical live
 * when pushed samples stay past the critical line for its sustain time, a banner names the metric, and all of it
 * clears when the samples come back under the line. Sample times lie in the past, so nothing waits for a clock.
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { ADMIN, createOpenCutover, login, openBoard, violationsOf } from './helpers';

const SLUG = 'e2e-load';
const WALL = { width: 1920, height: 1080 };
/** Pushes reach the boards coalesced, at most one update a second. */
const LIVE_UPDATE = { timeout: 5_000 };
const CRITICAL_COLOR = 'rgb(255, 92, 122)';
const OK_COLOR = 'rgb(61, 220, 132)';

/** Samples of the metric `api-load`, `value` at each of the given seconds before now. */
async function push(request: APIRequestContext, value: number, secondsAgo: number[]): Promise<void> {
	const now = Date.now();
	const response = await request.post(`/api/v1/cutovers/${SLUG}/metrics/samples`, {
		data: { samples: secondsAgo.map((s) => ({ metric: 'api-load', at: now - s * 1000, value })) }
	});
	expect(response.ok(), await response.text()).toBe(true);
}

const seconds = (from: number, to: number, step = 5) =>
	Array.from({ length: Math.floor((from - to) / step) + 1 }, (_, i) => from - i * step);

async function colorOf(page: Page, testId: string): Promise<string> {
	return page
		.getByTestId(testId)
		.first()
		.evaluate((el) => getComputedStyle(el).color);
}

test('the board and the wall turn critical live when a metric stays past its line, and clear after', async ({
	browser
}) => {
	const [boardContext, wallContext] = [
		await browser.newContext(),
		await browser.newContext({ viewport: WALL })
	];
	const [board, wall] = [await boardContext.newPage(), await wallContext.newPage()];
	try {
		await login(board, ADMIN.username, ADMIN.password);
		await login(wall, ADMIN.username, ADMIN.password);
		await createOpenCutover(board, { slug: SLUG, name: 'E2E load cutover', hours: 4 });
		const created = await board.request.post(`/api/v1/cutovers/${SLUG}/metrics`, {
			data: {
				key: 'api-load',
				// User text is shown as text, never as markup.
				name: 'API <b>requests</b>',
				unit: 'req/s',
				warning: 80,
				critical: 100,
				sustainSeconds: 20
			}
		});
		expect(created.status(), await created.text()).toBe(201);
		await push(board.request, 40, seconds(150, 130));

		await openBoard(board, `/c/${SLUG}`);
		const row = board.getByTestId('metric-api-load');
		await expect(row).toContainText('API <b>requests</b>');
		await expect(row.getByTestId('metric-value')).toContainText('40');
		await expect(row.getByTestId('metric-level')).toContainText('OK');
		await expect(board.getByTestId('load-banner')).toHaveCount(0);

		// The wall with its load panel beside the running tasks.
		await wall.goto(`/c/${SLUG}/wall?panels=running,load`);
		await expect(wall.getByTestId('live-status')).toHaveAttribute('data-state', 'live');
		const wallRow = wall.getByTestId('wall-metric-api-load');
		await expect(wallRow).toHaveAttribute('data-level', 'ok');
		expect(await colorOf(wall, 'wall-metric-level')).toBe(OK_COLOR);

		// 125 s past the critical line (for its 20 s), then nothing newer: critical.
		await push(board.request, 140, seconds(125, 70));
		await expect(row).toHaveAttribute('data-level', 'critical', LIVE_UPDATE);
		await expect(row.getByTestId('metric-level')).toContainText('Critical');
		await expect(row.getByTestId('metric-value')).toContainText('140');
		expect(await colorOf(board, 'metric-level')).toBe(CRITICAL_COLOR);
		const banner = board.getByTestId('load-banner');
		await expect(banner).toHaveAttribute('data-level', 'critical');
		await expect(banner).toHaveAttribute('role', 'alert');
		await expect(banner).toContainText('API <b>requests</b>');

		await expect(wallRow).toHaveAttribute('data-level', 'critical', LIVE_UPDATE);
		await expect(wallRow.getByTestId('wall-metric-level')).toContainText('Critical');
		expect(await colorOf(wall, 'wall-metric-level')).toBe(CRITICAL_COLOR);
		await expect(wall.getByTestId('load-banner')).toContainText('Critical load');
		// Wall size: the figure from across the room, rows readable.
		const figure = await wallRow
			.getByTestId('wall-metric-value')
			.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
		expect(figure).toBeGreaterThanOrEqual(48);
		expect((await wallRow.boundingBox())!.height).toBeGreaterThanOrEqual(24);

		// The board with the panel, the banner and an open chart passes axe.
		await row.getByRole('button').click();
		const chart = board.getByTestId('metric-chart');
		await expect(chart.getByRole('img')).toBeVisible();
		await expect(chart.getByRole('status')).toHaveCount(0);
		await chart.getByRole('button', { name: '15 min' }).click();
		await expect(chart.getByRole('button', { name: '15 min' })).toHaveAttribute('aria-pressed', 'true');
		await expect(chart.getByRole('status')).toHaveCount(0);
		expect(await violationsOf(board)).toEqual([]);

		// Back under the line, by more than the margin, for longer than the sustain time: cleared.
		await push(board.request, 30, seconds(60, 0));
		await expect(row).toHaveAttribute('data-level', 'ok', LIVE_UPDATE);
		await expect(row.getByTestId('metric-level')).toContainText('OK');
		await expect(board.getByTestId('load-banner')).toHaveCount(0);
		await expect(wallRow).toHaveAttribute('data-level', 'ok', LIVE_UPDATE);
		await expect(wall.getByTestId('load-banner')).toHaveCount(0);
	} finally {
		await Promise.all([boardContext.close(), wallContext.close()]);
	}
});
