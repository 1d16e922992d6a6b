/**
 * An operator keeps a programme's inventory in the browser: a file with bad rows is refused with every row's line
 * and column (without JavaScript too), the fixed file fills the table, the filters narrow it, and one system is
 * changed in its form. The page passes axe.
 */
import { expect, test } from '@playwright/test';
import { ADMIN, gotoHydrated, login, violationsOf } from './helpers';

const SLUG = 'e2e-inventory';
const DAY = 86_400_000;
const HEADER =
	'key;name;agency;environment;vms;machines;criticality;contact name;contact email;testers;template';
const ROWS = [
	'PAY-1;Payroll;Finance office;test;2;pay-app1 pay-db1;high;Kari Nordmann;kari@example.org;Tove Tester <tove@example.org>;vm-lift',
	'LIB-1;Library;Culture agency;production;1;;low;Siri Contact;siri@example.org;;',
	'MAP-1;Maps;Planning office;test;3;;medium;Per Contact;per@example.org;;'
];
const file = (lines: string[]) => ({
	name: 'inventory.csv',
	mimeType: 'text/csv',
	buffer: Buffer.from(lines.join('\n'))
});

test('the inventory is imported, filtered and edited in the browser', async ({ page, browser }) => {
	await login(page, ADMIN.username, ADMIN.password);
	const created = await page.request.post('/api/v1/programmes', {
		data: {
			slug: SLUG,
			name: 'E2E moves',
			timezone: 'Europe/Oslo',
			windowStart: new Date(Date.now() - DAY).toISOString(),
			windowEnd: new Date(Date.now() + 365 * DAY).toISOString()
		}
	});
	expect(created.status()).toBe(201);

	// Without JavaScript, a file with bad rows is refused, each row named by its line and column.
	const plain = await browser.newContext({ javaScriptEnabled: false });
	try {
		const noJs = await plain.newPage();
		await login(noJs, ADMIN.username, ADMIN.password);
		await noJs.goto(`/p/${SLUG}/inventory`);
		await noJs
			.getByLabel('CSV or Excel file')
			.setInputFiles(file([HEADER, ROWS[0], ROWS[1].replace('production', 'prod'), ROWS[0]]));
		await noJs.getByRole('button', { name: 'Import' }).click();
		const problems = noJs.getByTestId('import-problem');
		await expect(problems).toHaveCount(2);
		await expect(problems.nth(0)).toContainText('Line 3');
		await expect(problems.nth(0)).toContainText('environment');
		await expect(problems.nth(1)).toContainText('Line 4');
		await expect(noJs.getByTestId('shown-count')).toContainText('0 of 0 systems');
	} finally {
		await plain.close();
	}

	await gotoHydrated(page, `/p/${SLUG}/inventory`);
	await page.getByLabel('CSV or Excel file').setInputFiles(file([HEADER, ...ROWS]));
	await page.getByRole('button', { name: 'Import' }).click();
	await expect(page.getByTestId('imported')).toContainText('3 new, 0 changed, 0 unchanged');
	await expect(page.getByTestId('systems').locator('tbody tr')).toHaveCount(3);

	await page.getByLabel('Environment').selectOption('test');
	await page.getByRole('button', { name: 'Filter' }).click();
	await expect(page).toHaveURL(/environment=test/);
	await expect(page.getByTestId('systems').locator('tbody tr')).toHaveCount(2);
	expect(await violationsOf(page)).toEqual([]);

	await page.getByRole('link', { name: 'Edit system MAP-1' }).click();
	const form = page.locator('#edit-system');
	await form.getByLabel('Testers').fill('Uma Tester <uma@example.org>\nnot a tester');
	await form.getByRole('button', { name: 'Save system' }).click();
	await expect(form.getByLabel('Testers')).toHaveAttribute('aria-invalid', 'true');
	await form.getByLabel('Testers').fill('Uma Tester <uma@example.org>');
	await form.getByRole('button', { name: 'Save system' }).click();
	await expect(form.getByRole('status')).toContainText('System MAP-1 saved.');
	await expect(page.locator('tr[data-key="MAP-1"]')).toContainText('Uma Tester');
	expect(await violationsOf(page)).toEqual([]);
});
