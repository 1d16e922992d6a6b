/**
 * Operators plan the staged opening on the runbook page: they add stages and a gate condition over a metric, a
 * refused save keeps what they typed and says what is wrong under the field, and the saved plan is what the
 * board's opening panel shows. The editor works without JavaScript too. They edit a metric source's interval there.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { ADMIN, createOpenCutover, gotoHydrated, login, openBoard, violationsOf } from './helpers';

const SLUG = `e2e-opening-edit-${Date.now().toString(36)}`;

/** Clicks a button of a form action and returns the action's answer. */
async function submit(page: Page, action: string, button: Locator) {
	const answered = page.waitForResponse(
		(r) => r.request().method() === 'POST' && r.url().includes(`?/${action}`)
	);
	await button.click();
	return (await answered).json();
}

test('an operator plans stages with a gate, sees the plan on the board, and edits a source’s interval', async ({
	page,
	browser
}) => {
	await login(page, ADMIN.username, ADMIN.password);
	await createOpenCutover(page, { slug: SLUG, name: 'E2E opening plan cutover', hours: 4 });
	const metric = await page.request.post(`/api/v1/cutovers/${SLUG}/metrics`, {
		data: { key: 'p95', name: 'Response time (p95)', unit: 'ms', kind: 'quantile', warning: 800 }
	});
	expect(metric.status(), await metric.text()).toBe(201);
	const source = await page.request.post(`/api/v1/cutovers/${SLUG}/metric-sources`, {
		data: { key: 'prom', kind: 'promql', url: 'http://127.0.0.1:9/', intervalSeconds: 60 }
	});
	expect(source.status(), await source.text()).toBe(201);

	await gotoHydrated(page, `/c/${SLUG}/runbook`);
	const section = page.getByTestId('runbook-opening');
	const plan = page.getByTestId('opening-plan-form');
	await expect(section).toContainText('No opening plan yet');
	const field = (name: string) => plan.locator(`[name="${name}"]`);
	const edit = (value: string) => submit(page, 'openingPlan', plan.locator(`button[value="${value}"]`));

	expect(await edit('addStage')).toMatchObject({ type: 'success' });
	await field('stages.0.key').fill('internal');
	await field('stages.0.name').fill('Internal users');
	await field('stages.0.audience').fill('staff');
	// Adding a stage keeps what was typed in the first.
	await edit('addStage');
	await expect(field('stages.0.name')).toHaveValue('Internal users');
	await field('stages.1.key').fill('internal');
	await field('stages.1.name').fill('10 % of the public');
	await field('stages.1.share').fill('10');
	await edit('addCondition.1');
	const condition = plan.getByTestId('plan-condition-1-0');
	await expect(condition.getByLabel('Metric')).toHaveValue('p95');
	await condition.getByLabel('Figure of the window').selectOption('max');
	await condition.getByLabel('Window (minutes)').fill('2');
	await condition.getByLabel('Must be').selectOption('<');
	await condition.getByLabel('Threshold', { exact: true }).fill('800');

	// A key twice is refused under the field; what was typed stays.
	const save = plan.getByRole('button', { name: 'Save the opening plan' });
	expect(await submit(page, 'openingPlan', save)).toMatchObject({ type: 'failure', status: 400 });
	await expect(section.getByTestId('form-error')).toBeVisible();
	await expect(field('stages.1.key')).toHaveAttribute('aria-invalid', 'true');
	await expect(plan.getByTestId('plan-stage-1').locator('.field-error')).toHaveText(
		'must not repeat the key internal'
	);
	await expect(field('stages.1.name')).toHaveValue('10 % of the public');
	await expect(condition.getByLabel('Threshold', { exact: true })).toHaveValue('800');

	await field('stages.1.key').fill('tenth');
	expect(await submit(page, 'openingPlan', save)).toMatchObject({ type: 'success' });
	await expect(section.getByRole('status')).toHaveText('Opening plan saved (2 stages).');
	await expect(field('stages.1.conditions.0.threshold')).toHaveValue('800');
	expect(await violationsOf(page)).toEqual([]);

	const saved = await page.request.get(`/api/v1/cutovers/${SLUG}/opening`);
	expect(await saved.json()).toMatchObject({
		reached: 0,
		stages: [
			{ key: 'internal', name: 'Internal users', audience: 'staff', share: null, conditions: [] },
			{
				key: 'tenth',
				share: 10,
				conditions: [{ metric: 'p95', stat: 'max', windowMinutes: 2, op: '<', threshold: 800, of: null }]
			}
		]
	});

	// The board's opening panel shows the plan, and leads back to its editor.
	await openBoard(page, `/c/${SLUG}`);
	const panel = page.getByTestId('opening-panel');
	await expect(panel.getByTestId('opening-stage')).toHaveAttribute('data-reached', '0');
	await expect(panel.getByTestId('opening-next')).toContainText('Internal users');
	const advanced = await page.request.post(`/api/v1/cutovers/${SLUG}/opening/advance`, {
		data: { note: 'Staff in' }
	});
	expect(advanced.status(), await advanced.text()).toBe(200);
	await expect(panel.getByTestId('opening-stage')).toHaveAttribute('data-reached', '1');
	await expect(panel.getByTestId('opening-next')).toContainText('10 % of the public');
	await expect(panel.getByTestId('gate-condition')).toContainText('Response time (p95)');
	await panel.getByTestId('opening-plan-link').click();
	await expect(page).toHaveURL(new RegExp(`/c/${SLUG}/runbook#opening-plan$`));
	await expect(page.getByTestId('runbook-opening')).toContainText('The first stage is open');

	// A source's interval, edited below its row.
	await gotoHydrated(page, `/c/${SLUG}/runbook`);
	const row = page.getByTestId('runbook-source-prom');
	await row.getByRole('link', { name: 'Edit prom' }).click();
	const sourceForm = page.getByTestId('source-edit-prom');
	await expect(sourceForm.locator('input[name="intervalSeconds"]')).toHaveValue('60');
	await sourceForm.locator('input[name="intervalSeconds"]').fill('30');
	await sourceForm.locator('input[name="timeoutMs"]').fill('2000');
	expect(
		await submit(page, 'updateSource', sourceForm.getByRole('button', { name: 'Save source' }))
	).toMatchObject({ type: 'success' });
	await expect(page.getByTestId('runbook-sources').getByRole('status')).toHaveText('Source prom saved.');
	await expect(row.locator('td').nth(3)).toHaveText('30');
	const sources = await (await page.request.get(`/api/v1/cutovers/${SLUG}/metric-sources`)).json();
	expect(sources.items ?? sources).toEqual([
		expect.objectContaining({ key: 'prom', intervalSeconds: 30, timeoutMs: 2000 })
	]);

	// Without JavaScript: an edit button is a round trip that keeps the draft, and saving sets the plan.
	const context = await browser.newContext({ javaScriptEnabled: false });
	try {
		const plain = await context.newPage();
		await login(plain, ADMIN.username, ADMIN.password);
		await plain.goto(`/c/${SLUG}/runbook`);
		const form = plain.getByTestId('opening-plan-form');
		await form.locator('[name="stages.0.name"]').fill('Staff');
		await form.locator('button[value="addStage"]').click();
		await form.locator('[name="stages.2.key"]').fill('all');
		await form.locator('[name="stages.2.name"]').fill('Everyone');
		await expect(form.locator('[name="stages.0.name"]')).toHaveValue('Staff');
		await form.locator('button[value="upStage.2"]').click();
		await form.getByRole('button', { name: 'Save the opening plan' }).click();
		await expect(plain.getByTestId('runbook-opening').getByRole('status')).toHaveText(
			'Opening plan saved (3 stages).'
		);
		const after = await (await plain.request.get(`/api/v1/cutovers/${SLUG}/opening`)).json();
		expect(after.stages.map((s: { key: string }) => s.key)).toEqual(['internal', 'all', 'tenth']);
		expect(after.reached).toBe(1);
	} finally {
		await context.close();
	}
});
