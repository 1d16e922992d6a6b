/**
 * A programme's wave from end to end: a runbook template saved on its page, a wave built from it on the waves
 * page, the wave's tasks done on the wave's board (the system is moved), and a tester who signs off through the
 * link on a 375 px phone with JavaScript off, without an account: the system counts as migrated.
 */
import { expect, test } from '@playwright/test';
import { writeClockTime } from '../../src/lib/shared/clock-time';
import { ADMIN, apiTasks, gotoHydrated, login, openBoard, violationsOf } from './helpers';
import {
	createProgramme,
	importSystems,
	readProgramme,
	signoffLink,
	stepLines,
	system,
	TESTER,
	VM_STEPS,
	WORK_STEPS
} from './programme-helpers';

const PROGRAMME = 'e2e-programme';
const WAVE = 'e2e-wave-1';
const ZONE = 'Europe/Helsinki';
const vm = (key: string, name: string, agency: string) =>
	system(key, { name, agency, vmCount: 2, templateKey: 'vm' });

test('a wave built from a template is run, and a tester signs off through a link on a phone', async ({
	page,
	browser
}) => {
	test.setTimeout(180_000);
	await login(page, ADMIN.username, ADMIN.password);
	const now = Date.now();
	await createProgramme(page.request, { slug: PROGRAMME, name: 'E2E data centre move', timezone: ZONE });
	await importSystems(page.request, PROGRAMME, [
		vm('HR-1', 'Payroll', 'Tax agency'),
		vm('LIB-1', 'Library loans', 'City library')
	]);

	// The template, typed one step a line.
	await gotoHydrated(page, `/p/${PROGRAMME}/templates`);
	await page.locator('input[name="key"]').fill('vm');
	await page.locator('input[name="name"]').fill('VM lift and shift');
	await page.getByTestId('template-steps').fill(stepLines(VM_STEPS));
	await page.getByTestId('template-save').click();
	await expect(page.getByTestId('template-saved')).toContainText('Template vm saved (version 1)');
	await expect(page.getByTestId('templates')).toContainText('4 steps');
	expect(await violationsOf(page)).toEqual([]);

	// The wave: the systems filtered by agency, one chosen, its window open since half an hour ago.
	await gotoHydrated(page, `/p/${PROGRAMME}/waves?agency=${encodeURIComponent('Tax agency')}`);
	await expect(page.getByTestId('wave-system')).toHaveCount(1);
	await page.getByTestId('wave-name').fill('Wave 1');
	await page.getByTestId('wave-slug').fill(WAVE);
	const start = Math.floor((now - 30 * 60_000) / 60_000) * 60_000;
	await page.getByTestId('wave-start').fill(writeClockTime(start, ZONE, 'en'));
	await page.getByTestId('wave-end').fill(writeClockTime(start + 8 * 3_600_000, ZONE, 'en'));
	await page.getByLabel('Move Payroll').check();
	await page.getByTestId('wave-build').click();
	await expect(page.getByTestId('wave-built')).toContainText('Wave e2e-wave-1 built with 1 system');
	await expect(page.getByTestId('wave-link')).toHaveText('Wave 1');
	expect(await violationsOf(page)).toEqual([]);

	// The wave's board runs it: each work task started and ticked done.
	await openBoard(page, `/c/${WAVE}`);
	for (const step of WORK_STEPS) {
		const row = page.getByTestId(`task-row-HR-1.${step}`);
		await row.getByTestId('task-action-in_progress').click();
		await expect(row).toHaveAttribute('data-status', 'in_progress');
		await row.getByTestId('task-action-done').click();
		await expect(row).toHaveAttribute('data-status', 'done');
	}
	const programme = () => readProgramme(page.request, PROGRAMME);
	await expect
		.poll(async () => (await programme()).systems.find((s) => s.key === 'HR-1')?.stage)
		.toBe('moved');
	expect((await programme()).counts.done.systems).toBe(0);

	const path = await signoffLink(page.request, PROGRAMME, 'HR-1', TESTER.email);

	// The tester's phone: the page passes axe (checked with scripts on, as axe runs in the page) ...
	const look = await browser.newContext({ viewport: { width: 375, height: 740 } });
	const looking = await look.newPage();
	await looking.goto(path);
	await expect(looking.getByRole('heading', { level: 1 })).toHaveText('Sign-off: Payroll');
	await expect(looking.getByText('Tove Tester, Payroll (Tax agency) has been moved.')).toBeVisible();
	expect(await violationsOf(looking)).toEqual([]);
	await look.close();

	// ... and answers with JavaScript off, in Finnish.
	const phone = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 740 } });
	try {
		const tester = await phone.newPage();
		await tester.goto(path);
		await tester.getByRole('button', { name: 'Suomi' }).click();
		await expect(tester.getByRole('heading', { level: 1 })).toHaveText('Hyväksyntä: Payroll');
		await tester.getByTestId('signoff-works').check();
		await tester.getByTestId('signoff-send').click();
		await expect(tester.getByTestId('signoff-thanks')).toContainText('Toimii');
		// The link worked once.
		const again = await tester.goto(path);
		expect(again?.status()).toBe(410);
		await expect(tester.getByText('hyväksyntälinkki on jo käytetty')).toBeVisible();
	} finally {
		await phone.close();
	}

	const after = await programme();
	expect(after.systems.find((s) => s.key === 'HR-1')?.stage).toBe('migrated');
	expect(after.counts.done).toEqual({ systems: 1, machines: 2 });
	expect(after.counts.toGo.systems).toBe(1);
	// The sign-off ticked the system's sign-off step in the wave.
	const signoff = (await apiTasks(page, WAVE)).find((t) => t.key === 'HR-1.signoff');
	expect(signoff?.status).toBe('done');
});
