/**
 * A programme in Chromium: created through its form, its inventory imported through the API, its board
 * counting live as a second import lands, and its public progress view with JavaScript off in Finnish, Swedish
 * and English, showing the counts and never a contact's or tester's name or e-mail, nor a host name; axe finds
 * no WCAG 2.1 A or AA violation on the board, the list or the public pages.
 */
import { expect, test } from '@playwright/test';
import { ADMIN, gotoHydrated, login, openBoard, violationsOf } from './helpers';
import { CONTACT, HOST, importSystems, publishProgress, system, TESTER } from './programme-helpers';

const SLUG = 'e2e-ohjelma';
const LANGS = ['fi', 'sv', 'en'] as const;
const INTERNAL = [CONTACT.name, CONTACT.email, TESTER.name, TESTER.email, HOST];

test.describe.configure({ mode: 'serial' });

test('an operator creates a programme through its form and imports its inventory', async ({ page }) => {
	await login(page, ADMIN.username, ADMIN.password);
	await gotoHydrated(page, '/programmes');
	const form = page.locator('form').filter({ has: page.getByTestId('create-programme') });
	await form.locator('[name="name"]').fill('Datasenterflytt');
	await form.locator('[name="slug"]').fill(SLUG);
	await page.getByTestId('create-programme').click();
	await expect(page).toHaveURL(new RegExp(`/p/${SLUG}$`));
	await importSystems(page.request, SLUG, [
		system('SYS-1'),
		system('SYS-2', { environment: 'production', vmCount: 5 })
	]);
	await publishProgress(page.request, SLUG);
	// The cutover list does not show it as a cutover; its old board path leads to its own.
	await page.goto('/');
	await expect(page.getByTestId(`cutover-link-${SLUG}`)).toHaveCount(0);
	await page.goto(`/c/${SLUG}`);
	await expect(page).toHaveURL(new RegExp(`/p/${SLUG}$`));
});

test('the programme board counts live as systems are imported', async ({ page, browser }) => {
	test.slow(); // two sign-ins and an axe run
	await login(page, ADMIN.username, ADMIN.password);
	await openBoard(page, `/p/${SLUG}`);
	await expect(page.getByTestId('programme-headline')).toHaveText('0 of 2 systems, 0 of 8 machines');
	await expect(page.getByTestId('by-environment-production')).toContainText('0 of 5');
	expect(await violationsOf(page)).toEqual([]);

	const other = await browser.newPage();
	await login(other, ADMIN.username, ADMIN.password);
	await importSystems(other.request, SLUG, [system('SYS-3', { agency: 'NAV', vmCount: 4 })]);
	await other.close();

	await expect(page.getByTestId('programme-headline')).toHaveText('0 of 3 systems, 0 of 12 machines');
	await expect(page.getByTestId('by-agency')).toContainText('NAV');
	await expect(page.getByTestId('count-togo')).toContainText('3 of 3');
});

test('the programmes list shows the programme with its counts, accessibly', async ({ page }) => {
	await login(page, ADMIN.username, ADMIN.password);
	await page.goto('/programmes');
	await expect(page.getByTestId(`programme-${SLUG}`)).toContainText('0 of 3 systems, 0 of 12 machines');
	expect(await violationsOf(page)).toEqual([]);
});

test.describe('the public progress view with JavaScript off', () => {
	test.use({ javaScriptEnabled: false });

	const HEADLINE = {
		fi: '0/3 järjestelmää, 0/12 konetta',
		sv: '0 av 3 system, 0 av 12 maskiner',
		en: '0 of 3 systems, 0 of 12 machines'
	};

	for (const lang of LANGS)
		test(`in ${lang}: counts, no people or hosts, no cookie`, async ({ page, context }) => {
			await page.goto(`/${lang}/progress/${SLUG}`);
			await expect(page.locator('html')).toHaveAttribute('lang', lang);
			await expect(page.getByTestId('progress-headline')).toHaveText(HEADLINE[lang]);
			const text = await page.locator('body').innerText();
			for (const internal of INTERNAL) expect(text).not.toContain(internal);
			expect(await page.content()).not.toContain('example.org');
			expect(await context.cookies()).toEqual([]);
		});

	test('the bare path answers in the language the browser asks for', async ({ browser }) => {
		const context = await browser.newContext({ javaScriptEnabled: false, locale: 'sv-SE' });
		const page = await context.newPage();
		await page.goto(`/progress/${SLUG}`);
		await expect(page.locator('html')).toHaveAttribute('lang', 'sv');
		await context.close();
	});
});

for (const lang of LANGS)
	test(`the ${lang} progress view has no accessibility violations`, async ({ page }) => {
		await page.goto(`/${lang}/progress/${SLUG}`);
		expect(await violationsOf(page)).toEqual([]);
	});
