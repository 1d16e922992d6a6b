/**
 * The staged opening as the room works it: the board shows the stage open now and the next stage's gate with
 * each condition's figure; a script pushes a spike and, without a reload, the open board and the wall turn
 * critical and the next gate turns red; opening the stage then needs an override with its reason, which the
 * room's acts keep. The steering view shows the same opening, read-only.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { ADMIN, createOpenCutover, login, openBoard, violationsOf } from './helpers';

const SLUG = 'e2e-opening';
/** The gate watcher evaluates every 5 s; readings reach boards coalesced within a second. */
const LIVE_UPDATE = { timeout: 15_000 };

/** p95 samples of `value` at each of the given seconds before now. */
async function push(request: APIRequestContext, value: number, secondsAgo: number[]): Promise<void> {
	const now = Date.now();
	const response = await request.post(`/api/v1/cutovers/${SLUG}/metrics/samples`, {
		data: { samples: secondsAgo.map((s) => ({ metric: 'p95', at: now - s * 1000, value })) }
	});
	expect(response.ok(), await response.text()).toBe(true);
}

const seconds = (from: number, to: number, step = 5) =>
	Array.from({ length: Math.floor((from - to) / step) + 1 }, (_, i) => from - i * step);

test('a spike turns the board, the wall and the next gate red live; opening anyway needs an override and its reason', async ({
	browser
}) => {
	const [boardContext, wallContext] = [
		await browser.newContext(),
		await browser.newContext({ viewport: { width: 1920, height: 1080 } })
	];
	const [board, wall] = [await boardContext.newPage(), await wallContext.newPage()];
	try {
		await login(board, ADMIN.username, ADMIN.password);
		await login(wall, ADMIN.username, ADMIN.password);
		await createOpenCutover(board, { slug: SLUG, name: 'E2E opening cutover', hours: 4 });
		const metric = await board.request.post(`/api/v1/cutovers/${SLUG}/metrics`, {
			data: {
				key: 'p95',
				name: 'Response time (p95)',
				unit: 'ms',
				kind: 'quantile',
				warning: 800,
				critical: 2000,
				sustainSeconds: 5
			}
		});
		expect(metric.status(), await metric.text()).toBe(201);
		const plan = await board.request.put(`/api/v1/cutovers/${SLUG}/opening/plan`, {
			data: {
				stages: [
					{ key: 'internal', name: 'Internal users' },
					{
						key: 'tenth',
						name: '10 % of the public',
						share: 10,
						conditions: [{ metric: 'p95', stat: 'max', windowMinutes: 2, op: '<', threshold: 800 }]
					}
				],
				parts: [{ key: 'market', name: 'Expert <i>marketplace</i>' }]
			}
		});
		expect(plan.status(), await plan.text()).toBe(200);
		// Healthy readings up to 20 s ago: fresh for the gate (a minute), and the spike's come after them.
		await push(board.request, 300, seconds(150, 20));

		await openBoard(board, `/c/${SLUG}`);
		const panel = board.getByTestId('opening-panel');
		await expect(panel.getByTestId('opening-stage')).toHaveAttribute('data-reached', '0');
		const advance = panel.getByTestId('opening-advance');
		await advance.getByLabel('Note').fill('Internal users in');
		await advance.getByRole('button', { name: 'Open stage Internal users' }).click();
		await expect(panel.getByTestId('opening-stage')).toHaveAttribute('data-reached', '1', LIVE_UPDATE);
		await expect(panel.getByTestId('opening-stage')).toContainText('Stage 1 of 2');

		// The next gate, healthy: its condition's figure now, met.
		const gate = panel.getByTestId('opening-gate');
		await expect(gate).toHaveAttribute('data-passed', 'true', LIVE_UPDATE);
		const condition = gate.getByTestId('gate-condition');
		await expect(condition).toHaveAttribute('data-state', 'met');
		await expect(condition).toContainText('now 300 ms');
		await expect(condition).toContainText('Met');

		await wall.goto(`/c/${SLUG}/wall?panels=running,load`);
		await expect(wall.getByTestId('live-status')).toHaveAttribute('data-state', 'live');
		const wallRow = wall.getByTestId('wall-metric-p95');
		await expect(wallRow).toHaveAttribute('data-level', 'ok');

		// A script pushes the spike: past the critical line for longer than its sustain time.
		await push(board.request, 2600, seconds(15, 0));
		const row = board.getByTestId('metric-p95');
		await expect(row).toHaveAttribute('data-level', 'critical', LIVE_UPDATE);
		await expect(wallRow).toHaveAttribute('data-level', 'critical', LIVE_UPDATE);
		await expect(gate).toHaveAttribute('data-passed', 'false', LIVE_UPDATE);
		await expect(condition).toHaveAttribute('data-state', 'unmet');
		await expect(condition).toContainText('now 2,600 ms');
		await expect(condition).toContainText('Not met');
		await expect(gate.getByTestId('gate-verdict')).toContainText('Gate not passed');

		// Opening the stage now is refused without an override...
		const next = panel.getByTestId('opening-advance');
		await next.getByLabel('Note').fill('Ten percent');
		await next.getByRole('button', { name: 'Open stage 10 % of the public' }).click();
		await expect(next.getByTestId('form-error')).toContainText('has not passed');
		await expect(panel.getByTestId('opening-stage')).toHaveAttribute('data-reached', '1');
		// ...and an override needs its reason.
		await next.getByTestId('opening-override').check();
		const reason = next.getByLabel('Reason for the override');
		await expect(reason).toHaveAttribute('required', '');
		await next.getByLabel('Note').fill('Ten percent');
		await next.getByRole('button', { name: 'Open stage 10 % of the public' }).click();
		expect(await reason.evaluate((el) => (el as HTMLTextAreaElement).validity.valueMissing)).toBe(true);
		await reason.fill('Spike is the cache warming up; the service team watches it');
		await next.getByRole('button', { name: 'Open stage 10 % of the public' }).click();
		await expect(panel.getByTestId('opening-stage')).toHaveAttribute('data-reached', '2', LIVE_UPDATE);
		await panel.getByText('The room’s acts').click();
		const acts = panel.getByTestId('opening-acts');
		await expect(acts).toContainText('opened stage 10 % of the public: Ten percent');
		await expect(acts).toContainText('overrode the gate: Spike is the cache warming up');

		// Restricting a part: its name is shown as text.
		const restrict = panel.getByTestId('opening-restrict');
		await restrict.getByLabel('Note').fill('Restricted for the day');
		await restrict.getByRole('button', { name: 'Restrict' }).click();
		await expect(panel.getByTestId('opening-restrictions')).toContainText(
			'Expert <i>marketplace</i>',
			LIVE_UPDATE
		);
		expect(await violationsOf(board)).toEqual([]);

		// The steering view follows the same opening, without the acts.
		await openBoard(board, `/c/${SLUG}/steering`);
		const steering = board.getByTestId('opening-panel');
		await expect(steering.getByTestId('opening-stage')).toHaveAttribute('data-reached', '2');
		await expect(steering.getByTestId('opening-acts')).toContainText('overrode the gate');
		await expect(steering.getByTestId('opening-advance')).toHaveCount(0);
		await expect(steering.getByTestId('opening-steer')).toHaveCount(0);
	} finally {
		await Promise.all([boardContext.close(), wallContext.close()]);
	}
});
