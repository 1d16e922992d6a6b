/**
 * A programme from the plan to the public, in one flow: an inventory, a template and a wave built from it; a
 * migration script with a token limited to the wave runs one system's tasks; its tester signs off through the
 * one-use link on a phone; and the programme board, open in another page the whole time, counts each step as it
 * comes, while the public progress view shows the new counts with JavaScript off. (The template and waves pages,
 * and the sign-off with JavaScript off, are driven by hand in programme-wave.test.ts.)
 */
import { devices, expect, test } from '@playwright/test';
import { ADMIN, login, openBoard } from './helpers';
import {
	createProgramme,
	expectStatus,
	importSystems,
	publishProgress,
	signoffLink,
	system,
	TESTER,
	VM_STEPS,
	WORK_STEPS
} from './programme-helpers';
import { createToken } from './transfers-helpers';

const SLUG = 'e2e-flow';
const WAVE = 'e2e-flow-wave-1';
const P = `/api/v1/programmes/${SLUG}`;
const { defaultBrowserType: _, ...PIXEL_7 } = devices['Pixel 7'];

test('a wave built from a template is run, signed off on a phone, and counted on the open board and in public', async ({
	browser,
	playwright,
	baseURL
}) => {
	test.slow(); // four contexts, two sign-ins and a token made on its page
	const operatorContext = await browser.newContext();
	const boardContext = await browser.newContext();
	const phone = await browser.newContext({ ...PIXEL_7 });
	const reader = await browser.newContext({ javaScriptEnabled: false });
	try {
		const operator = await operatorContext.newPage();
		await login(operator, ADMIN.username, ADMIN.password);
		await createProgramme(operator.request, { slug: SLUG, name: 'E2E flow', timezone: 'Europe/Oslo' });
		const vm = { vmCount: 2, templateKey: 'vm' };
		await importSystems(operator.request, SLUG, [
			system('PAY-1', { ...vm, name: 'Payroll', agency: 'Tax agency' }),
			system('LIB-1', { ...vm, name: 'Library loans', agency: 'City library' })
		]);
		await publishProgress(operator.request, SLUG);

		// The board, open from here to the end: everything it shows next comes over its socket.
		const board = await boardContext.newPage();
		await login(board, ADMIN.username, ADMIN.password);
		await openBoard(board, `/p/${SLUG}`);
		await board.evaluate(() => Object.assign(window, { boardNotReloaded: true }));
		const headline = board.getByTestId('programme-headline');
		await expect(headline).toHaveText('0 of 2 systems, 0 of 4 machines');
		await expect(board.getByTestId('count-current')).toContainText('0 of 2');

		// The template, and a wave built from it whose window opened half an hour ago, moving Payroll.
		const template = { name: 'VM lift and shift', steps: VM_STEPS };
		await expectStatus(operator.request.put(`${P}/templates/vm`, { data: template }), 200);
		const now = Date.now();
		const wave = {
			slug: WAVE,
			name: 'Wave 1',
			windowStart: new Date(now - 30 * 60_000).toISOString(),
			windowEnd: new Date(now + 8 * 3_600_000).toISOString(),
			systems: [{ key: 'PAY-1' }]
		};
		await expectStatus(operator.request.post(`${P}/waves`, { data: wave }), 201);
		await expect(board.getByTestId(`by-wave-${WAVE}`)).toContainText('Wave 1');
		await expect(board.getByTestId('count-current')).toContainText('1 of 2');

		// The migration script, with a token limited to the wave, runs Payroll's work tasks: it is moved.
		const secret = await createToken(operator, {
			name: 'flow migration',
			role: 'operator',
			cutoverSlug: WAVE
		});
		const script = await playwright.request.newContext({
			baseURL,
			extraHTTPHeaders: { authorization: `Bearer ${secret}` }
		});
		for (const step of WORK_STEPS)
			for (const to of ['in_progress', 'done'])
				await expectStatus(
					script.post(`/api/v1/cutovers/${WAVE}/tasks/PAY-1.${step}/transition`, { data: { to } }),
					200
				);
		await script.dispose();
		await expect(board.getByTestId('count-moved')).toContainText('1 of 2');
		await expect(board.getByTestId('signed-off-of-moved')).toHaveText('0 of 1 moved systems signed off');
		await expect(headline).toHaveText('0 of 2 systems, 0 of 4 machines');

		// The tester, without an account, answers the link on a phone.
		const path = await signoffLink(operator.request, SLUG, 'PAY-1', TESTER.email);
		const tester = await phone.newPage();
		await tester.goto(path);
		await expect(tester.getByRole('heading', { level: 1 })).toHaveText('Sign-off: Payroll');
		await tester.getByTestId('signoff-works').check();
		await tester.getByTestId('signoff-send').click();
		await expect(tester.getByTestId('signoff-thanks')).toContainText('Works');

		// The open board counts it migrated and names the sign-off, without a reload.
		await expect(headline).toHaveText('1 of 2 systems, 2 of 4 machines');
		await expect(board.getByTestId('signed-off-of-moved')).toHaveText('1 of 1 moved systems signed off');
		await expect(board.getByTestId(`by-wave-${WAVE}`)).toContainText('1 of 1');
		await expect(board.getByTestId('recent-signoffs')).toContainText('Tove Tester on Payroll: Works');
		expect(await board.evaluate(() => 'boardNotReloaded' in window)).toBe(true);

		// The public progress view, with JavaScript off, shows the new counts (it is rendered again on a change).
		const publicView = await reader.newPage();
		await expect
			.poll(async () => {
				await publicView.goto(`/en/progress/${SLUG}`);
				return (await publicView.getByTestId('progress-headline').innerText()).trim();
			})
			.toBe('1 of 2 systems, 2 of 4 machines');
		await expect(publicView.locator('main')).toContainText('Wave 1');
		expect(await publicView.content()).not.toContain(TESTER.email);
	} finally {
		await Promise.all([operatorContext, boardContext, phone, reader].map((c) => c.close()));
	}
});
