/**
 * An operator keeps the catalogue of services in the browser: adds one, renames it, restricts it with a reason
 * and an expected end (which the board's service list shows, live), lifts the restriction, and removes it after
 * a confirmation; a refused form keeps what was typed and names the field.
 */
import { expect, test } from '@playwright/test';
import { ADMIN, createOpenCutover, gotoHydrated, login, violationsOf } from './helpers';

const SLUG = 'e2e-services';

test('the catalogue of services is kept in the browser, and the board follows it live', async ({
	page,
	browser
}) => {
	await login(page, ADMIN.username, ADMIN.password);
	await createOpenCutover(page, { slug: SLUG, name: 'E2E services', hours: 4 });
	await gotoHydrated(page, `/c/${SLUG}/services`);
	await expect(page.getByTestId('catalogue-empty')).toBeVisible();

	// A key with a space is refused, naming the field, and what was typed stays.
	await page.getByTestId('catalogue-new-key').fill('expert market');
	await page.getByTestId('catalogue-new-name').fill('Expert marketplace');
	await page.getByTestId('catalogue-add-submit').click();
	await expect(page.getByTestId('catalogue-new-name')).toHaveValue('Expert marketplace');
	await expect(page.getByTestId('catalogue-new-key')).toHaveAttribute('aria-invalid', 'true');
	await page.getByTestId('catalogue-new-key').fill('market');
	await page.getByTestId('catalogue-add-submit').click();
	const market = page.getByTestId('catalogue-market');
	await expect(market).toContainText('Expert marketplace');
	await expect(market.getByTestId('catalogue-status')).toHaveText('Operational');

	// The board, open in another browser, follows what the catalogue page does.
	const context = await browser.newContext();
	const board = await context.newPage();
	try {
		await login(board, ADMIN.username, ADMIN.password);
		await gotoHydrated(board, `/c/${SLUG}`);
		await expect(board.getByTestId('service-market')).toContainText('Expert marketplace');

		await market.getByText('Rename or move').click();
		await market.getByLabel('Name').fill('Expert marketplace <b>beta</b>');
		await market.getByTestId('catalogue-save').click();
		await expect(market).toContainText('Expert marketplace <b>beta</b>');
		await expect(board.getByTestId('service-market')).toContainText('Expert marketplace <b>beta</b>');

		await market.locator('summary', { hasText: /^Restrict/ }).click();
		await market.getByTestId('catalogue-reason').fill('Restricted for the day while e-services recover');
		await market.getByTestId('catalogue-end').fill('2099-12-31 18:00');
		await market.getByTestId('catalogue-restrict').click();
		await expect(market.getByTestId('catalogue-restriction')).toContainText(
			'Restricted for the day while e-services recover'
		);
		await expect(board.getByTestId('service-restriction')).toContainText('while e-services recover');
		expect(await violationsOf(page)).toEqual([]);

		await market.getByText('Lift the restriction').click();
		await market.getByTestId('catalogue-lift').click();
		await expect(market.getByTestId('catalogue-restriction')).toHaveCount(0);
		await expect(board.getByTestId('service-restriction')).toHaveCount(0);

		await market.getByTestId('catalogue-remove').click();
		await page.getByTestId('catalogue-remove-confirm').click();
		await expect(page.getByTestId('catalogue-market')).toHaveCount(0);
		await expect(board.getByTestId('service-market')).toHaveCount(0);
	} finally {
		await context.close();
	}
});
