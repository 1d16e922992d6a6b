/**
 * Operators define a cutover's metrics on the runbook page: add one with its lines, see it on the board's load
 * panel, change a line, be told under the field when a line is wrong (with and without JavaScript), reorder and
 * remove one. A viewer sees the load panel but no way to edit it.
 */
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { ADMIN, createOpenCutover, gotoHydrated, login, openBoard, violationsOf } from './helpers';
import { createUser } from './transfers-helpers';

const SLUG = `e2e-metrics-${Date.now().toString(36)}`;
const OPERATOR = { username: 'mira', displayName: 'Mira Metrics', password: 'e2e-operator-password-3' };
const VIEWER = { username: 'vera', displayName: 'Vera Viewer', password: 'e2e-viewer-password-3' };
const CRITICAL_ABOVE = 'must be above the warning level (the metric breaches upwards)';

/** Submits a form and waits for the action's answer (enhanced forms answer with JSON). */
async function submit(
	page: Page,
	form: Locator,
	action: string,
	button = form.locator('button[type="submit"]')
) {
	const answered = page.waitForResponse(
		(r) => r.request().method() === 'POST' && r.url().includes(`?/${action}`)
	);
	await button.click();
	return (await answered).json();
}

async function signedIn(
	browser: Browser,
	user: { username: string; password: string },
	javaScriptEnabled = true
) {
	const context = await browser.newContext({ javaScriptEnabled });
	const page = await context.newPage();
	await login(page, user.username, user.password);
	return page;
}

const metricOf = async (page: Page, key: string) =>
	(await (await page.request.get(`/api/v1/cutovers/${SLUG}/metrics`)).json()).items.find(
		(m: { key: string }) => m.key === key
	);

test.beforeAll(async ({ browser }) => {
	const admin = await signedIn(browser, ADMIN);
	await createUser(admin, { ...OPERATOR, role: 'operator' });
	await createUser(admin, { ...VIEWER, role: 'viewer' });
	await createOpenCutover(admin, { slug: SLUG, name: 'E2E metrics', hours: 4 });
	await admin.context().close();
});

test('an operator adds a metric with lines, sees it on the load panel, and edits its critical line', async ({
	browser
}) => {
	const page = await signedIn(browser, OPERATOR);
	try {
		await gotoHydrated(page, `/c/${SLUG}/runbook`);
		const section = page.getByTestId('runbook-metrics');
		await expect(section.getByRole('heading', { level: 2 })).toHaveText('Metrics and capacity lines (0)');

		const create = page.getByTestId('metric-create');
		await create.locator('input[name="key"]').fill('api-p95');
		// User text is shown as text, never as markup.
		await create.locator('input[name="name"]').fill('API <i>p95</i>');
		await create.locator('input[name="unit"]').fill('ms');
		await create.getByLabel('Quantile').check();
		await create.locator('input[name="warning"]').fill('800');
		await create.locator('input[name="critical"]').fill('2000');
		await create.locator('input[name="sustainSeconds"]').fill('30');
		expect(await submit(page, create, 'createMetric')).toMatchObject({ type: 'success' });
		await expect(section.getByRole('status')).toHaveText('Metric api-p95 added.');
		const row = page.getByTestId('runbook-metric-api-p95');
		await expect(row).toContainText('API <i>p95</i>');
		await expect(row).toContainText('Quantile');
		await expect(row.getByTestId('metric-lines')).toContainText('warning 800');
		await expect(row.getByTestId('metric-lines')).toContainText('Above the lines');
		expect(await metricOf(page, 'api-p95')).toMatchObject({
			kind: 'quantile',
			direction: 'above',
			warning: 800,
			critical: 2000,
			sustainSeconds: 30,
			clearMargin: 0,
			version: 1
		});

		// On the board's load panel, with the way back to the definitions.
		await openBoard(page, `/c/${SLUG}`);
		const panel = page.getByTestId('load-panel');
		await expect(panel.getByTestId('metric-api-p95')).toContainText('API <i>p95</i>');
		await panel.getByRole('link', { name: 'Edit metrics' }).click();
		await expect(page).toHaveURL(new RegExp(`/c/${SLUG}/runbook#metrics$`));

		// A critical line below the warning is said under the critical field; nothing changes and the input stays.
		await page.waitForLoadState('networkidle');
		await row.getByRole('link', { name: 'Edit api-p95' }).click();
		const edit = page.getByTestId('metric-edit-api-p95');
		await expect(edit.locator('input[name="critical"]')).toHaveValue('2000');
		await edit.locator('input[name="critical"]').fill('500');
		expect(await submit(page, edit, 'updateMetric')).toMatchObject({ type: 'failure', status: 400 });
		const critical = edit.getByLabel('Critical line');
		await expect(critical).toHaveAttribute('aria-invalid', 'true');
		await expect(edit.locator('.field-error')).toHaveText(CRITICAL_ABOVE);
		await expect(critical).toHaveValue('500');
		expect(await metricOf(page, 'api-p95')).toMatchObject({ critical: 2000, version: 1 });
		expect(await violationsOf(page)).toEqual([]);

		// Corrected, it is saved and the board's panel shows the new line.
		await critical.fill('1500');
		expect(await submit(page, edit, 'updateMetric')).toMatchObject({ type: 'success' });
		await expect(section.getByRole('status')).toHaveText('Metric api-p95 saved.');
		await expect(row.getByTestId('metric-lines')).toContainText('1,500');
		expect(await metricOf(page, 'api-p95')).toMatchObject({ critical: 1500, version: 2 });
		await openBoard(page, `/c/${SLUG}`);
		await expect(panel.getByTestId('metric-api-p95')).toContainText('1,500');
	} finally {
		await page.context().close();
	}
});

test('without JavaScript the forms still work: a bad line is said under its field, the input kept', async ({
	browser
}) => {
	const page = await signedIn(browser, OPERATOR, false);
	try {
		await page.goto(`/c/${SLUG}/runbook?editMetric=api-p95#metric-api-p95`);
		const edit = page.getByTestId('metric-edit-api-p95');
		await edit.locator('input[name="warning"]').fill('1800');
		await edit.getByRole('button', { name: 'Save metric' }).click();
		const after = page.getByTestId('metric-edit-api-p95');
		await expect(after.locator('.field-error')).toHaveText(CRITICAL_ABOVE);
		await expect(after.locator('input[name="warning"]')).toHaveValue('1800');
		expect(await metricOf(page, 'api-p95')).toMatchObject({ warning: 800, version: 2 });

		// A second metric, added without JavaScript, then moved first and removed after a confirmation.
		await page.goto(`/c/${SLUG}/runbook`);
		const create = page.getByTestId('metric-create');
		await create.locator('input[name="key"]').fill('users');
		await create.locator('input[name="name"]').fill('Logged-in users');
		await create.getByRole('button', { name: 'Add metric' }).click();
		await expect(page.getByTestId('runbook-metrics').getByRole('status')).toHaveText('Metric users added.');
		await page.getByRole('button', { name: 'Move up users' }).click();
		const keys = async () =>
			(await (await page.request.get(`/api/v1/cutovers/${SLUG}/metrics`)).json()).items.map(
				(m: { key: string }) => m.key
			);
		expect(await keys()).toEqual(['users', 'api-p95']);
		await page.getByRole('link', { name: 'Remove users' }).click();
		await expect(
			page.getByText('Remove the metric Logged-in users (users)?', { exact: false })
		).toBeVisible();
		expect(await keys()).toEqual(['users', 'api-p95']);
		await page.getByRole('button', { name: 'Remove metric' }).click();
		await expect(page.getByTestId('runbook-metrics').getByRole('status')).toHaveText('Metric users removed.');
		expect(await keys()).toEqual(['api-p95']);
	} finally {
		await page.context().close();
	}
});

test('a viewer sees the load panel but cannot edit the metrics', async ({ browser }) => {
	const page = await signedIn(browser, VIEWER);
	try {
		await openBoard(page, `/c/${SLUG}`);
		const panel = page.getByTestId('load-panel');
		await expect(panel.getByTestId('metric-api-p95')).toBeVisible();
		await expect(panel.getByRole('link', { name: 'Edit metrics' })).toHaveCount(0);
		const runbook = await page.goto(`/c/${SLUG}/runbook`);
		expect(runbook?.status()).toBe(403);
		const patch = await page.request.patch(`/api/v1/cutovers/${SLUG}/metrics/api-p95`, {
			data: { critical: 9000 }
		});
		expect(patch.status()).toBe(403);
		expect((await patch.json()).error).toMatchObject({ reason: 'errors.roleMayNot' });
		expect(await metricOf(page, 'api-p95')).toMatchObject({ critical: 1500 });
	} finally {
		await page.context().close();
	}
});

test('the runbook downloads with its metrics, and a pasted file sets them', async ({ browser }) => {
	const page = await signedIn(browser, OPERATOR);
	try {
		await gotoHydrated(page, `/c/${SLUG}/runbook`);
		const href = await page.getByTestId('runbook-export').getAttribute('href');
		const file = await (await page.request.get(href!)).json();
		expect(file.metrics).toEqual([expect.objectContaining({ key: 'api-p95', critical: 1500 })]);

		// Tasks without phases (they come from the tasks), and the metrics changed: a line and a new metric.
		const users = { key: 'users', name: 'Logged-in users', unit: 'users', warning: 40000, critical: 50000 };
		const task = {
			key: 'OPEN-1',
			title: 'Open the service',
			phase: 'Opening',
			owner: 'ops',
			durationMinutes: 10
		};
		const pasted = { tasks: [task], metrics: [{ ...file.metrics[0], critical: 3000 }, users] };
		const form = page.locator('form[action="?/import"]');
		await form.locator('textarea[name="text"]').fill(JSON.stringify(pasted));
		expect(await submit(page, form, 'import')).toMatchObject({ type: 'success' });
		await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toContainText(
			'The metrics are now the 2 metrics of the file.'
		);
		await expect(page.getByTestId('runbook-metrics').getByRole('heading', { level: 2 })).toHaveText(
			'Metrics and capacity lines (2)'
		);
		expect(await metricOf(page, 'api-p95')).toMatchObject({ critical: 3000 });
		expect(await metricOf(page, 'users')).toMatchObject({ warning: 40000, position: 2 });
	} finally {
		await page.context().close();
	}
});
