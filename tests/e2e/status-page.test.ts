/**
 * The public status page in Chromium, as the public meets it: with JavaScript off, in Finnish, Swedish and
 * English, no sign-in and no cookie, the services, an open incident and a planned maintenance written in each
 * language; the language links lead between them; axe finds no WCAG 2.1 A or AA violation on any of them. With
 * JavaScript on, the page takes in a new update by itself.
 */
import { expect, test, type Page } from '@playwright/test';
import { ADMIN, createOpenCutover, login, violationsOf } from './helpers';

const SLUG = 'e2e-julkinen';
const C = `/api/v1/cutovers/${SLUG}`;
const HOUR = 3_600_000;

const TEXTS = {
	fi: { incident: 'Kirjautuminen takkuaa', maintenance: 'Yöllinen huoltokatko', heading: 'Palveluiden tila' },
	sv: {
		incident: 'Inloggningen krånglar',
		maintenance: 'Underhållsavbrott i natt',
		heading: 'Tjänsternas status'
	},
	en: { incident: 'Signing in is slow', maintenance: 'Overnight maintenance', heading: 'Service status' }
} as const;
const LANGS = ['fi', 'sv', 'en'] as const;

async function api(page: Page, method: 'post' | 'put', path: string, data: unknown) {
	const res = await page.request[method](path, { data });
	expect(res.status(), await res.text()).toBeLessThan(300);
	return res.json();
}

const texts = (which: 'incident' | 'maintenance', body: Record<string, string>) =>
	Object.fromEntries(LANGS.map((l) => [l, { title: TEXTS[l][which], body: body[l] }]));

test.describe.configure({ mode: 'serial' });

test('comms staff put a cutover on the public page with an incident and a maintenance', async ({ page }) => {
	await login(page, ADMIN.username, ADMIN.password);
	await createOpenCutover(page, { slug: SLUG, name: 'Julkinen käyttöönotto', hours: 8 });
	for (const [key, name] of [
		['login', 'Kirjautuminen'],
		['portal', 'Asiointi']
	])
		await api(page, 'post', `${C}/services`, { key, name });
	await api(page, 'put', `${C}/notice-settings`, { publicStatus: true });
	const incident = await api(page, 'post', `${C}/incidents`, {
		title: 'Tunnistuspalvelu hidas',
		severity: 'P3',
		affected: [{ service: 'login', impact: 'degraded_performance' }]
	});
	for (const input of [
		{
			kind: 'incident',
			incident: incident.ref,
			services: ['login'],
			texts: texts('incident', {
				fi: 'Selvitämme **hitautta**.',
				sv: 'Vi utreder **långsamheten**.',
				en: 'We are looking into **it**.'
			})
		},
		{
			kind: 'maintenance',
			services: ['portal'],
			maintenance: {
				startsAt: new Date(Date.now() + 24 * HOUR).toISOString(),
				endsAt: new Date(Date.now() + 26 * HOUR).toISOString()
			},
			texts: texts('maintenance', {
				fi: 'Asiointi on poissa käytöstä kaksi tuntia.',
				sv: 'Tjänsten är nere i två timmar.',
				en: 'The service is down for two hours.'
			})
		}
	]) {
		const notice = await api(page, 'post', `${C}/notices`, input);
		await api(page, 'post', `${C}/notices/${notice.ref}/publish`, { at: null });
	}
});

test.describe('with JavaScript off', () => {
	test.use({ javaScriptEnabled: false });

	for (const lang of LANGS)
		test(`the ${lang} page shows the status, the incident and the maintenance without any script or cookie`, async ({
			page,
			context
		}) => {
			await page.goto(`/${lang}/status`);
			await expect(page.locator('html')).toHaveAttribute('lang', lang);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(TEXTS[lang].heading);
			await expect(page.getByRole('heading', { level: 3, name: TEXTS[lang].incident })).toHaveCount(2);
			await expect(
				page.getByRole('heading', { level: 3, name: TEXTS[lang].maintenance }).first()
			).toBeVisible();
			await expect(page.getByRole('row', { name: /Kirjautuminen/ })).toBeVisible();
			expect(await context.cookies()).toEqual([]);
		});

	test('the language links lead from one language to another', async ({ page }) => {
		await page.goto('/fi/status');
		await page.getByRole('link', { name: 'På svenska' }).click();
		await expect(page).toHaveURL(/\/sv\/status$/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(TEXTS.sv.heading);
		await page.getByRole('link', { name: 'In English' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(TEXTS.en.heading);
	});
});

for (const lang of LANGS)
	test(`the ${lang} status page has no accessibility violations`, async ({ page }) => {
		await page.goto(`/${lang}/status`);
		expect(await violationsOf(page)).toEqual([]);
	});

test('with JavaScript on, the page takes in a new update by itself', async ({ page, browser }) => {
	await page.clock.install();
	await page.goto('/en/status');
	await expect(page.getByText('We are looking into it.').first()).toBeVisible();

	const comms = await browser.newPage();
	await login(comms, ADMIN.username, ADMIN.password);
	const { items: notices } = await (await comms.request.get(`${C}/notices`)).json();
	const incident = notices.find((n: { kind: string }) => n.kind === 'incident');
	await api(comms, 'post', `${C}/notices/${incident.ref}/entries`, {
		kind: 'update',
		texts: texts('incident', { fi: 'Korjattu.', sv: 'Åtgärdat.', en: 'A fix is in place.' }),
		incidentStatus: 'monitoring'
	});
	await comms.close();

	await page.clock.runFor(30_000);
	await expect(page.getByText('A fix is in place.').first()).toBeVisible();
	await expect(page.getByText('Monitoring').first()).toBeVisible();
});
