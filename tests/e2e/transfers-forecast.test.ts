import { devices, expect, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { ADMIN, login, openBoard } from './helpers';
import { createToken, createUser } from './transfers-helpers';

const OPERATOR = { username: 'otto', displayName: 'Otto Operator', password: 'e2e-operator-password-1' };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Reports reach the boards in coalesced batches (~0.5 s); the forecast follows ~1 s after a change. */
const LIVE_UPDATE = { timeout: 5_000 };
const { defaultBrowserType: _, ...PHONE } = devices['iPhone SE'];

/**
 * A cutover whose window opened an hour ago and ends in three: the customers are exported (done), then
 * transferred (1,000,000 records planned for 60 minutes), then validated.
 */
async function createTransferCutover(request: APIRequestContext, slug: string): Promise<void> {
	const now = Date.now();
	const ok = async (pending: Promise<APIResponse>) => {
		const response = await pending;
		expect(response.ok(), `${response.url()}: ${await response.text()}`).toBe(true);
	};
	await ok(
		request.post('/api/v1/cutovers', {
			data: {
				slug,
				name: 'E2E transfer cutover',
				timezone: 'Europe/Helsinki',
				windowStart: new Date(now - HOUR).toISOString(),
				windowEnd: new Date(now + 3 * HOUR).toISOString()
			}
		})
	);
	await ok(
		request.put(`/api/v1/cutovers/${slug}/runbook`, {
			data: {
				phases: ['Export', 'Validate'],
				tasks: [
					{ key: 'T-01', title: 'Export customers', phase: 'Export', owner: 'dba', durationMinutes: 20 }
				]
			}
		})
	);
	await ok(
		request.post(`/api/v1/cutovers/${slug}/transfers`, {
			data: {
				key: 'customers',
				name: 'Customer records',
				unit: 'records',
				total: 1_000_000,
				plannedMinutes: 60,
				dependsOn: ['T-01']
			}
		})
	);
	await ok(
		request.post(`/api/v1/cutovers/${slug}/tasks`, {
			data: {
				key: 'T-02',
				title: 'Validate customer data',
				phase: 'Validate',
				owner: 'app',
				durationMinutes: 30,
				dependsOn: ['T-01'],
				dependsOnTransfers: ['customers']
			}
		})
	);
	for (const to of ['in_progress', 'done'])
		await ok(request.post(`/api/v1/cutovers/${slug}/tasks/T-01/transition`, { data: { to } }));
}

test('a slow transfer reported by a script turns the board to "window at risk" without a reload', async ({
	browser,
	playwright,
	baseURL
}) => {
	const slug = `e2e-transfers-${Date.now().toString(36)}`;
	const adminContext = await browser.newContext();
	const admin = await adminContext.newPage();
	await login(admin, ADMIN.username, ADMIN.password);
	await createUser(admin, { ...OPERATOR, role: 'operator' });
	await createTransferCutover(admin.request, slug);
	// Migration scripts report with a task owner's token, limited to their cutover.
	const secret = await createToken(admin, {
		name: 'customer migration',
		role: 'task_owner',
		cutoverSlug: slug
	});
	await adminContext.close();
	const script = await playwright.request.newContext({
		baseURL,
		extraHTTPHeaders: { authorization: `Bearer ${secret}` }
	});

	const context = await browser.newContext();
	const phoneContext = await browser.newContext({ ...PHONE, viewport: { width: 375, height: 667 } });
	const page = await context.newPage();
	try {
		await login(page, OPERATOR.username, OPERATOR.password);
		await openBoard(page, `/c/${slug}`);
		// A reload would drop this mark: its presence at the end proves everything came over the socket.
		await page.evaluate(() => Object.assign(window, { boardNotReloaded: true }));

		const panel = page.getByTestId('forecast-panel');
		const row = page.getByTestId('transfer-customers');
		const bar = row.getByRole('progressbar');
		await expect(row).toHaveAttribute('data-finished', 'false');
		await expect(bar).toHaveAttribute('aria-valuenow', '0');
		// As planned, the transfer (60 min) and the validation (30 min) fit in the 3 h left.
		await expect(panel).toHaveAttribute('data-at-risk', 'false', LIVE_UPDATE);
		await expect(page.getByTestId('forecast-ok')).toBeVisible();

		// The script reports 10,000 records every 5 minutes of the last 20: 120,000 an hour, ~8 h to go.
		const now = Date.now();
		for (let step = 1; step <= 5; step++) {
			const response = await script.post(`/api/v1/cutovers/${slug}/transfers/customers/progress`, {
				data: { done: step * 10_000, at: new Date(now - (26 - 5 * step) * MINUTE).toISOString() }
			});
			expect(response.status(), await response.text()).toBe(200);
		}

		await expect(bar).toHaveAttribute('aria-valuenow', '50000', LIVE_UPDATE);
		await expect(row).toContainText('50,000 / 1,000,000 records');
		await expect(row).toContainText('5 %');
		await expect(row.getByTestId('transfer-rate')).toHaveText('120,000 records/h');
		await expect(row).toHaveAttribute('data-stalled', 'false');
		const eta = row.getByTestId('transfer-eta').locator('time');
		await expect(eta).toBeVisible();
		// 950,000 records left at 120,000 an hour after the last report a minute ago.
		const etaAt = Date.parse((await eta.getAttribute('datetime'))!);
		expect(etaAt - now).toBeGreaterThan(7.5 * HOUR);
		expect(etaAt - now).toBeLessThan(8.5 * HOUR);

		await expect(panel).toHaveAttribute('data-at-risk', 'true', LIVE_UPDATE);
		const risk = page.getByTestId('window-at-risk');
		await expect(risk).toBeVisible();
		await expect(page.getByTestId('forecast-ok')).toHaveCount(0);
		expect(Number(await panel.getAttribute('data-probability'))).toBeLessThan(0.8);
		await expect(risk.getByTestId('forecast-driver-customers')).toHaveAttribute('data-kind', 'transfer');
		await expect(risk.getByTestId('propose-extension')).toHaveAttribute(
			'href',
			new RegExp(`^/c/${slug}/decisions/new\\?evidence=forecast&seq=\\d+$`)
		);

		// By hand, a value below the reported one is refused (409) with the way out, and changes nothing.
		await row.locator('summary').click();
		const form = row.getByTestId('transfer-report');
		await form.locator('input[name="done"]').fill('20000');
		const answered = page.waitForResponse(
			(r) => r.request().method() === 'POST' && r.url().endsWith(`/c/${slug}?/progress`)
		);
		await form.locator('button[type="submit"]').click();
		expect(await (await answered).json()).toMatchObject({ type: 'failure', status: 409 });
		await expect(row.getByTestId('form-error')).toContainText('Restarted from zero');
		await expect(bar).toHaveAttribute('aria-valuenow', '50000');
		await expect(row).toContainText('50,000 / 1,000,000 records');
		const stored = await script.get(`/api/v1/cutovers/${slug}/transfers/customers`);
		expect((await stored.json()).done).toBe(50_000);

		expect(await page.evaluate(() => 'boardNotReloaded' in window)).toBe(true);

		// "Propose an extension" opens the decision flow with the forecast attached as its evidence.
		await risk.getByTestId('propose-extension').click();
		await expect(page.getByTestId('decision-new-form')).toBeVisible();
		await expect(page.getByTestId('evidence-forecast')).toBeVisible();

		// On a phone the forecast and the transfer fit the screen: no sideways scrolling.
		const small = await phoneContext.newPage();
		await login(small, OPERATOR.username, OPERATOR.password);
		await openBoard(small, `/c/${slug}`);
		await expect(small.getByTestId('window-at-risk')).toBeVisible();
		await expect(small.getByTestId('transfer-customers')).toBeVisible();
		expect(await small.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375 + 1);
	} finally {
		await Promise.all([context.close(), phoneContext.close(), script.dispose()]);
	}
});
