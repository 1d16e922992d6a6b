/**
 * After a wave's move: a manager asks a tester for sign-off on the wave's page (a one-use link, shown once; a form
 * refused for want of a tester keeps what was chosen), the tester answers "problems" through the link without
 * JavaScript, the room opens an incident in the wave from that sign-off, and the print-ready post-event report
 * lists the sign-offs, in the reader's language.
 */
import { expect, test, type Page } from '@playwright/test';
import { ADMIN, gotoHydrated, login, violationsOf } from './helpers';

const PROGRAMME = 'e2e-signoffs';
const WAVE = 'e2e-signoffs-wave';
const DAY = 86_400_000;
const TESTERS = [
	{ name: 'Tove Tester', email: 'tove@example.org' },
	{ name: 'Ulf Tester', email: 'ulf@example.org' }
];
const STEPS = [
	{ key: 'move', title: 'Move', phase: 'Move', durationMinutes: 20, owner: 'ops', kind: 'work' },
	{
		key: 'signoff',
		title: 'Sign-off',
		phase: 'Check',
		durationMinutes: 60,
		owner: '@tester',
		kind: 'signoff'
	}
];

async function api(page: Page, method: 'post' | 'put', path: string, data: unknown, status: number) {
	const response = await page.request[method](path, { data });
	expect(response.status(), await response.text()).toBe(status);
}

test('a wave’s sign-offs: a link asked for on its page, an incident from a "problems" word, the printed report', async ({
	page,
	browser
}) => {
	test.slow();
	await login(page, ADMIN.username, ADMIN.password);
	const now = Date.now();
	await api(
		page,
		'post',
		'/api/v1/programmes',
		{
			slug: PROGRAMME,
			name: 'E2E sign-offs',
			timezone: 'Europe/Helsinki',
			windowStart: new Date(now - DAY).toISOString(),
			windowEnd: new Date(now + 365 * DAY).toISOString()
		},
		201
	);
	await api(
		page,
		'put',
		`/api/v1/programmes/${PROGRAMME}/systems`,
		{
			systems: [
				{
					key: 'PAY-1',
					name: 'Payroll',
					agency: 'Tax agency',
					environment: 'test',
					vmCount: 2,
					criticality: 'high',
					contactName: 'Kari Contact',
					contactEmail: 'kari@example.org',
					testers: TESTERS,
					templateKey: 'vm'
				}
			]
		},
		200
	);
	await api(page, 'put', `/api/v1/programmes/${PROGRAMME}/templates/vm`, { name: 'VM', steps: STEPS }, 200);
	await api(
		page,
		'post',
		`/api/v1/programmes/${PROGRAMME}/waves`,
		{
			slug: WAVE,
			name: 'Sign-off wave',
			windowStart: new Date(now - 30 * 60_000).toISOString(),
			windowEnd: new Date(now + 8 * 3_600_000).toISOString(),
			systems: [{ key: 'PAY-1' }]
		},
		201
	);
	for (const to of ['in_progress', 'done'])
		await api(page, 'post', `/api/v1/cutovers/${WAVE}/tasks/PAY-1.move/transition`, { to }, 200);

	// The waves page leads to the wave's systems.
	await gotoHydrated(page, `/p/${PROGRAMME}/waves`);
	await page.getByTestId('wave-systems-link').click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign-off wave: systems and sign-offs');
	const system = page.getByTestId('wave-system-PAY-1');
	await expect(system).toContainText('Moved, awaiting sign-off');
	await expect(system).toContainText('No sign-offs yet.');

	// No tester chosen: refused, the field named, the lifetime chosen kept.
	await system.getByTestId('signoff-ask-hours').selectOption('24');
	await system.getByTestId('signoff-ask').click();
	await expect(system.getByTestId('form-error')).toBeVisible();
	await expect(system.locator('.field-error')).toHaveCount(1);
	await expect(system.getByTestId('signoff-ask-tester')).toHaveAttribute('aria-invalid', 'true');
	await expect(system.getByTestId('signoff-ask-hours')).toHaveValue('24');
	await expect(system.getByTestId('signoff-link')).toHaveCount(0);

	await system.getByTestId('signoff-ask-tester').selectOption(TESTERS[0].email);
	await system.getByTestId('signoff-ask').click();
	const link = system.getByTestId('signoff-link');
	await expect(link).toContainText('It is shown only now');
	const url = await link.locator('input').inputValue();
	expect(url).toMatch(/\/signoff\/[\w-]{20,}$/);
	expect(await violationsOf(page)).toEqual([]);

	// The tester answers "problems" without JavaScript.
	const phone = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 740 } });
	try {
		const tester = await phone.newPage();
		await tester.goto(url);
		await tester.getByTestId('signoff-problems').check();
		await tester.getByTestId('signoff-note').fill('Payslips show last month');
		await tester.getByTestId('signoff-send').click();
		await expect(tester.getByTestId('signoff-thanks')).toBeVisible();
	} finally {
		await phone.close();
	}

	// The room sees the word and opens an incident in the wave from it.
	await gotoHydrated(page, `/p/${PROGRAMME}/waves/${WAVE}`);
	await expect(system).toContainText('Problems reported');
	const word = system.getByTestId('signoff-problems');
	await expect(word).toContainText('Tove Tester: Problems');
	await expect(word).toContainText('through their link, follow-up PAY-1.fix-1');
	await expect(word).toContainText('Payslips show last month');
	await word.getByTestId('signoff-open-incident').click();
	await expect(page).toHaveURL(new RegExp(`/c/${WAVE}/incidents\\?signoff=\\d+`));
	const form = page.getByTestId('incident-open-form');
	await expect(form.getByTestId('incident-from-signoff')).toHaveText(
		'From the sign-off of Payroll by Tove Tester: problems'
	);
	await expect(form.locator('input[name="title"]')).toHaveValue('Problems after the move: Payroll');
	await expect(form.locator('textarea[name="note"]')).toHaveValue(
		'Tove Tester signed off Payroll with problems: Payslips show last month\nFollow-up task: PAY-1.fix-1'
	);
	await page.getByTestId('incident-open-submit').click();
	await expect(page).toHaveURL(new RegExp(`/c/${WAVE}/incidents/INC-1$`));
	await expect(
		page.getByText('Opened from the sign-off of PAY-1 by Tove Tester: problems (follow-up task PAY-1.fix-1)')
	).toBeVisible();

	// The sign-off now names its incident instead of offering another.
	await gotoHydrated(page, `/p/${PROGRAMME}/waves/${WAVE}`);
	await expect(word.getByTestId('signoff-incident')).toHaveText('Incident INC-1');
	await expect(word.getByTestId('signoff-open-incident')).toHaveCount(0);

	// The post-event report, from the board's header: sign-offs, the incident, the Markdown download.
	await page.goto(`/c/${WAVE}`);
	await page.getByTestId('nav-report').click();
	await expect(page).toHaveURL(new RegExp(`/c/${WAVE}/report$`));
	const report = page.getByTestId('post-event-report');
	await expect(report.getByRole('heading', { level: 1 })).toHaveText('Post-event report: Sign-off wave');
	await expect(report.getByTestId('post-event-task').first()).toContainText('PAY-1.move');
	const signed = report.getByTestId('post-event-system-PAY-1');
	await expect(signed).toContainText('Payroll (PAY-1): Problems reported');
	await expect(signed).toContainText('Tove Tester: Problems');
	await expect(signed).toContainText('Waiting for sign-off: Ulf Tester');
	await expect(report).toContainText('INC-1 P3 Problems after the move: Payroll');
	const markdown = await page.request.get(
		(await report.getByTestId('post-event-markdown').getAttribute('href')) ?? ''
	);
	expect(await markdown.text()).toContain('### Payroll (PAY-1): Problems reported');
	expect(await violationsOf(page)).toEqual([]);
	// On paper only the report: no header, no links.
	await page.emulateMedia({ media: 'print' });
	await expect(page.getByTestId('post-event-markdown')).toBeHidden();
	await expect(page.locator('header').first()).toBeHidden();
	await page.emulateMedia({ media: 'screen' });

	// In Finnish, its headings are Finnish.
	await page.context().addCookies([{ name: 'golive_lang', value: 'fi', url: page.url() }]);
	await page.reload();
	await expect(report.getByRole('heading', { level: 1 })).toHaveText('Loppuraportti: Sign-off wave');
	await expect(report.getByRole('heading', { name: 'Hyväksynnät' })).toBeVisible();

	// The waves page links the report too.
	await gotoHydrated(page, `/p/${PROGRAMME}/waves`);
	await expect(page.getByTestId('wave-report-link')).toHaveAttribute('href', `/c/${WAVE}/report`);
});
