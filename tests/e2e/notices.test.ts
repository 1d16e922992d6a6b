/**
 * A notice from draft to the service desk: a comms user writes a notice in Finnish, Swedish and English (the
 * editor says which required languages are missing as they type), sends it for approval; a second comms user
 * approves and publishes it; it shows on its page and on the service desk's view, where a later update is marked
 * as changed since the last look. The preview of a draft's edit and of an update follows the typing before it is
 * saved, as the public page renders it. Markup typed into a title or a body stays text. axe finds no violations on the
 * notices page, the notice's page and the service desk's view. Without JavaScript, on a phone: a draft from an
 * incident, a maintenance's texts filled in from its window, and a refused draft that keeps what was typed.
 */
import { expect, test, type Page } from '@playwright/test';
import {
	ADMIN,
	createComms,
	createOpenCutover,
	gotoHydrated,
	login,
	signedIn,
	violationsOf
} from './helpers';

const SLUG = 'e2e-notices';
const WRITER = { username: 'comms-ella', displayName: 'Ella Comms', password: 'comms-ella-password-1' };
const APPROVER = { username: 'comms-otto', displayName: 'Otto Comms', password: 'comms-otto-password-1' };
/** Script that would set a mark on the window if any of it ran. */
const XSS_TITLE = '<img src=x onerror="window.__xss=1">Katko';
const XSS_BODY = 'Lue <script>window.__xss=1</script> ohje [tästä](javascript:window.__xss=1).\n\n**Huom.**';

/** No script typed into a notice ran, and no element it typed exists on the page. */
async function expectInert(page: Page): Promise<void> {
	expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
	await expect(page.locator('img[src="x"]')).toHaveCount(0);
	await expect(page.locator('a[href^="javascript:"]')).toHaveCount(0);
}

test('a comms user writes a notice in three languages, another approves it, and the service desk reads it', async ({
	browser
}) => {
	// Three people and six pages checked by axe, on a machine other suites share.
	test.setTimeout(420_000);
	const admin = await signedIn(browser, ADMIN);
	await createOpenCutover(admin, { slug: SLUG, name: 'E2E notices cutover', hours: 4 });
	const service = await admin.request.post(`/api/v1/cutovers/${SLUG}/services`, {
		data: { key: 'customer', name: 'Customer e-services' }
	});
	expect(service.status(), await service.text()).toBe(201);
	await createComms(admin, WRITER);
	await createComms(admin, APPROVER);

	// The admin asks for a second approval on this cutover's notices.
	await gotoHydrated(admin, `/c/${SLUG}/notices`);
	await admin.getByTestId('settings-second-approval').check();
	await admin.getByTestId('notice-settings-submit').click();
	await expect(admin.getByTestId('notice-settings-saved')).toBeVisible();
	expect(await violationsOf(admin)).toEqual([]);

	// The writer drafts it; the editor says what is still missing as they type.
	const writer = await signedIn(browser, WRITER);
	await gotoHydrated(writer, `/c/${SLUG}/notices`);
	const form = writer.getByTestId('notice-create-form');
	await form.getByLabel('General information').check();
	await form.getByTestId('notice-service-customer').check();
	const missing = form.getByTestId('notice-missing');
	await expect(missing).toHaveText('Missing: Finnish, Swedish');
	await form.getByTestId('notice-title-fi').fill(XSS_TITLE);
	await form.getByTestId('notice-body-fi').fill(XSS_BODY);
	await expect(missing).toHaveText('Missing: Swedish');
	await form.getByTestId('notice-title-sv').fill('Avbrott i e-tjänsten');
	await form.getByTestId('notice-body-sv').fill('E-tjänsten är stängd under **natten**.');
	await form.getByTestId('notice-title-en').fill('E-service break');
	await form.getByTestId('notice-body-en').fill('The e-service is closed during the **night**.');
	await expect(missing).toHaveText('Every required language has a title and a text.');
	await form.getByTestId('notice-create-submit').click();
	await expect(writer).toHaveURL(new RegExp(`/c/${SLUG}/notices/NTC-\\d+$`));
	const path = new URL(writer.url()).pathname;
	const ref = path.split('/').at(-1)!;
	await expect(writer.getByTestId('notice-status')).toHaveText('Draft');
	// The preview renders the Markdown and keeps the markup typed as text.
	await expect(writer.getByTestId('preview-en').locator('strong')).toHaveText('night');
	await expect(writer.getByTestId('preview-fi')).toContainText(XSS_TITLE);
	await expectInert(writer);
	expect(await violationsOf(writer)).toEqual([]);

	// The preview follows what is typed, before it is saved, rendered as the public page renders it.
	const edit = writer.getByTestId('notice-edit-form');
	await edit.getByTestId('notice-title-sv').fill('Avbrott i e-tjänsten i natt');
	await edit
		.getByTestId('notice-body-sv')
		.fill('E-tjänsten är stängd **hela natten**.\n\n<script>window.__xss=1</script>');
	const previewSv = writer.getByTestId('preview-sv');
	await expect(previewSv.locator('strong')).toHaveText('hela natten');
	await expect(previewSv).toContainText('Avbrott i e-tjänsten i natt');
	await expect(previewSv).toContainText('<script>window.__xss=1</script>');
	await expect(previewSv.locator('script')).toHaveCount(0);
	await expect(writer.getByTestId('preview-state')).toHaveAttribute('data-unsaved', 'true');
	await expectInert(writer);
	expect(await violationsOf(writer)).toEqual([]);
	// Nothing of it is saved.
	const saved = await (await writer.request.get(`/api/v1/cutovers/${SLUG}/notices/${ref}`)).json();
	expect(saved.texts.sv.body).toBe('E-tjänsten är stängd under **natten**.');

	// With a second approval asked for, it cannot be published before someone else approves it.
	await expect(writer.getByTestId('notice-publish-form')).toHaveCount(0);
	await writer.getByTestId('notice-submit').click();
	await expect(writer.getByTestId('notice-status')).toHaveText('Awaiting approval');
	await expect(writer.getByTestId('notice-own')).toBeVisible();
	// The notice changed: its saved texts stand in the preview again, and in the form.
	await expect(writer.getByTestId('preview-state')).toHaveAttribute('data-unsaved', 'false');
	await expect(previewSv.locator('strong')).toHaveText('natten');
	await expect(edit.getByTestId('notice-body-sv')).toHaveValue('E-tjänsten är stängd under **natten**.');

	// The desk is looked at before anything is published: the notice is not there yet.
	await gotoHydrated(writer, `/c/${SLUG}/service-desk`);
	await expect(writer.getByTestId('desk-empty')).toBeVisible();
	await expect(writer.getByTestId('desk-last-look')).toContainText('first look');

	// The approver approves and publishes it now.
	const approver = await signedIn(browser, APPROVER);
	await gotoHydrated(approver, path);
	await approver.getByTestId('notice-approve').click();
	await expect(approver.getByTestId('notice-approved')).toContainText(APPROVER.username);
	await approver.getByTestId('notice-publish').click();
	await expect(approver.getByTestId('notice-status')).toHaveText('Published');
	const timeline = approver.getByTestId('notice-timeline');
	await expect(timeline.locator('li')).toHaveCount(1);
	// Entry ids count across the run's notices (another test's may come first): the one entry, by pattern.
	const entryTexts = (lang: string) => timeline.getByTestId(new RegExp(`^entry-\\d+-texts-${lang}$`));
	for (const [lang, text] of [
		['fi', 'Huom.'],
		['sv', 'Avbrott i e-tjänsten'],
		['en', 'E-service break']
	])
		await expect(entryTexts(lang)).toContainText(text);
	await expect(entryTexts('fi')).toContainText(XSS_TITLE);
	await expectInert(approver);
	expect(await violationsOf(approver)).toEqual([]);

	// The writer's service desk, open in the browser, loads it by itself (a notice event).
	const desk = writer.getByTestId(`desk-notice-${ref}`);
	await expect(desk).toBeVisible();
	for (const lang of ['fi', 'sv', 'en'])
		await expect(desk.getByTestId(`desk-${ref}-texts-${lang}`)).not.toBeEmpty();
	await expect(desk.getByTestId(`desk-${ref}-texts-en`)).toContainText(
		'The e-service is closed during the night.'
	);
	await expectInert(writer);
	expect(await violationsOf(writer)).toEqual([]);

	// An update after the writer's look: the desk marks it as changed when they look again.
	await writer.goto(`/c/${SLUG}/notices`);
	await gotoHydrated(approver, path);
	const entry = approver.getByTestId('notice-entry-form');
	await entry.getByTestId('notice-body-en').fill('The e-service opens again at **06:00**.');
	// Its preview follows the typing too, before anything is published.
	await expect(entry.getByTestId('entry-preview-en').locator('strong')).toHaveText('06:00');
	await expect(entry.getByTestId('entry-preview-state')).toHaveAttribute('data-unsaved', 'true');
	expect(await violationsOf(approver)).toEqual([]);
	await entry.getByTestId('notice-entry-submit').click();
	await expect(timeline.locator('li')).toHaveCount(2);
	await gotoHydrated(writer, `/c/${SLUG}/service-desk`);
	await expect(desk).toHaveAttribute('data-changed', 'true');
	await expect(desk.getByTestId(`desk-${ref}-texts-en`)).toContainText('opens again at 06:00');
	await expect(writer.getByTestId('desk-last-look')).toBeVisible();

	await Promise.all([admin, writer, approver].map((p) => p.context().close()));
});

test('without JavaScript: a draft from an incident, a maintenance filled in from its window, and a refusal that keeps the texts', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const context = await browser.newContext({
		javaScriptEnabled: false,
		viewport: { width: 375, height: 740 }
	});
	const page = await context.newPage();
	await login(page, ADMIN.username, ADMIN.password);
	const opened = await page.request.post(`/api/v1/cutovers/${SLUG}/incidents`, {
		data: {
			title: 'Slow sign-in',
			severity: 'P3',
			affected: [{ service: 'customer', impact: 'degraded_performance' }]
		}
	});
	expect(opened.status(), await opened.text()).toBe(201);
	const incident = (await opened.json()).ref as string;

	// "Draft a public update" on the incident's page opens a draft that says where it came from.
	await page.goto(`/c/${SLUG}/incidents/${incident}`);
	await page.getByTestId('incident-draft-notice-submit').click();
	await expect(page).toHaveURL(new RegExp(`/c/${SLUG}/notices/NTC-\\d+$`));
	await expect(page.getByTestId('notice-origin')).toContainText(incident);
	await expect(page.getByTestId('notice-status')).toHaveText('Draft');

	// A maintenance: its texts written from the window typed in the cutover's zone.
	await page.goto(`/c/${SLUG}/notices`);
	let form = page.getByTestId('notice-create-form');
	await form.getByLabel('Planned maintenance').check();
	await form.getByTestId('notice-service-customer').check();
	await form.getByTestId('notice-starts-at').fill('2027-01-10 22:00');
	await form.getByTestId('notice-ends-at').fill('2027-01-10 20:00');
	await form.getByTestId('notice-fill').click();
	form = page.getByTestId('notice-create-form');
	// The end before the start: said under the end, and nothing written.
	await expect(form.getByTestId('form-error')).toBeVisible();
	await expect(form.getByTestId('notice-title-fi')).toHaveValue('');
	await form.getByTestId('notice-ends-at').fill('2027-01-11 04:00');
	await form.getByTestId('notice-fill').click();
	form = page.getByTestId('notice-create-form');
	await expect(page.getByTestId('notice-filled')).toBeVisible();
	for (const lang of ['fi', 'sv', 'en'])
		await expect(form.getByTestId(`notice-title-${lang}`)).not.toHaveValue('');
	await expect(form.getByTestId('notice-body-en')).toHaveValue(/Customer e-services/);
	await expect(form.getByTestId('notice-service-customer')).toBeChecked();
	await expect(form.getByLabel('Planned maintenance')).toBeChecked();

	// A refusal keeps what was typed: the Swedish title emptied is missing, the rest stays.
	await form.getByTestId('notice-title-sv').fill('');
	const finnish = await form.getByTestId('notice-body-fi').inputValue();
	await form.getByTestId('notice-create-submit').click();
	form = page.getByTestId('notice-create-form');
	await expect(form.getByTestId('notice-body-fi')).toHaveValue(finnish);
	await expect(form.getByTestId('notice-starts-at')).toHaveValue('2027-01-10 22:00');
	await expect(form.getByTestId('notice-missing')).toHaveText('Missing: Swedish');
	await expect(form.getByTestId('notice-title-sv')).toHaveAttribute('aria-invalid', 'true');

	// On a phone the three languages stand one under another.
	const boxes = await Promise.all(
		['fi', 'sv', 'en'].map((lang) => form.getByTestId(`notice-title-${lang}`).boundingBox())
	);
	expect(boxes[0]!.y).toBeLessThan(boxes[1]!.y);
	expect(boxes[1]!.y).toBeLessThan(boxes[2]!.y);

	// The service desk says that without JavaScript nothing is marked as changed.
	await page.goto(`/c/${SLUG}/service-desk`);
	await expect(page.getByTestId('service-desk')).toContainText('Without JavaScript');
	await context.close();
});
