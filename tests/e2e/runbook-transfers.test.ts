import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { ADMIN, gotoHydrated, login, openBoard } from './helpers';
import { createUser } from './transfers-helpers';

const OPERATOR = { username: 'rita', displayName: 'Rita Runbook', password: 'e2e-operator-password-2' };
const HOUR = 3_600_000;
/** Reports reach the boards in coalesced batches (~0.5 s). */
const LIVE_UPDATE = { timeout: 5_000 };

/** A cutover whose window is open now, with one task (the export) and no transfers yet. */
async function createCutover(request: APIRequestContext, slug: string): Promise<void> {
	const now = Date.now();
	const created = await request.post('/api/v1/cutovers', {
		data: {
			slug,
			name: 'E2E runbook transfers',
			timezone: 'Europe/Helsinki',
			windowStart: new Date(now - HOUR).toISOString(),
			windowEnd: new Date(now + 6 * HOUR).toISOString()
		}
	});
	expect(created.status(), await created.text()).toBe(201);
	const runbook = await request.put(`/api/v1/cutovers/${slug}/runbook`, {
		data: {
			phases: ['Export', 'Validate'],
			tasks: [{ key: 'T-01', title: 'Export customers', phase: 'Export', owner: 'dba', durationMinutes: 20 }]
		}
	});
	expect(runbook.ok(), await runbook.text()).toBe(true);
}

/** Submits a form and waits for the action's answer (enhanced forms answer with JSON). */
async function submit(page: Page, form: Locator, action: string): Promise<{ type: string; status: number }> {
	const answered = page.waitForResponse(
		(r) => r.request().method() === 'POST' && r.url().includes(`?/${action}`)
	);
	await form.locator('button[type="submit"]').click();
	return (await answered).json();
}

test('an operator defines a transfer and a task that waits for it on the runbook page; the board shows it', async ({
	browser
}) => {
	const slug = `e2e-runbook-transfers-${Date.now().toString(36)}`;
	const adminContext = await browser.newContext();
	const admin = await adminContext.newPage();
	await login(admin, ADMIN.username, ADMIN.password);
	await createUser(admin, { ...OPERATOR, role: 'operator' });
	await createCutover(admin.request, slug);
	await adminContext.close();

	const context = await browser.newContext();
	const page = await context.newPage();
	try {
		await login(page, OPERATOR.username, OPERATOR.password);
		await gotoHydrated(page, `/c/${slug}/runbook`);
		const section = page.getByTestId('runbook-transfers');
		await expect(section.getByRole('heading', { level: 2 })).toHaveText('Data transfers (0)');

		// Add a stream planned by its duration, waiting for the export.
		const create = page.getByTestId('transfer-create');
		await create.locator('input[name="key"]').fill('customers');
		await create.locator('input[name="name"]').fill('Customer records');
		await create.locator('input[name="unit"]').fill('records');
		await create.locator('input[name="total"]').fill('1000000');
		await create.locator('input[name="plannedMinutes"]').fill('90');
		await create.locator('input[name="dependsOn"]').fill('T-01');
		expect(await submit(page, create, 'createTransfer')).toMatchObject({ type: 'success' });
		await expect(section.getByRole('status')).toHaveText('Transfer customers added.');
		const row = page.getByTestId('runbook-transfer-customers');
		await expect(row).toContainText('Customer records');
		await expect(row).toContainText('1,000,000');
		await expect(row).toContainText('15 min'); // the default stall time
		await expect(row.getByTestId('transfer-plan')).toHaveText('90 min');

		// Edit it: plan by rate instead (the emptied duration is cleared, not kept).
		await row.getByRole('link', { name: /Edit/ }).click();
		const edit = page.getByTestId('transfer-edit-customers');
		await expect(edit.locator('input[name="plannedMinutes"]')).toHaveValue('90');
		await edit.locator('input[name="plannedMinutes"]').fill('');
		await edit.locator('input[name="plannedRatePerHour"]').fill('400000');
		expect(await submit(page, edit, 'updateTransfer')).toMatchObject({ type: 'success' });
		await expect(row.getByTestId('transfer-plan')).toHaveText('400,000 records/h');
		await expect(section.getByRole('status')).toHaveText('Transfer customers saved.');
		const stored = await (await page.request.get(`/api/v1/cutovers/${slug}/transfers/customers`)).json();
		expect(stored).toMatchObject({ plannedRatePerHour: 400_000, plannedMinutes: null, version: 2 });

		// A task that waits for a transfer that does not exist is refused, nothing is added, and the input stays.
		const addTask = page.getByTestId('runbook-add-task');
		await addTask.locator('input[name="key"]').fill('T-02');
		await addTask.locator('input[name="title"]').fill('Validate customer data');
		await addTask.locator('input[name="phase"]').fill('Validate');
		await addTask.locator('input[name="owner"]').fill('app');
		await addTask.locator('input[name="durationMinutes"]').fill('30');
		await addTask.locator('input[name="dependsOn"]').fill('T-01');
		await addTask.locator('input[name="dependsOnTransfers"]').fill('customer');
		await addTask.locator('input[name="estimateOptimistic"]').fill('20');
		await addTask.locator('input[name="estimateLikely"]').fill('30');
		await addTask.locator('input[name="estimatePessimistic"]').fill('60');
		await addTask.locator('input[name="rehearsalMinutes"]').fill('28, 35, 31');
		expect(await submit(page, addTask, 'createTask')).toMatchObject({ type: 'failure', status: 400 });
		await expect(addTask.getByTestId('form-error')).toContainText('T-02 depends on transfer:customer');
		await expect(page.getByTestId('runbook-task-T-02')).toHaveCount(0);
		const tasks = async () => (await (await page.request.get(`/api/v1/cutovers/${slug}/tasks`)).json()).items;
		expect((await tasks()).map((t: { key: string }) => t.key)).toEqual(['T-01']);
		await expect(addTask.locator('input[name="estimateLikely"]')).toHaveValue('30');

		// Corrected, it is added with its estimate and rehearsal actuals.
		await addTask.locator('input[name="dependsOnTransfers"]').fill('customers');
		expect(await submit(page, addTask, 'createTask')).toMatchObject({ type: 'success' });
		const taskRow = page.getByTestId('runbook-task-T-02');
		await expect(taskRow.getByTestId('task-transfer-deps')).toHaveText('transfers: customers');
		await expect(taskRow.getByTestId('task-estimate')).toHaveText('20–30–60');
		expect((await tasks()).find((t: { key: string }) => t.key === 'T-02')).toMatchObject({
			dependsOnTransfers: ['customers'],
			estimate: { optimistic: 20, likely: 30, pessimistic: 60 },
			rehearsalMinutes: [28, 35, 31]
		});

		// The live board shows the stream in its transfer panel, and takes progress entered by hand.
		await openBoard(page, `/c/${slug}`);
		const stream = page.getByTestId('transfer-panel').getByTestId('transfer-customers');
		await expect(stream).toContainText('Customer records');
		const bar = stream.getByRole('progressbar');
		await expect(bar).toHaveAttribute('aria-valuenow', '0');
		await stream.locator('summary').click();
		const report = stream.getByTestId('transfer-report');
		await report.locator('input[name="done"]').fill('50000');
		expect(await submit(page, report, 'progress')).toMatchObject({ type: 'success' });
		await expect(bar).toHaveAttribute('aria-valuenow', '50000', LIVE_UPDATE);

		// Going backwards without the checkbox is a 409 that names the checkbox, not the API's `reset: true`.
		// (The form may have folded away after the accepted report.)
		if (!(await report.isVisible())) await stream.locator('summary').click();
		await report.locator('input[name="done"]').fill('20000');
		expect(await submit(page, report, 'progress')).toMatchObject({ type: 'failure', status: 409 });
		const refusal = stream.getByTestId('form-error');
		await expect(refusal).toHaveText(
			'Progress may not go backwards: 20,000 is less than the 50,000 records already reported. ' +
				'If the stream started over, tick “Restarted from zero” and report again.'
		);
		await expect(bar).toHaveAttribute('aria-valuenow', '50000');
		const after = await (await page.request.get(`/api/v1/cutovers/${slug}/transfers/customers`)).json();
		expect(after.done).toBe(50_000);

		// Ticked, the same report starts a new series.
		await report.getByLabel('Restarted from zero').check();
		await report.locator('input[name="done"]').fill('20000');
		expect(await submit(page, report, 'progress')).toMatchObject({ type: 'success' });
		await expect(bar).toHaveAttribute('aria-valuenow', '20000', LIVE_UPDATE);
		await expect(refusal).toHaveCount(0);
	} finally {
		await context.close();
	}
});
