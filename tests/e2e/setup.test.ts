import { expect, test } from '@playwright/test';
import { ADMIN, createOpenCutover, gotoHydrated, LIVE, login, SAMPLE } from './helpers';

test('the first visit leads to setup, which creates the first admin and signs them in', async ({ page }) => {
	await page.goto('/');
	await expect(page).toHaveURL(/\/setup$/);
	await gotoHydrated(page, '/setup');

	// Mismatched passwords are refused with a message on the field, and nothing is created.
	await page.locator('input[name="username"]').fill(ADMIN.username);
	await page.locator('input[name="displayName"]').fill(ADMIN.displayName);
	await page.locator('input[name="password"]').fill(ADMIN.password);
	await page.locator('input[name="passwordConfirm"]').fill(ADMIN.password + 'x');
	await page.getByTestId('setup-submit').click();
	await expect(page).toHaveURL(/\/setup$/);
	await expect(page.getByTestId('form-error')).toHaveText('Check the marked field.');
	await expect(page.locator('input[name="passwordConfirm"]')).toHaveAccessibleDescription(
		'the two passwords do not match'
	);

	await page.locator('input[name="password"]').fill(ADMIN.password);
	await page.locator('input[name="passwordConfirm"]').fill(ADMIN.password);
	await page.getByTestId('setup-submit').click();
	await expect(page).not.toHaveURL(/\/setup/);
	await expect(page.getByTestId(`cutover-link-${SAMPLE}`)).toBeVisible();

	// Setup is a one-time page: afterwards it leads to the login page.
	const fresh = await page.context().browser()!.newContext();
	const other = await fresh.newPage();
	await other.goto('/setup');
	await expect(other).toHaveURL(/\/login/);
	await fresh.close();
});

test('a script creates a cutover with its runbook through the API', async ({ page }) => {
	await login(page, ADMIN.username, ADMIN.password);
	await createOpenCutover(page, { slug: LIVE, name: 'E2E live cutover', hours: 8 });
	const task = (key: string, title: string, phase: string, owner: string, dependsOn: string[] = []) => ({
		key,
		title,
		phase,
		owner,
		durationMinutes: 20,
		dependsOn
	});
	const imported = await page.request.put(`/api/v1/cutovers/${LIVE}/runbook`, {
		data: {
			phases: ['Freeze', 'Transfer', 'Open'],
			tasks: [
				task('E-01', 'Freeze writes', 'Freeze', 'dba'),
				task('E-02', 'Stop batch jobs', 'Freeze', 'infra'),
				task('E-03', 'Snapshot the database', 'Transfer', 'dba', ['E-01']),
				task('E-04', 'Move the load balancer', 'Transfer', 'infra', ['E-02', 'E-03']),
				task('E-05', 'Open the doors', 'Open', 'app', ['E-04'])
			]
		}
	});
	expect(imported.ok()).toBe(true);
	await page.goto('/');
	await expect(page.getByTestId(`cutover-link-${LIVE}`)).toBeVisible();
});
