import { expect, test } from '@playwright/test';
import { ADMIN, apiTasks, login, openBoard, SAMPLE } from './helpers';

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

test('a big board draws its first rows at once and the rest as they are scrolled to', async ({ page }) => {
	await login(page, ADMIN.username, ADMIN.password);
	await openBoard(page, `/c/${SAMPLE}`);
	const tasks = await apiTasks(page, SAMPLE);
	const last = tasks.at(-1)!;
	expect(tasks.length).toBeGreaterThan(150);
	await expect(page.getByTestId(`task-row-${tasks[0].key}`)).toBeVisible();
	// Scrolling down reveals every row, down to the runbook's last task.
	for (let i = 0; i < 40 && !(await page.getByTestId(`task-row-${last.key}`).count()); i++) {
		await page.mouse.wheel(0, 4000);
		await page.waitForTimeout(100);
	}
	await page.getByTestId(`task-row-${last.key}`).scrollIntoViewIfNeeded();
	await expect(page.getByTestId(`task-row-${last.key}`)).toBeVisible();
	expect(await page.locator('[data-testid^="task-row-"]').count()).toBe(tasks.length);
});
