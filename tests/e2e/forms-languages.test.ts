/**
 * Forms in the user's language: what is wrong with a field is said under it in Finnish or Swedish, not in the
 * server's English.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { openDecisionPage, setUpDecisionCutover, signedIn } from './decisions-helpers';
import { ADMIN, fillFields, violationsOf } from './helpers';

const HOUR = 3_600_000;
const LANGUAGES = { en: 'English', fi: 'Suomi', sv: 'Svenska' } as const;

/** Switches the UI's language with the header's switch, as a user does, and waits for the page in it. */
async function switchLanguage(page: Page, locale: keyof typeof LANGUAGES): Promise<void> {
	await page.getByRole('button', { name: LANGUAGES[locale], exact: true }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', locale);
}

/** Submits a form with one of its buttons and returns the action's answer (enhanced forms answer with JSON). */
async function submit(page: Page, button: Locator): Promise<{ type: string; status: number }> {
	const answered = page.waitForResponse((r) => r.request().method() === 'POST');
	await button.click();
	return (await answered).json();
}

test('a voter and a planner on a Finnish UI are told in Finnish what is wrong with a field', async ({
	browser
}) => {
	const slug = `e2e-forms-fi-${Date.now().toString(36)}`;
	const { member, chair } = await setUpDecisionCutover(browser, {
		slug,
		name: 'E2E forms in Finnish',
		windowEnd: Date.now() + 3 * HOUR
	});
	const admin = await signedIn(browser, ADMIN);
	const opened = await admin.request.post(`/api/v1/cutovers/${slug}/decisions`, {
		data: { key: 'GO-1', title: 'Go live?', voters: [member.username], chair: chair.username, quorum: 1 }
	});
	expect(opened.status(), await opened.text()).toBe(201);

	// A steering member votes no-go without saying why: the comment field says, in Finnish, that it is needed.
	const voter = await signedIn(browser, member);
	const decision = `/c/${slug}/decisions/GO-1`;
	await openDecisionPage(voter, decision);
	await switchLanguage(voter, 'fi');
	await openDecisionPage(voter, decision);
	const votes = voter.getByTestId('vote-form-GO-1');
	expect(await submit(voter, votes.getByTestId('vote-no_go'))).toMatchObject({
		type: 'failure',
		status: 400
	});
	await expect(votes.getByTestId('form-error')).toHaveText('Tarkista merkitty kenttä.');
	const comment = votes.getByTestId('vote-comment');
	await expect(comment).toHaveAttribute('aria-invalid', 'true');
	await expect(votes.getByTestId('vote-comment-error')).toHaveText(
		'pakollinen, kun äänestät ei jatketa: kerro, mitä pitää muuttaa'
	);
	await expect(comment).toHaveAccessibleDescription(/pakollinen, kun äänestät ei jatketa/);
	// With a comment the same vote is taken.
	await comment.fill('Kapasiteettitesti puuttuu.');
	expect(await submit(voter, votes.getByTestId('vote-no_go'))).toMatchObject({ type: 'success' });
	await expect(votes.getByTestId('my-vote')).toHaveAttribute('data-vote', 'no_go');

	// A planner adds a task with too long a title and estimates out of order: each field says so in Finnish,
	// and what was typed stays.
	await admin.goto(`/c/${slug}/runbook`, { waitUntil: 'networkidle' });
	await switchLanguage(admin, 'fi');
	await admin.waitForLoadState('networkidle');
	const add = admin.getByTestId('runbook-add-task');
	const title = add.locator('input[name="title"]');
	// The field stops typing at 200 characters; a pasted or scripted value is still checked on the server.
	await title.evaluate((input) => input.removeAttribute('maxlength'));
	await fillFields(add, {
		key: 'FI-01',
		title: 'x'.repeat(201),
		phase: 'Go-live',
		owner: 'ops',
		durationMinutes: '15',
		estimateOptimistic: '50',
		estimateLikely: '30',
		estimatePessimistic: '60'
	});
	expect(await submit(admin, add.locator('button[type="submit"]'))).toMatchObject({
		type: 'failure',
		status: 400
	});
	await expect(add.getByTestId('form-error')).toHaveText('Tarkista 2 merkittyä kenttää.');
	await expect(title).toHaveAccessibleDescription('enintään 200 merkkiä');
	await expect(add.getByTestId('task-estimate')).toContainText(
		'arvioiden on oltava järjestyksessä optimistinen ≤ todennäköisin ≤ pessimistinen'
	);
	await expect(add.locator('input[name="estimateLikely"]')).toHaveValue('30');

	for (const page of [admin, voter]) await page.context().close();
});

test('times typed on a Finnish UI land on the clocks of the cutover’s zone, not the browser’s', async ({
	browser
}) => {
	// The browser says it is in New York and speaks American English: neither may matter.
	const admin = await signedIn(browser, ADMIN, { locale: 'en-US', timezoneId: 'America/New_York' });
	await admin.goto('/cutovers/new', { waitUntil: 'networkidle' });
	await switchLanguage(admin, 'fi');
	await admin.waitForLoadState('networkidle');
	const slug = `e2e-aika-${Date.now().toString(36)}`;
	// The page's own form (the header's language and sign-out forms post elsewhere).
	const create = admin.locator('form:not([action])');
	const start = admin.locator('input[name="windowStart"]');
	const end = admin.locator('input[name="windowEnd"]');
	await admin.locator('select[name="timezone"]').selectOption('Europe/Helsinki');
	await expect(start).toHaveAccessibleDescription(
		'Kellonaika vyöhykkeellä Europe/Helsinki, 24 tunnin kello, esim. 4.12.2026 klo 20.00.'
	);
	// The suggested window is written the Finnish way, on a 24-hour clock.
	await expect(start).toHaveValue(/^\d{1,2}\.\d{1,2}\.\d{4} klo 18\.00$/);
	await fillFields(create, {
		name: 'E2E aikavyöhyke',
		slug,
		windowStart: '4.12.2026 klo 20.00',
		windowEnd: '31.2.2026 klo 8.00'
	});
	expect(await submit(admin, create.locator('button[type="submit"]'))).toMatchObject({
		type: 'failure',
		status: 400
	});
	await expect(end).toHaveAccessibleDescription(
		/anna päivä ja kellonaika 24 tunnin kellolla, esim\. 4\.12\.2026 klo 20\.00$/
	);
	// The refused form, its field messages and the zone beside each field keep to WCAG 2.1 AA.
	expect(await violationsOf(admin)).toEqual([]);
	await end.fill('5.12.2026 klo 8.00');
	await create.locator('button[type="submit"]').click();
	await expect(admin).toHaveURL(new RegExp(`/c/${slug}$`));
	const cutover = await (await admin.request.get(`/api/v1/cutovers/${slug}`)).json();
	// Helsinki is two hours ahead of UTC in December.
	expect(Date.parse(cutover.windowStart)).toBe(Date.parse('2026-12-04T18:00:00Z'));
	expect(Date.parse(cutover.windowEnd)).toBe(Date.parse('2026-12-05T06:00:00Z'));

	// The runbook page writes the window back the same way, and reads a task's "not before" in the zone: a time
	// the clocks skip when summer time begins is refused, in Finnish.
	await admin.goto(`/c/${slug}/runbook`, { waitUntil: 'networkidle' });
	await expect(admin.locator('input[name="windowStart"]')).toHaveValue('4.12.2026 klo 20.00');
	const add = admin.getByTestId('runbook-add-task');
	await fillFields(add, {
		key: 'AIKA-01',
		title: 'Avaa palvelu',
		phase: 'Avaus',
		owner: 'ops',
		durationMinutes: '10',
		notBefore: '29.3.2026 klo 3.30'
	});
	expect(await submit(admin, add.locator('button[type="submit"]'))).toMatchObject({
		type: 'failure',
		status: 400
	});
	await expect(add.locator('input[name="notBefore"]')).toHaveAccessibleDescription(
		/aikaa 29\.3\.2026 klo 3\.30 ei ole vyöhykkeellä Europe\/Helsinki/
	);
	await add.locator('input[name="notBefore"]').fill('5.12.2026 klo 1.15');
	expect(await submit(admin, add.locator('button[type="submit"]'))).toMatchObject({ type: 'success' });
	const task = await (await admin.request.get(`/api/v1/cutovers/${slug}/tasks/AIKA-01`)).json();
	expect(Date.parse(task.notBefore)).toBe(Date.parse('2026-12-04T23:15:00Z'));

	await admin.context().close();
});

test('a runbook import on a Swedish UI lists every bad line of the CSV, not only the first', async ({
	browser
}) => {
	const admin = await signedIn(browser, ADMIN);
	const slug = `e2e-csv-${Date.now().toString(36)}`;
	const created = await admin.request.post('/api/v1/cutovers', {
		data: {
			slug,
			name: 'E2E CSV import',
			timezone: 'Europe/Helsinki',
			windowStart: new Date(Date.now() + HOUR).toISOString(),
			windowEnd: new Date(Date.now() + 9 * HOUR).toISOString()
		}
	});
	expect(created.status(), await created.text()).toBe(201);
	await admin.goto(`/c/${slug}/runbook`, { waitUntil: 'networkidle' });
	await switchLanguage(admin, 'sv');
	await admin.waitForLoadState('networkidle');

	const csv = [
		'key,title,phase,owner,durationMinutes,dependsOn,notBefore',
		'R-01,Frys skrivningar,Frys,dba,15,,',
		'R-02,,Frys,dba,15,R-01,',
		'R-03,Kopiera data,Flytt,dba,en timme,R-02,',
		'R-04,Öppna tjänsten,Öppning,ops,10,R-03,2026-12-05 06:00',
		'R-01,Dubblett,Öppning,ops,5,,'
	].join('\n');
	const form = admin.locator('form[action="?/import"]');
	await form.locator('textarea[name="text"]').fill(csv);
	expect(await submit(admin, form.locator('button[type="submit"]'))).toMatchObject({
		type: 'failure',
		status: 400
	});
	await expect(admin.getByTestId('form-error')).toHaveText(
		'CSV-filen har 3 felaktiga rader, så inget importerades'
	);
	const problems = admin.getByTestId('import-problems').getByTestId('import-problem');
	await expect(problems).toHaveCount(3);
	await expect(problems.nth(0)).toHaveAttribute('data-line', '3');
	await expect(problems.nth(0)).toHaveText(/^Rad 3\s+title\s+måste fyllas i$/);
	await expect(problems.nth(1)).toHaveText(
		/^Rad 4\s+durationMinutes\s+måste vara ett helt antal minuter, nu ”en timme”$/
	);
	await expect(problems.nth(2)).toHaveText(/^Rad 6\s+key\s+nyckeln ”R-01” används redan på rad 2$/);
	expect(await violationsOf(admin)).toEqual([]);
	// Nothing was imported.
	const tasks = await (await admin.request.get(`/api/v1/cutovers/${slug}/tasks`)).json();
	expect(tasks.items).toEqual([]);

	await admin.context().close();
});
