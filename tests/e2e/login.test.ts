import { expect, test } from '@playwright/test';
import { ADMIN, login, SAMPLE } from './helpers';

test('signing in: a wrong password is refused, the right one opens the app', async ({ page }) => {
	await page.goto(`/c/${SAMPLE}`, { waitUntil: 'networkidle' });
	await expect(page).toHaveURL(/\/login\?next=/);

	await page.locator('input[name="username"]').fill(ADMIN.username);
	await page.locator('input[name="password"]').fill('not the password');
	await page.getByTestId('login-submit').click();
	await expect(page.getByTestId('form-error')).toBeVisible();
	await expect(page).toHaveURL(/\/login/);

	await page.locator('input[name="password"]').fill(ADMIN.password);
	await page.getByTestId('login-submit').click();
	// Back to the page that asked for the login.
	await expect(page).toHaveURL(new RegExp(`/c/${SAMPLE}$`));
	await expect(page.getByTestId('board')).toBeVisible();
});

test('the cutover list links to the board', async ({ page }) => {
	await login(page, ADMIN.username, ADMIN.password);
	await page.goto('/');
	await page.getByTestId(`cutover-link-${SAMPLE}`).click();
	await expect(page).toHaveURL(new RegExp(`/c/${SAMPLE}$`));
	await expect(page.getByTestId('board')).toBeVisible();
	await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'live');
	// The sample is a realistic runbook: about 150 tasks.
	expect(await page.locator('[data-testid^="task-row-"]').count()).toBeGreaterThanOrEqual(100);
});
