/**
 * The board's view on a wall-sized screen: filters kept in the URL, finished phases folded, and a jump to what
 * runs now when it is far down the runbook.
 */
import { expect, test } from '@playwright/test';
import { ADMIN, createOpenCutover, login } from './helpers';

const VIEW = 'e2e-view';

test('filters stay in the URL, finished phases fold, and "jump to now" reaches the running task far down', async ({
	browser
}) => {
	const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
	const page = await context.newPage();
	try {
		await login(page, ADMIN.username, ADMIN.password);
		await createOpenCutover(page, { slug: VIEW, name: 'E2E board view', hours: 12 });
		const now = Date.now();
		const task = (key: string, phase: string, owner = 'dba', dependsOn: string[] = []) => ({
			key,
			title: `Task ${key}`,
			phase,
			owner,
			durationMinutes: 10,
			dependsOn
		});
		// Not before two hours from now (so none is late), but B-50, which runs.
		const later = new Date(now + 2 * 3_600_000).toISOString();
		const bulk = Array.from({ length: 60 }, (_, i) => {
			const key = `B-${String(i + 1).padStart(2, '0')}`;
			return { ...task(key, 'Bulk'), notBefore: key === 'B-50' ? null : later };
		});
		const imported = await page.request.put(`/api/v1/cutovers/${VIEW}/runbook`, {
			data: {
				phases: ['Prep', 'Bulk', 'Go'],
				tasks: [
					task('P-01', 'Prep'),
					task('P-02', 'Prep'),
					...bulk,
					task(
						'G-01',
						'Go',
						ADMIN.username,
						bulk.map((t) => t.key)
					)
				]
			}
		});
		expect(imported.ok()).toBe(true);
		const move = async (key: string, to: string) =>
			expect(
				(await page.request.post(`/api/v1/cutovers/${VIEW}/tasks/${key}/transition`, { data: { to } })).ok()
			).toBe(true);
		for (const key of ['P-01', 'P-02']) {
			await move(key, 'in_progress');
			await move(key, 'done');
		}
		await move('B-50', 'in_progress');

		await page.goto(`/c/${VIEW}`);
		await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'live');

		// The finished phase is folded, and unfolds on demand.
		const prep = page.getByRole('region', { name: 'Prep' });
		await expect(prep.getByTestId('phase-fold')).toHaveAttribute('aria-expanded', 'false');
		await expect(page.getByTestId('task-row-P-01')).toHaveCount(0);
		await prep.getByTestId('phase-fold').click();
		await expect(page.getByTestId('task-row-P-01')).toBeVisible();

		// The running task is far down; the jump brings it into view.
		const running = page.getByTestId('task-row-B-50');
		await expect(running).not.toBeInViewport();
		await page.getByTestId('jump-to-now').click();
		await expect(running).toBeInViewport();

		// A filter is in the URL and survives a reload.
		await page.getByTestId('filter-mine').click();
		await expect(page).toHaveURL(/\?show=mine$/);
		await expect(page.locator('[data-testid^="task-row-"]')).toHaveCount(1);
		await expect(page.getByTestId('task-row-G-01')).toBeVisible();
		await page.reload();
		await expect(page.getByTestId('filter-mine')).toHaveAttribute('aria-pressed', 'true');
		await expect(page.locator('[data-testid^="task-row-"]')).toHaveCount(1);

		// A phase too, beside the filter; "All" drops the filter from the URL.
		await page.getByTestId('filter-all').click();
		await page.getByTestId('filter-phase').selectOption('Bulk');
		await expect(page).toHaveURL(/\?phase=Bulk$/);
		await expect(page.getByTestId('phase')).toHaveCount(1);
		await expect(page.getByTestId('task-row-B-01')).toBeVisible();
	} finally {
		await context.close();
	}
});
