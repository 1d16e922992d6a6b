/**
 * The public subscription pages with JavaScript off, in every language, checked with axe (which needs scripts:
 * it runs in a second page of the same URLs with them on): subscribing by e-mail
 * (a bad address refused under its field, the address, language and services ticked kept) and by webhook (its secret shown once, its verification received),
 * unsubscribing by a message's link through the page's button and by a mail provider's one-click POST, managing
 * the subscription by its link (a refused choice kept as it was made), and the admin's page of subscribers.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { Webhook } from 'standardwebhooks';
import { WebhookReceiver } from '../../src/lib/server/testing/webhook-receiver';
import { ADMIN, createOpenCutover, login, signedIn, violationsOf } from './helpers';

const TITLES = { fi: 'Tilaa tiedotteet', sv: 'Prenumerera på meddelanden', en: 'Subscribe to notices' };

const receivers: WebhookReceiver[] = [];
test.afterAll(async () => {
	for (const r of receivers) await r.stop();
});

async function withoutScripts(browser: Browser): Promise<Page> {
	const context = await browser.newContext({ javaScriptEnabled: false });
	return context.newPage();
}

/**
 * Subscribes a new receiver as a webhook; answers its URL and the paths of its unsubscribe and manage links, from
 * its signed verification message.
 */
async function subscribeWebhook(page: Page): Promise<{ url: string; unsubscribe: string; manage: string }> {
	const receiver = await new WebhookReceiver().start();
	receivers.push(receiver);
	await page.goto('/status/subscribe?lang=en');
	await page.getByTestId('channel-webhook').check();
	await page.getByTestId('subscribe-url').fill(receiver.url);
	await page.getByTestId('subscribe-send').click();
	await expect(page.getByTestId('subscribed')).toContainText('Webhook added');
	const secret = (await page.getByTestId('webhook-secret').textContent())!.trim();
	expect(secret).toMatch(/^whsec_/);
	// The server's sender sends the signed verification (it looks for work every few seconds).
	await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBeGreaterThan(0);
	const [{ body, headers }] = receiver.received;
	const message = new Webhook(secret).verify(body, headers as Record<string, string>) as {
		type: string;
		data: { unsubscribeUrl: string; manageUrl: string };
	};
	expect(message.type).toBe('subscription.verify');
	return {
		url: receiver.url,
		unsubscribe: new URL(message.data.unsubscribeUrl).pathname,
		manage: new URL(message.data.manageUrl).pathname
	};
}

test('the subscribe page works without scripts in fi, sv and en, and passes axe', async ({
	browser,
	page: js
}) => {
	const page = await withoutScripts(browser);
	for (const [lang, title] of Object.entries(TITLES)) {
		await page.goto(`/status/subscribe?lang=${lang}`);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
		await expect(page.locator(`div[lang="${lang}"]`)).toHaveCount(1);
		await js.goto(`/status/subscribe?lang=${lang}`, { waitUntil: 'networkidle' });
		expect(await violationsOf(js)).toEqual([]);
	}
	const cookies = await page.context().cookies();
	expect(cookies).toEqual([]);

	await page.goto('/status/subscribe?lang=fi');
	await page.getByTestId('subscribe-email').fill('not an address');
	await page.getByTestId('subscribe-send').click();
	await expect(page.getByTestId('form-error')).toBeVisible();
	await expect(page.locator('.field-error')).toHaveText('on oltava sähköpostiosoite');
	// The same refusal with scripts on (the enhanced form), checked with axe.
	await js.goto('/status/subscribe?lang=fi', { waitUntil: 'networkidle' });
	await js.getByTestId('subscribe-email').fill('not an address');
	await js.getByTestId('subscribe-send').click();
	await expect(js.locator('.field-error')).toHaveText('on oltava sähköpostiosoite');
	expect(await violationsOf(js)).toEqual([]);

	await page.getByTestId('subscribe-email').fill('reader@example.org');
	await page.getByTestId('subscribe-send').click();
	await expect(page.getByTestId('subscribed')).toContainText('reader@example.org');
	expect(await page.context().cookies()).toEqual([]);
});

test('a refused subscription keeps the address, the language and every ticked service, and names the field, in fi, sv and en', async ({
	browser
}) => {
	const slug = 'e2e-refused-subscription';
	const admin = await signedIn(browser, ADMIN);
	await createOpenCutover(admin, { slug, name: 'Refused subscriptions', hours: 6 });
	for (const key of ['portal', 'mail', 'desk']) {
		const made = await admin.request.post(`/api/v1/cutovers/${slug}/services`, {
			data: { key, name: `Service ${key}` }
		});
		expect(made.status(), await made.text()).toBe(201);
	}
	const settings = await admin.request.put(`/api/v1/cutovers/${slug}/notice-settings`, {
		data: { publicStatus: true }
	});
	expect(settings.status(), await settings.text()).toBe(200);

	const page = await withoutScripts(browser);
	const refusals = {
		fi: { language: 'sv', error: 'on oltava sähköpostiosoite' },
		sv: { language: 'en', error: 'måste vara en e-postadress' },
		en: { language: 'fi', error: 'must be an email address' }
	};
	for (const [lang, { language, error }] of Object.entries(refusals)) {
		await page.goto(`/status/subscribe?lang=${lang}`);
		await page.getByTestId('subscribe-email').fill('reader at example.org');
		await page.getByTestId('subscribe-language').selectOption(language);
		await page.getByTestId(`service-${slug}/portal`).check();
		await page.getByTestId(`service-${slug}/desk`).check();
		await page.getByTestId('subscribe-send').click();

		await expect(page.getByTestId('form-error')).toBeVisible();
		const email = page.getByTestId('subscribe-email');
		await expect(email).toHaveValue('reader at example.org');
		await expect(email).toHaveAttribute('aria-invalid', 'true');
		await expect(email).toHaveAttribute('aria-describedby', 'email-hint email-error');
		await expect(page.locator('#email-error')).toHaveText(error);
		await expect(page.getByTestId('subscribe-language')).toHaveValue(language);
		await expect(page.getByTestId(`service-${slug}/portal`)).toBeChecked();
		await expect(page.getByTestId(`service-${slug}/desk`)).toBeChecked();
		await expect(page.getByTestId(`service-${slug}/mail`)).not.toBeChecked();
		// Still the page's language, which the refusal does not change.
		await expect(page.locator(`div[lang="${lang}"]`)).toHaveCount(1);
	}

	// Corrected, the same form goes through with what was kept.
	await page.getByTestId('subscribe-email').fill('kept@example.org');
	await page.getByTestId('subscribe-send').click();
	await expect(page.getByTestId('subscribed')).toContainText('kept@example.org');
});

test('a webhook is verified, then unsubscribed by the button of its link’s page', async ({
	browser,
	page: js
}) => {
	const page = await withoutScripts(browser);
	const { unsubscribe } = await subscribeWebhook(page);
	await js.goto(unsubscribe, { waitUntil: 'networkidle' });
	expect(await violationsOf(js)).toEqual([]);
	await page.goto(unsubscribe);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Unsubscribe');
	await page.getByTestId('unsubscribe').click();
	await expect(page.getByTestId('unsubscribed')).toBeVisible();
	// Used: the link is unknown now.
	const again = await page.goto(unsubscribe);
	expect(again?.status()).toBe(404);
});

test('a mail provider’s one-click POST unsubscribes (RFC 8058)', async ({ browser, request }) => {
	const page = await withoutScripts(browser);
	const { unsubscribe } = await subscribeWebhook(page);
	const res = await request.post(unsubscribe, {
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		data: 'List-Unsubscribe=One-Click'
	});
	expect(res.status()).toBe(200);
	expect((await request.post(unsubscribe, { form: { 'List-Unsubscribe': 'One-Click' } })).status()).toBe(404);
});

test('an unknown confirmation link says so, and passes axe', async ({ browser, page: js }) => {
	const page = await withoutScripts(browser);
	const res = await page.goto(`/status/confirm/${'x'.repeat(43)}`);
	expect(res?.status()).toBe(404);
	await js.goto(`/status/confirm/${'x'.repeat(43)}`, { waitUntil: 'networkidle' });
	expect(await violationsOf(js)).toEqual([]);
});

test('a message’s manage link changes the language and services without scripts, keeps a refused choice, and unsubscribes; it passes axe in fi, sv and en', async ({
	browser,
	page: js
}) => {
	const page = await withoutScripts(browser);
	const { manage } = await subscribeWebhook(page);
	const titles = { fi: 'Hallitse tilausta', sv: 'Hantera din prenumeration', en: 'Manage your subscription' };
	for (const [lang, title] of Object.entries(titles)) {
		await page.goto(`${manage}?lang=${lang}`);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
		await expect(page.locator(`div[lang="${lang}"]`)).toHaveCount(1);
		await js.goto(`${manage}?lang=${lang}`, { waitUntil: 'networkidle' });
		expect(await violationsOf(js)).toEqual([]);
	}

	// Only chosen services, but none chosen: refused under the field, with the choices kept as they were made.
	await page.goto(`${manage}?lang=sv`);
	await page.getByTestId('manage-language').selectOption('fi');
	await page.getByTestId('scope-chosen').check();
	await page.getByTestId('manage-save').click();
	await expect(page.getByTestId('form-error')).toBeVisible();
	await expect(page.locator('.field-error')).toHaveText('välj minst en tjänst, eller alla');
	await expect(page.getByTestId('manage-language')).toHaveValue('fi');
	await expect(page.getByTestId('scope-chosen')).toBeChecked();
	// The same refusal, checked with axe.
	await js.goto(`${manage}?lang=sv`, { waitUntil: 'networkidle' });
	await js.getByTestId('scope-chosen').check();
	await js.getByTestId('manage-save').click();
	await expect(js.locator('.field-error')).toHaveText('välj minst en tjänst, eller alla');
	expect(await violationsOf(js)).toEqual([]);

	// All services, in Finnish: saved, and the page (without ?lang) now speaks the subscriber's new language.
	await page.getByTestId('scope-all').check();
	await page.getByTestId('manage-save').click();
	await expect(page.getByTestId('manage-saved')).toBeVisible();
	await page.goto(manage);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(titles.fi);
	await expect(page.getByTestId('manage-language')).toHaveValue('fi');
	await expect(page.getByTestId('scope-all')).toBeChecked();

	await page.getByTestId('manage-unsubscribe').click();
	await expect(page.getByTestId('unsubscribed')).toBeVisible();
	expect((await page.goto(manage))?.status()).toBe(404);
	expect(await page.context().cookies()).toEqual([]);
});

test('the admin sees each subscriber’s state and its own delivery log, and the page passes axe', async ({
	browser,
	page
}) => {
	const { url } = await subscribeWebhook(await withoutScripts(browser));
	await login(page, ADMIN.username, ADMIN.password);
	await page.goto('/admin/subscriptions', { waitUntil: 'networkidle' });
	const status = page.getByTestId(`subscriber-status-${url}`);
	await expect(status).toContainText('Active');
	expect(await violationsOf(page)).toEqual([]);
	await status.getByRole('link').click();
	await expect(page.getByTestId('deliveries-title')).toHaveText(`Delivery log of ${url}`);
	await expect(page.getByTestId('subscription-deliveries').locator('tbody tr')).toHaveCount(1);
	expect(await violationsOf(page)).toEqual([]);
});
