/**
 * The room asks a supplier for a report on the incident's reports page; the supplier fills it in through the link,
 * in a browser without an account, and the room's page shows it without a reload; the link then refuses a second
 * use; the MIM records the root-cause analysis; the incident report shows both on its print page and in the
 * Markdown export.
 */
import { expect, test } from '@playwright/test';
import { ADMIN, createOpenCutover, gotoHydrated, login, violationsOf } from './helpers';

const SLUG = 'e2e-reports';
const ACME = { name: 'Aino Acme', organisation: 'Acme Hosting', email: 'aino@acme.example' };

test('a supplier reports through the link without an account, and the report exports', async ({
	page,
	browser
}) => {
	await login(page, ADMIN.username, ADMIN.password);
	await createOpenCutover(page, { slug: SLUG, name: 'E2E reports', hours: 4 });
	const opened = await page.request.post(`/api/v1/cutovers/${SLUG}/incidents`, {
		data: { title: 'Sign-in down', severity: 'P3', suppliers: [ACME] }
	});
	expect(opened.status()).toBe(201);
	const ref = (await opened.json()).ref as string;
	await gotoHydrated(page, `/c/${SLUG}/incidents/${ref}`);
	await page.getByTestId('incident-reports-link').click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Reports and analysis of ${ref}`);
	await expect(page.getByTestId(`supplier-${ACME.email}`)).toContainText('no report yet');
	await page.getByTestId('report-ask-email').selectOption(ACME.email);
	await page.getByTestId('report-ask').click();
	const link = page.getByTestId('report-link').getByRole('textbox');
	await expect(link).toHaveValue(/\/report\/[A-Za-z0-9_-]{20,}$/);
	const path = new URL(await link.inputValue()).pathname;
	await expect(page.getByTestId(`supplier-${ACME.email}`)).toContainText('open until');
	expect(await violationsOf(page)).toEqual([]);

	// The supplier's browser has no session: the link is all it needs.
	const context = await browser.newContext();
	try {
		const supplier = await context.newPage();
		await gotoHydrated(supplier, path);
		await expect(supplier.getByRole('heading', { level: 1 })).toHaveText(`Report on ${ref}`);
		await supplier.getByTestId('report-when').fill('18:02 to 18:40');
		await supplier.getByTestId('report-how').fill('The load balancer dropped sessions');
		await supplier.getByTestId('report-what').fill('Sign-in failed for <b>every</b> customer');
		await supplier.getByTestId('report-why').fill('A connection limit of 10,000');
		await supplier.getByTestId('report-consequences').fill('Customers could not sign in for 38 minutes');
		await supplier.getByTestId('report-action0-text').fill('Raise the limit');
		await supplier.getByTestId('report-action0-owner').fill('Acme ops');
		await supplier.getByTestId('report-action0-due').fill('2026-12-20');
		expect(await violationsOf(supplier)).toEqual([]);
		await supplier.getByTestId('report-send').click();
		await expect(supplier.getByTestId('report-sent')).toContainText('version 1');

		// The link worked once.
		const again = await supplier.goto(path);
		expect(again?.status()).toBe(409);
		await expect(supplier.getByText('already used')).toBeVisible();
	} finally {
		await context.close();
	}

	// The room's page learnt of the report from the socket.
	await expect(page.getByTestId('supplier-report')).toContainText('Acme Hosting (Aino Acme), version 1');
	await expect(page.getByTestId(`supplier-${ACME.email}`)).toContainText('answered');

	await page.getByTestId('rca-cause').fill('A connection limit set for the old platform');
	await page.getByTestId('rca-contributing').fill('No load test at opening volume');
	await page.getByTestId('rca-wentWell').fill('The MIM was named within minutes');
	await page.getByTestId('rca-wentBadly').fill('Suppliers were reached late');
	await page.getByTestId('rca-action0-text').fill('Load test every opening');
	await page.getByTestId('rca-action0-owner').fill('Test lead');
	await page.getByTestId('rca-action0-due').fill('2027-01-15');
	await page.getByTestId('rca-record').click();
	await expect(page.getByTestId('rca-version')).toContainText('Version 1, by');
	await expect(page.getByTestId('rca-record')).toHaveText('Record a new version');

	await page.getByTestId('report-print').click();
	await expect(page.getByTestId('incident-report')).toContainText(
		'A connection limit set for the old platform'
	);
	await expect(page.getByTestId('incident-report')).toContainText(
		'Load test every opening (owner: Test lead, due 2027-01-15)'
	);
	const report = page.getByTestId('supplier-report');
	await expect(report).toContainText('Report of Acme Hosting (Aino Acme), version 1');
	// User text is shown as text, never as markup.
	await expect(report).toContainText('Sign-in failed for <b>every</b> customer');
	await expect(report).toContainText('Raise the limit (owner: Acme ops, due 2026-12-20)');

	const md = await page.request.get(`/api/v1/cutovers/${SLUG}/incidents/${ref}/report?format=md`);
	expect(md.status()).toBe(200);
	expect(await md.text()).toContain('> Sign-in failed for \\<b>every\\</b> customer');
});
