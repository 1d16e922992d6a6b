import { expect, test } from '@playwright/test';
import { ADMIN, LIVE, gotoHydrated, login, openBoard, startableTasks } from './helpers';

const DISA = { username: 'disa', displayName: 'Disa Disabled', password: 'disa-password-1' };

test('an admin disables a user whose board is open elsewhere: that board is signed out within a second and can move nothing', async ({
	browser
}) => {
	const contexts = [await browser.newContext(), await browser.newContext()];
	const [admin, user] = await Promise.all(contexts.map((c) => c.newPage()));
	try {
		await login(admin, ADMIN.username, ADMIN.password);
		await gotoHydrated(admin, '/admin/users');
		await admin.locator('input[name="username"]').first().fill(DISA.username);
		await admin.locator('input[name="displayName"]').first().fill(DISA.displayName);
		await admin.locator('select[name="role"]').first().selectOption('operator');
		await admin.locator('input[name="password"]').first().fill(DISA.password);
		await admin.getByTestId('user-create-submit').click();
		await expect(admin.locator(`#user-${DISA.username}`)).toBeVisible();

		await login(user, DISA.username, DISA.password);
		await openBoard(user);
		const task = (await startableTasks(user))[0];
		if (!task) throw new Error(`no task can start now in ${LIVE}`);
		await expect(
			user.getByTestId(`task-row-${task.key}`).getByTestId('task-action-in_progress')
		).toBeVisible();

		// What the board's browser holds now: it must be worth nothing after the disable.
		const session = (await contexts[1].cookies()).find((c) => c.name === 'golive_session')!;
		const row = admin.locator(`#user-${DISA.username}`);
		await row.locator('summary').click();
		const disable = row.getByRole('button', { name: 'Disable' });
		const clickedAt = Date.now();
		await disable.click();
		// The 1 s goal is judged by the benchmark's access scenario, on a quiet measure; here, on a machine busy
		// with other suites, the board must be signed out by itself, without a reload, within a few seconds.
		await user.waitForURL(/\/login\?ended=1/, { timeout: 5000 });
		const signedOutAfter = Date.now() - clickedAt;
		test.info().annotations.push({ type: 'latency', description: `signed out after ${signedOutAfter} ms` });
		await expect(user.getByTestId('session-ended')).toBeVisible();

		// Nothing can be moved with the session it had, and the board does not open again.
		const move = await user.request.post(`/api/v1/cutovers/${LIVE}/tasks/${task.key}/transition`, {
			data: { to: 'in_progress' },
			headers: { cookie: `${session.name}=${session.value}` }
		});
		expect(move.status()).toBe(401);
		await user.goto(`/c/${LIVE}`);
		await expect(user).toHaveURL(/\/login\?next=/);
		await expect(admin.locator(`#user-${DISA.username}`)).toContainText('Disabled');
	} finally {
		await Promise.all(contexts.map((c) => c.close()));
	}
});

test('a sign-in never leads to another site, whatever the link said', async ({ page }) => {
	await page.goto('/login?next=/%09/evil.example/phish', { waitUntil: 'networkidle' });
	await page.locator('input[name="username"]').fill(ADMIN.username);
	await page.locator('input[name="password"]').fill(ADMIN.password);
	await page.getByTestId('login-submit').click();
	await expect(page).not.toHaveURL(/\/login/);
	expect(new URL(page.url()).origin).toBe(new URL(test.info().project.use.baseURL!).origin);
});
