/**
 * The wall screen at 1920x1080: no chrome, type readable from across the room, what matters above the fold, and
 * opened by a read-only token that a revoke ends.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { ADMIN, LIVE, gotoHydrated, login, startableTasks } from './helpers';
import { createToken } from './transfers-helpers';

const WALL = { width: 1920, height: 1080 };

async function fontSize(page: Page, testId: string): Promise<number> {
	return page
		.getByTestId(testId)
		.first()
		.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
}

test('the wall shows what matters now above the fold, in type readable from across the room, without chrome', async ({
	browser
}) => {
	const context = await browser.newContext({ viewport: WALL });
	const page = await context.newPage();
	try {
		await login(page, ADMIN.username, ADMIN.password);
		// Something running, so the running panel has a row.
		const task = (await startableTasks(page))[0];
		if (task) {
			const moved = await page.request.post(`/api/v1/cutovers/${LIVE}/tasks/${task.key}/transition`, {
				data: { to: 'in_progress' }
			});
			expect(moved.ok()).toBe(true);
		}
		await page.goto(`/c/${LIVE}/wall`);
		await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'live');

		// No admin chrome: no app bar, navigation, account or language switch.
		await expect(page.locator('header.topbar')).toHaveCount(0);
		await expect(page.getByRole('navigation')).toHaveCount(0);
		await expect(page.getByRole('button', { name: /sign out/i })).toHaveCount(0);

		for (const id of ['wall-time-left', 'wall-projected', 'wall-chance', 'wall-clock'])
			expect(await fontSize(page, id), id).toBeGreaterThanOrEqual(48);
		const rows = page.getByTestId('wall-row');
		expect(await rows.count()).toBeGreaterThan(0);
		for (const row of await rows.all()) {
			expect(await row.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(
				24
			);
			expect((await row.boundingBox())!.height).toBeGreaterThanOrEqual(24);
		}

		// Above the fold, and nothing to scroll to.
		for (const id of [
			'wall-window',
			'wall-projected',
			'wall-chance',
			'wall-panel-running',
			'wall-panel-late',
			'wall-panel-next'
		]) {
			const box = (await page.getByTestId(id).boundingBox())!;
			expect(box.y + box.height, id).toBeLessThanOrEqual(WALL.height);
		}
		expect(await page.evaluate(() => document.scrollingElement!.scrollHeight)).toBeLessThanOrEqual(
			WALL.height
		);
		if (task) await expect(page.getByTestId('wall-panel-running')).toContainText(task.key);

		// The window tile carries the forecast's state.
		expect(['ok', 'risk', 'over']).toContain(await page.getByTestId('wall').getAttribute('data-state'));

		const { violations } = await new AxeBuilder({ page })
			.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
			.analyze();
		expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual(
			[]
		);
	} finally {
		await context.close();
	}
});

test('panels are chosen in the URL; more than fit rotate through the last slot', async ({ browser }) => {
	const context = await browser.newContext({ viewport: WALL });
	const page = await context.newPage();
	try {
		await login(page, ADMIN.username, ADMIN.password);
		await page.goto(`/c/${LIVE}/wall?panels=checkpoint,transfers`);
		await expect(page.getByTestId('wall-panel-checkpoint')).toBeVisible();
		await expect(page.getByTestId('wall-panel-transfers')).toBeVisible();
		await expect(page.getByTestId('wall-panel-running')).toHaveCount(0);

		await page.goto(`/c/${LIVE}/wall?panels=running,late,next,checkpoint&rotate=5`);
		await expect(page.getByTestId('wall-panel-next')).toBeVisible();
		await expect(page.getByTestId('wall-panel-checkpoint')).toBeVisible({ timeout: 8000 });
		await expect(page.getByTestId('wall-panel-next')).toHaveCount(0);
		await expect(page.getByTestId('wall-panel-running')).toBeVisible();
	} finally {
		await context.close();
	}
});

test('a wall opens with a read-only token, drops it from the address, and a revoke ends it', async ({
	browser
}) => {
	const [adminContext, wallContext] = [
		await browser.newContext(),
		await browser.newContext({ viewport: WALL })
	];
	const [admin, wall] = [await adminContext.newPage(), await wallContext.newPage()];
	try {
		await login(admin, ADMIN.username, ADMIN.password);
		// A token that may change things is refused.
		const operator = await createToken(admin, { name: 'wall-operator', role: 'operator', cutoverSlug: LIVE });
		const refused = await wall.goto(`/c/${LIVE}/wall?token=${encodeURIComponent(operator)}`);
		expect(refused!.status()).toBe(403);
		await expect(wall.getByText(/read-only token/)).toBeVisible();

		const token = await createToken(admin, { name: 'wall-lobby', role: 'viewer', cutoverSlug: LIVE });
		await expect(admin.getByTestId('token-wall-link')).toContainText(`/c/${LIVE}/wall?token=`);
		await wall.goto(`/c/${LIVE}/wall?token=${encodeURIComponent(token)}`);
		await expect(wall).toHaveURL(new RegExp(`/c/${LIVE}/wall$`));
		await expect(wall.getByTestId('live-status')).toHaveAttribute('data-state', 'live');
		const cookie = (await wallContext.cookies()).find((c) => c.name === 'golive_wall')!;
		expect(cookie.httpOnly).toBe(true);
		// It opens the wall and nothing else.
		await wall.goto(`/c/${LIVE}`);
		await expect(wall).toHaveURL(/\/login\?next=/);
		await wall.goto(`/c/${LIVE}/wall`);
		await expect(wall.getByTestId('live-status')).toHaveAttribute('data-state', 'live');

		await gotoHydrated(admin, '/admin/tokens');
		await admin.getByRole('button', { name: 'Revoke token wall-lobby' }).click();
		// The open wall's socket is ended by the revoke, without a reload; and it does not open again.
		await wall.waitForURL(/\/login/, { timeout: 5000 });
		await wall.goto(`/c/${LIVE}/wall`);
		await expect(wall).toHaveURL(/\/login\?next=/);
	} finally {
		await Promise.all([adminContext.close(), wallContext.close()]);
	}
});
