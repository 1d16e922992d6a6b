/**
 * An operator adds a webhook endpoint on its page, sees its secret once, and then sees a delivery to a real
 * receiver (verifying the signature with the standardwebhooks package) in the endpoint's log; a test event too.
 */
import { expect, test } from '@playwright/test';
import { WebhookReceiver } from '../../src/lib/server/testing/webhook-receiver';
import { ADMIN, createOpenCutover, gotoHydrated, login, openBoard, violationsOf } from './helpers';

const SLUG = 'e2e-webhooks';

test('an operator adds a webhook, sees its secret once, and sees deliveries in its log', async ({ page }) => {
	const receiver = await new WebhookReceiver().start();
	try {
		await login(page, ADMIN.username, ADMIN.password);
		await createOpenCutover(page, { slug: SLUG, name: 'E2E webhooks', hours: 4 });
		await openBoard(page, `/c/${SLUG}`);
		await page.getByTestId('nav-webhooks').click();
		await expect(page).toHaveURL(new RegExp(`/c/${SLUG}/webhooks$`));
		await gotoHydrated(page, `/c/${SLUG}/webhooks`);

		await page.getByLabel('Address (URL)').fill(receiver.url);
		// User text is shown as text, never as markup.
		await page.getByLabel('Description').fill('Waiting <b>room</b>');
		await page.getByLabel('Event types').fill('task.*');
		await page.getByRole('button', { name: 'Add endpoint' }).click();
		const secret = page.getByTestId('webhook-secret');
		await expect(secret).toContainText('shown only this once');
		receiver.secret = (await secret.locator('code').textContent())!.trim();
		expect(receiver.secret).toMatch(/^whsec_/);
		const endpoint = page.getByTestId('webhook-endpoint');
		await expect(endpoint).toContainText('Waiting <b>room</b>');
		await expect(endpoint.getByTestId('webhook-status')).toHaveText('Enabled');
		expect(await violationsOf(page)).toEqual([]);

		const task = { key: 'W1', title: 'Open the gates', phase: 'Open', owner: 'ops', durationMinutes: 5 };
		expect((await page.request.post(`/api/v1/cutovers/${SLUG}/tasks`, { data: task })).status()).toBe(201);
		await receiver.receivedCount(1);
		expect(receiver.received[0].verified?.type).toBe('task.created');

		// Read again, the page shows the delivery and no longer the secret.
		await page.reload();
		await expect(page.getByTestId('webhook-secret')).toHaveCount(0);
		await expect(page.getByText(receiver.secret)).toHaveCount(0);
		const log = endpoint.getByTestId('webhook-deliveries');
		await expect(log).toContainText('task.created');
		await expect(log).toContainText('Delivered');

		receiver.answers.push(503);
		await endpoint.getByRole('button', { name: 'Send a test event' }).click();
		await expect(endpoint.getByRole('status')).toContainText('Failed');
		await expect(log).toContainText('webhook.test');
		await expect(log).toContainText('HTTP 503');
		expect(await violationsOf(page)).toEqual([]);
	} finally {
		await receiver.stop();
	}
});
