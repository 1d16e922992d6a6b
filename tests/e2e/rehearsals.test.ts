/**
 * A rehearsal from start to its figures: an operator rehearses a cutover from its rehearsal page (a refused
 * window keeps what was typed), lands on the rehearsal's board, which says it is a rehearsal; its tasks are run;
 * its page shows the minutes they took, and after one confirmation they become the cutover's rehearsal figures
 * (a second recording is not offered). axe finds nothing on either page.
 */
import { expect, test } from '@playwright/test';
import { ADMIN, createOpenCutover, gotoHydrated, login, violationsOf } from './helpers';

const SLUG = 'e2e-rehearsed';
const REHEARSAL = 'e2e-rehearsal-1';

test('a cutover is rehearsed, and the rehearsal’s durations become its figures after a confirmation', async ({
	page
}) => {
	// Two boards and two forms with axe on each: more than a minute on a busy machine.
	test.slow();
	await login(page, ADMIN.username, ADMIN.password);
	await createOpenCutover(page, { slug: SLUG, name: 'E2E rehearsed', hours: 6 });
	const runbook = await page.request.put(`/api/v1/cutovers/${SLUG}/runbook`, {
		data: {
			phases: ['Move'],
			tasks: [
				{ key: 'STOP', title: 'Stop the old system', phase: 'Move', owner: 'ops', durationMinutes: 20 },
				{
					key: 'LOAD',
					title: 'Load the data',
					phase: 'Move',
					owner: 'dba',
					durationMinutes: 60,
					dependsOn: ['STOP']
				}
			]
		}
	});
	expect(runbook.status()).toBe(200);

	await gotoHydrated(page, `/c/${SLUG}/rehearsal`);
	await expect(page.getByTestId('rehearsals-none')).toBeVisible();
	expect(await violationsOf(page)).toEqual([]);
	await page.getByTestId('rehearsal-slug').fill(REHEARSAL);
	await page.getByTestId('rehearsal-name').fill('Dress rehearsal');
	await page.getByTestId('rehearsal-start').fill('2099-06-01 18:00');
	await page.getByTestId('rehearsal-end').fill('2099-06-01 10:00');
	await page.getByTestId('rehearsal-create').click();
	await expect(page.getByTestId('rehearsal-end')).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByTestId('rehearsal-name')).toHaveValue('Dress rehearsal');
	await page.getByTestId('rehearsal-end').fill('2099-06-02 02:00');
	await page.getByTestId('rehearsal-create').click();

	await expect(page).toHaveURL(new RegExp(`/c/${REHEARSAL}$`));
	await expect(page.getByTestId('rehearsal-badge')).toBeVisible();
	for (const [key, to] of [
		['STOP', 'in_progress'],
		['STOP', 'done'],
		['LOAD', 'in_progress'],
		['LOAD', 'done']
	]) {
		const moved = await page.request.post(`/api/v1/cutovers/${REHEARSAL}/tasks/${key}/transition`, {
			data: { to, force: true }
		});
		expect(moved.status()).toBe(200);
	}

	await gotoHydrated(page, `/c/${REHEARSAL}/rehearsal`);
	await expect(page.getByTestId('rehearsal-of')).toContainText('E2E rehearsed');
	await expect(page.getByTestId('rehearsal-figures')).toContainText('STOP');
	await expect(page.getByTestId('rehearsal-figures')).toContainText('LOAD');
	expect(await violationsOf(page)).toEqual([]);
	await page.getByTestId('rehearsal-record').click();
	await page.getByTestId('rehearsal-record-confirm').click();
	await expect(page.getByTestId('rehearsal-recorded')).toBeVisible();
	await expect(page.getByTestId('rehearsal-record')).toHaveCount(0);

	const tasks = (await (await page.request.get(`/api/v1/cutovers/${SLUG}/tasks`)).json()) as {
		items: { key: string; rehearsalMinutes: number[] }[];
	};
	for (const task of tasks.items) expect(task.rehearsalMinutes).toHaveLength(1);

	await gotoHydrated(page, `/c/${SLUG}/rehearsal`);
	await expect(page.getByTestId('rehearsals')).toContainText('Dress rehearsal');
});
