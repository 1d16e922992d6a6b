/**
 * An incident opened from a breach on a phone reaches the wall live: an operator on a phone-sized screen follows
 * the breach banner's "Open an incident" to the prefilled form, opens a P1 (refused until the MIM is named or
 * said to be unknown), names the MIM and reorders the restoration; the wall, never reloaded, shows the banner,
 * the MIM and the restoration priorities as they change.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { ADMIN, createOpenCutover, login, openBoard, violationsOf } from './helpers';

const SLUG = 'e2e-incidents';
const PHONE = { width: 375, height: 740 };
const WALL = { width: 1920, height: 1080 };
/** Pushes reach the boards coalesced, at most one update a second. */
const LIVE_UPDATE = { timeout: 5_000 };

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

test('a P1 opened from a breach on a phone shows on the wall with its MIM and priorities, live', async ({
	browser
}) => {
	// Two browsers, a breach to wait for and the whole opening of a P1: longer than one page's default time.
	test.slow();
	const [phoneContext, wallContext] = [
		await browser.newContext({ viewport: PHONE }),
		await browser.newContext({ viewport: WALL })
	];
	const [phone, wall] = [await phoneContext.newPage(), await wallContext.newPage()];
	try {
		await login(phone, ADMIN.username, ADMIN.password);
		await login(wall, ADMIN.username, ADMIN.password);
		await createOpenCutover(phone, { slug: SLUG, name: 'E2E incidents cutover', hours: 4 });
		for (const service of [
			{ key: 'customer', name: 'Customer e-services' },
			{ key: 'market', name: 'Expert marketplace' }
		]) {
			const created = await phone.request.post(`/api/v1/cutovers/${SLUG}/services`, { data: service });
			expect(created.status(), await created.text()).toBe(201);
		}
		const metric = await phone.request.post(`/api/v1/cutovers/${SLUG}/metrics`, {
			data: {
				key: 'api-load',
				name: 'API load',
				unit: 'req/s',
				warning: 80,
				critical: 100,
				sustainSeconds: 20,
				services: ['customer']
			}
		});
		expect(metric.status(), await metric.text()).toBe(201);

		await wall.goto(`/c/${SLUG}/wall?panels=running,load`);
		await expect(wall.getByTestId('live-status')).toHaveAttribute('data-state', 'live');
		await expect(wall.getByTestId('incident-banner')).toHaveCount(0);
		// Marks this document: if the wall reloaded, the mark would be gone.
		await wall.evaluate(() => ((window as unknown as { unreloaded: boolean }).unreloaded = true));

		// The load goes past its critical line for longer than its sustain time: a breach.
		await openBoard(phone, `/c/${SLUG}`);
		await push(phone.request, 140, seconds(125, 70));
		const banner = phone.getByTestId('load-banner');
		await expect(banner).toHaveAttribute('data-level', 'critical', LIVE_UPDATE);
		await expect(phone.getByTestId('service-customer')).toHaveAttribute('data-status', 'operational');

		// An operator sets a service's status by hand, saying why; the board shows it in words.
		const market = phone.getByTestId('service-market');
		await market.getByText('Set status').click();
		await market.getByLabel('Status').selectOption('degraded_performance');
		await market.getByLabel('Why').fill('Slow searches since the spike');
		await market.getByRole('button', { name: 'Save' }).click();
		await expect(market).toHaveAttribute('data-status', 'degraded_performance');
		await expect(market.getByTestId('service-shown-status')).toContainText('Degraded performance');

		// Tap one: the banner's link; the form comes prefilled with the breach.
		await banner.getByTestId('open-incident-api-load').click();
		await expect(phone).toHaveURL(new RegExp(`/c/${SLUG}/incidents\\?metric=api-load`));
		const form = phone.getByTestId('incident-open-form');
		await expect(form.getByTestId('incident-from-breach')).toContainText('API load');
		await expect(form.getByLabel('Title')).toHaveValue('From the breach of API load');
		// A critical breach suggests a P2; the operator judges it a P1 (its definition beside the choice).
		await expect(form.getByRole('radio', { name: 'P2 – major' })).toBeChecked();
		await expect(form.getByText('A Major Incident Manager is named at once.')).toBeVisible();
		await form.getByRole('radio', { name: 'P1 – critical' }).check();
		await form.getByLabel('Title').fill('Opening spike crashed the platform');
		// The service the metric measures comes affected as a critical breach says: a partial outage.
		await expect(form.getByTestId('impact-customer')).toHaveValue('partial_outage');
		await expect(form.getByTestId('impact-market')).toHaveValue('');
		await form.getByTestId('impact-customer').selectOption('major_outage');
		await form.getByTestId('impact-market').selectOption('partial_outage');

		// Neither a MIM nor "not known yet": refused, said under the MIM's field, nothing opened.
		await form.getByTestId('incident-open-submit').click();
		await expect(form.getByTestId('form-error')).toBeVisible();
		await expect(form.locator('.field-error')).toContainText('Major Incident Manager');
		await expect(wall.getByTestId('incident-banner')).toHaveCount(0);

		await form.getByLabel('MIM not known yet').check();
		await form.getByTestId('incident-open-submit').click();
		await expect(phone).toHaveURL(new RegExp(`/c/${SLUG}/incidents/INC-1$`));
		const detail = phone.getByTestId('incident-page');
		await expect(detail.getByTestId('detail-no-mim')).toContainText('No MIM');
		await expect(detail.getByTestId('incident-timeline').locator('[data-kind="breach"]')).toContainText(
			'api-load'
		);

		// The wall shows it without a reload: severity, "no MIM" in words, the restoration order.
		const onWall = wall.getByTestId('incident-INC-1');
		await expect(onWall).toBeVisible(LIVE_UPDATE);
		await expect(onWall.getByTestId('incident-severity')).toHaveText('P1');
		await expect(onWall).toContainText('Opening spike crashed the platform');
		await expect(onWall.getByTestId('incident-no-mim')).toContainText('No MIM');
		await expect(onWall.getByTestId('incident-priorities').locator('li')).toHaveText([
			'Customer e-services',
			'Expert marketplace'
		]);

		// The phone names the MIM; the wall follows.
		const roles = detail.getByTestId('incident-roles-form');
		await roles.getByTestId('roles-mim').selectOption(ADMIN.username);
		await roles.getByTestId('roles-submit').click();
		await expect(detail.getByTestId('detail-mim')).toHaveText(ADMIN.username);
		await expect(onWall.getByTestId('incident-mim')).toContainText(ADMIN.username, LIVE_UPDATE);
		await expect(onWall.getByTestId('incident-no-mim')).toHaveCount(0);

		// The marketplace first now: the wall's priorities follow.
		await detail.getByTestId('priority-up-market').click();
		await expect(detail.getByTestId('detail-priorities').locator('li')).toHaveText([
			/Expert marketplace/,
			/Customer e-services/
		]);
		await expect(onWall.getByTestId('incident-priorities').locator('li')).toHaveText(
			['Expert marketplace', 'Customer e-services'],
			LIVE_UPDATE
		);
		expect(await wall.evaluate(() => (window as unknown as { unreloaded?: boolean }).unreloaded)).toBe(true);

		// On the board, the services show the incident's impacts (worse than the status set by hand).
		await phone.goto(`/c/${SLUG}`);
		await expect(phone.getByTestId('service-market')).toHaveAttribute('data-status', 'partial_outage');
		await expect(phone.getByTestId('service-customer')).toHaveAttribute('data-status', 'major_outage');
		await expect(phone.getByTestId('incident-INC-1')).toContainText(ADMIN.username);
		await phone.goto(`/c/${SLUG}/incidents/INC-1`);

		// The phone's view of the incident passes axe, and nothing is wider than the phone.
		expect(await violationsOf(phone)).toEqual([]);
		expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
	} finally {
		await Promise.all([phoneContext.close(), wallContext.close()]);
	}
});
