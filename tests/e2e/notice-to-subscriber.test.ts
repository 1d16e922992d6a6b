/**
 * A notice from its writer to a subscriber's mailbox, as issue 17 asks: a reader subscribes on the public page by
 * e-mail in Swedish and confirms through the link mailed to them (double opt-in); a comms user writes a notice in
 * Finnish, Swedish and English and sends it for approval; a second comms user approves and publishes it; it
 * shows on the public status page with JavaScript off in all three languages, and the subscriber's mail, in
 * Swedish, arrives at the run's SMTP server with its one-click unsubscribe headers.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { ADMIN, createComms, createOpenCutover, gotoHydrated, signedIn, violationsOf } from './helpers';
import { nthMailTo } from './mail';

const SLUG = 'e2e-tiedote';
const CUTOVER = 'Tiedotteiden läpivienti';
const WRITER = { username: 'comms-aino', displayName: 'Aino Comms', password: 'comms-aino-password-1' };
const APPROVER = { username: 'comms-bror', displayName: 'Bror Comms', password: 'comms-bror-password-1' };
const SUBSCRIBER = 'prenumerant@example.org';
const LANGS = ['fi', 'sv', 'en'] as const;
const TEXTS = {
	fi: {
		title: 'Asiointipalvelu avautuu',
		body: 'Uusi asiointipalvelu avautuu **maanantaina** kello 8.',
		strong: 'maanantaina'
	},
	sv: {
		title: 'E-tjänsten öppnar',
		body: 'Den nya e-tjänsten öppnar på **måndag** klockan 8.',
		strong: 'måndag'
	},
	en: { title: 'The e-service opens', body: 'The new e-service opens on **Monday** at 8.', strong: 'Monday' }
};

async function withoutScripts(browser: Browser): Promise<Page> {
	return (await browser.newContext({ javaScriptEnabled: false })).newPage();
}

test('a notice written in three languages and approved reaches the public page and a subscriber’s mail', async ({
	browser
}) => {
	// Four people, a confirmation and a notice mailed by a sender that looks for work every few seconds.
	test.setTimeout(300_000);
	const admin = await signedIn(browser, ADMIN);
	await createOpenCutover(admin, { slug: SLUG, name: CUTOVER, hours: 6 });
	const service = await admin.request.post(`/api/v1/cutovers/${SLUG}/services`, {
		data: { key: 'portal', name: 'Asiointipalvelu' }
	});
	expect(service.status(), await service.text()).toBe(201);
	const settings = await admin.request.put(`/api/v1/cutovers/${SLUG}/notice-settings`, {
		data: { publicStatus: true, secondApproval: true }
	});
	expect(settings.status(), await settings.text()).toBe(200);
	await createComms(admin, WRITER);
	await createComms(admin, APPROVER);

	// A reader subscribes on the public page, without scripts, in Swedish, to the service.
	const reader = await withoutScripts(browser);
	await reader.goto('/status/subscribe?lang=sv');
	await reader.getByTestId('subscribe-email').fill(SUBSCRIBER);
	await expect(reader.getByTestId('subscribe-language')).toHaveValue('sv');
	await reader.getByTestId(`service-${SLUG}/portal`).check();
	await reader.getByTestId('subscribe-send').click();
	await expect(reader.getByTestId('subscribed')).toContainText(SUBSCRIBER);

	// Nothing but the confirmation is sent until they follow its link and press the button there.
	const confirmation = await nthMailTo(SUBSCRIBER, 1);
	expect(confirmation.headers.subject).toBe('Bekräfta din prenumeration på meddelanden');
	const link = /http:\/\/\S+\/status\/confirm\/\S+/.exec(confirmation.text ?? '')?.[0];
	expect(link, confirmation.text ?? '').toBeDefined();
	await reader.goto(link!);
	await reader.getByTestId('confirm').click();
	await expect(reader.getByTestId('confirmed')).toHaveText(
		'Prenumerationen gäller. Varje meddelande har en länk för att avsluta den.'
	);

	// The writer drafts the notice in three languages and sends it for approval.
	const writer = await signedIn(browser, WRITER);
	await gotoHydrated(writer, `/c/${SLUG}/notices`);
	const form = writer.getByTestId('notice-create-form');
	await form.getByLabel('General information').check();
	await form.getByTestId('notice-service-portal').check();
	for (const lang of LANGS) {
		await form.getByTestId(`notice-title-${lang}`).fill(TEXTS[lang].title);
		await form.getByTestId(`notice-body-${lang}`).fill(TEXTS[lang].body);
	}
	await expect(form.getByTestId('notice-missing')).toHaveText(
		'Every required language has a title and a text.'
	);
	await form.getByTestId('notice-create-submit').click();
	await expect(writer).toHaveURL(new RegExp(`/c/${SLUG}/notices/NTC-\\d+$`));
	const path = new URL(writer.url()).pathname;
	const ref = path.split('/').at(-1)!;
	await writer.getByTestId('notice-submit').click();
	await expect(writer.getByTestId('notice-status')).toHaveText('Awaiting approval');

	// Another comms user approves and publishes it.
	const approver = await signedIn(browser, APPROVER);
	await gotoHydrated(approver, path);
	await approver.getByTestId('notice-approve').click();
	await expect(approver.getByTestId('notice-approved')).toContainText(APPROVER.username);
	await approver.getByTestId('notice-publish').click();
	await expect(approver.getByTestId('notice-status')).toHaveText('Published');

	// On the public page, without scripts, in each language: the notice in that language, its Markdown rendered.
	for (const lang of LANGS) {
		await reader.goto(`/${lang}/status`);
		await expect(reader.locator('html')).toHaveAttribute('lang', lang);
		const card = reader.locator(`article[id="${SLUG}-${ref}"]`);
		await expect(card.getByRole('heading', { level: 3 })).toHaveText(TEXTS[lang].title);
		await expect(card.locator(`.body[lang="${lang}"] strong`)).toHaveText(TEXTS[lang].strong);
		await expect(card).toContainText(CUTOVER);
	}
	expect(await reader.context().cookies()).toEqual([]);
	// axe needs scripts: the same page with them on.
	await gotoHydrated(approver, '/sv/status');
	await expect(approver.locator(`article[id="${SLUG}-${ref}"]`)).toBeVisible();
	expect(await violationsOf(approver)).toEqual([]);

	// The subscriber's mail: in Swedish, the text and the rendered Markdown, with the one-click unsubscribe.
	const mail = await nthMailTo(SUBSCRIBER, 2);
	expect(mail.headers.subject).toBe(`${CUTOVER}: ${TEXTS.sv.title}`);
	expect(mail.text).toContain('Den nya e-tjänsten öppnar på måndag klockan 8.');
	expect(mail.text).toContain('Avsluta prenumerationen:');
	expect(mail.html).toContain('<strong>måndag</strong>');
	const unsubscribe = /^<(http:\/\/\S+\/status\/unsubscribe\/\S+)>$/.exec(mail.headers['list-unsubscribe']);
	expect(unsubscribe, mail.headers['list-unsubscribe']).not.toBeNull();
	expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
	expect(mail.text).toContain(unsubscribe![1]);
	// The link works: its page offers to unsubscribe, in Swedish.
	await reader.goto(unsubscribe![1]);
	await expect(reader.getByTestId('unsubscribe')).toBeVisible();
	await expect(reader.locator('div[lang="sv"]')).toHaveCount(1);

	await Promise.all([admin, writer, approver, reader].map((p) => p.context().close()));
});
