/**
 * The public subscription pages with JavaScript off, in every language, checked with axe (which needs scripts:
 * it runs in a second page of the same URLs with them on): subscribing by e-mail
 * (a bad address refused under its field) and by webhook (its secret shown once, its verification received),
 * unsubscribing by a message's link through the page's button and by a mail provider's one-click POST.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { Webhook } from 'standardwebhooks';
import { WebhookReceiver } from '../../src/lib/server/testing/webhook-receiver';
import { violationsOf } from './helpers';

const TITLES = { fi: 'Tilaa tiedotteet', sv: 'Prenumerera på meddelanden', en: 'Subscribe to notices' };

const receivers: WebhookReceiver[] = [];
test.afterAll(async () => {
	for (const r of receivers) await r.stop();
});

async function withoutScripts(browser: Browser): Promise<Page> {
	const context = await browser.newContext({ javaScriptEnabled: false });
	return context.newPage();
}

/** Subscribes a new receiver as a webhook; answers its unsubscribe path, from its signed verification message. */
async function subscribeWebhook(page: Page): Promise<string> {
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
		data: { unsubscribeUrl: string };
	};
	expect(message.type).toBe('subscription.verify');
	return new URL(message.data.unsubscribeUrl).pathname;
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

test('a webhook is verified, then unsubscribed by the button of its link’s page', async ({
	browser,
	page: js
}) => {
	const page = await withoutScripts(browser);
	const unsubscribe = await subscribeWebhook(page);
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
	const unsubscribe = await subscribeWebhook(page);
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
