import { devices, expect, test } from '@playwright/test';
import { ADMIN, apiTasks, gotoHydrated, LIVE, login, openBoard, startableTasks } from './helpers';

const OWNER = { username: 'tove', displayName: 'Tove Task-owner', password: 'e2e-owner-password-1' };

test('a task owner sees their ready tasks on a phone and starts one', async ({ browser }) => {
	// The admin adds a task owner in the team of a task that can start now.
	const adminContext = await browser.newContext();
	const admin = await adminContext.newPage();
	await login(admin, ADMIN.username, ADMIN.password);
	// A team other than the one the board test works with, so the two tests do not meet.
	const task = (await startableTasks(admin)).find((t) => t.owner === 'infra');
	if (!task) throw new Error(`no task of that team can start now in ${LIVE}`);
	await gotoHydrated(admin, '/admin/users');
	const form = admin.locator('form').filter({ has: admin.getByTestId('user-create-submit') });
	await form.locator('input[name="username"]').fill(OWNER.username);
	await form.locator('input[name="displayName"]').fill(OWNER.displayName);
	await form.locator('[name="role"]').selectOption('task_owner');
	await form.locator('input[name="team"]').fill(task.owner);
	await form.locator('input[name="password"]').fill(OWNER.password);
	await form.getByTestId('user-create-submit').click();
	await expect(admin.getByText(OWNER.displayName, { exact: true }).first()).toBeVisible();
	await adminContext.close();

	const { defaultBrowserType: _, ...phone } = devices['iPhone SE'];
	const context = await browser.newContext({ ...phone, viewport: { width: 375, height: 667 } });
	const page = await context.newPage();
	try {
		await login(page, OWNER.username, OWNER.password);
		await openBoard(page, `/c/${LIVE}/my`);
		const mine = page.getByTestId(`my-task-${task.key}`);
		await expect(mine).toBeVisible();
		// Only this owner's tasks are listed.
		const keys = await page
			.locator('[data-testid^="my-task-"]')
			.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('my-task-'.length)));
		const owner = new Map((await apiTasks(page)).map((t) => [t.key, t.owner]));
		expect(keys.length).toBeGreaterThan(0);
		for (const key of keys) expect(owner.get(key)).toBe(task.owner);

		// Usable on a phone: nothing wider than the screen, and thumb-sized buttons.
		const width = await page.evaluate(() => document.documentElement.scrollWidth);
		expect(width).toBeLessThanOrEqual(375);
		const start = mine.getByTestId('task-action-in_progress');
		const box = (await start.boundingBox())!;
		expect(box.height).toBeGreaterThanOrEqual(44);

		await start.tap();
		await expect(mine.getByTestId('task-action-done')).toBeVisible();
		const done = (await mine.getByTestId('task-action-done').boundingBox())!;
		expect(done.height).toBeGreaterThanOrEqual(44);
	} finally {
		await context.close();
	}
});

test('My tasks keeps its title whole and its tasks in view on a laptop and a wall screen', async ({
	browser
}) => {
	for (const viewport of [
		{ width: 1024, height: 768 },
		{ width: 1920, height: 1080 }
	]) {
		const context = await browser.newContext({ viewport });
		const page = await context.newPage();
		try {
			// The owner the phone test above added (tests in a file run in order).
			await login(page, OWNER.username, OWNER.password);
			await openBoard(page, `/c/${LIVE}/my`);
			const title = page.getByRole('heading', { level: 1 });
			const fontSize = await title.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
			const box = (await title.boundingBox())!;
			// A title squeezed by the links beside it wraps a letter per line: many lines, a few pixels wide.
			expect(box.width, `title width at ${viewport.width}px`).toBeGreaterThan(200);
			expect(box.height, `title height at ${viewport.width}px`).toBeLessThanOrEqual(3 * fontSize); // two lines at most
			const first = page.locator('[data-testid^="my-task-"]').first();
			await expect(first).toBeInViewport();
			expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
				viewport.width
			);
		} finally {
			await context.close();
		}
	}
});
