import { devices, expect, test, type Page } from '@playwright/test';
import { openDecisionPage, setUpDecisionCutover, signedIn } from './decisions-helpers';
import { gotoHydrated, openBoard } from './helpers';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const { defaultBrowserType: _, ...PHONE } = devices['iPhone SE'];

/** The POST of a form action on the current page, answered. */
const action = (page: Page, name: string) =>
	page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`?/${name}`));

test('a steering member votes from a phone, the chair extends the window and every board follows at once', async ({
	browser
}) => {
	// Four people, three pages and a dozen steps: more than the default minute on a busy machine.
	test.slow();
	const run = Date.now().toString(36);
	const slug = `e2e-decisions-${run}`;

	// The admin adds the people and a cutover whose window is open and ends in 3 h.
	const windowEnd = Math.floor((Date.now() + 3 * HOUR) / MINUTE) * MINUTE;
	const { operator, member, chair } = await setUpDecisionCutover(browser, {
		slug,
		name: 'E2E decision cutover',
		windowEnd
	});

	// The operator opens a decision point: two voters, the chair's no-go blocks a go, a quorum of one.
	const ops = await signedIn(browser, operator);
	await gotoHydrated(ops, `/c/${slug}/decisions/new`);
	const form = ops.getByTestId('decision-new-form');
	await form.locator('input[name="key"]').fill('GO-1');
	await form.locator('input[name="title"]').fill('Go live tonight?');
	await form.locator('select[name="checkpointTask"]').selectOption('GL-01');
	await form.getByTestId(`voter-${member.username}`).check();
	await form.getByTestId(`voter-${chair.username}`).check();
	await form.getByTestId(`mandatory-${chair.username}`).check();
	await form.locator('select[name="chair"]').selectOption(chair.username);
	await form.locator('input[name="quorum"]').fill('1');
	await expect(form.getByTestId('criterion-row')).toHaveCount(8);
	await form.getByTestId('decision-open-submit').click();
	await expect(ops).toHaveURL(new RegExp(`/c/${slug}/decisions/GO-1$`));
	await expect(ops.getByTestId('decision-GO-1')).toHaveAttribute('data-status', 'open');

	// The operator watches the board; a reload would drop this mark.
	await openBoard(ops, `/c/${slug}`);
	await ops.evaluate(() => Object.assign(window, { boardNotReloaded: true }));
	const range = ops.getByTestId('window-range');
	await expect(range).toHaveAttribute('data-window-end', /.+/);
	expect(Date.parse((await range.getAttribute('data-window-end'))!)).toBe(windowEnd);
	// The checkpoint's row says which decision it waits for, and links to it.
	const checkpoint = ops.getByTestId('task-row-GL-01').getByTestId('checkpoint-GL-01');
	await expect(checkpoint).toHaveText('Go/no-go · GO-1: open, 0 of 2 votes');
	await expect(checkpoint).toHaveAttribute('href', `/c/${slug}/decisions/GO-1`);
	await expect(checkpoint).toHaveAttribute('data-gate', 'closed');
	// While its gate is closed the checkpoint offers a start, but no block or skip (the server refuses them);
	// the task after it keeps its usual moves.
	const gateRow = ops.getByTestId('task-row-GL-01');
	await expect(gateRow.getByTestId('task-action-in_progress')).toBeVisible();
	await expect(gateRow.getByTestId('task-action-blocked')).toHaveCount(0);
	await expect(gateRow.getByTestId('task-action-skipped')).toHaveCount(0);
	await expect(ops.getByTestId('task-row-GL-02').getByTestId('task-action-skipped')).toBeVisible();

	// The steering member votes from a phone-sized screen on the steering view.
	const phone = await signedIn(browser, member, { ...PHONE, viewport: { width: 375, height: 667 } });
	await openBoard(phone, `/c/${slug}/steering`);
	const point = phone.getByTestId('open-point-GO-1');
	const tally = point.getByTestId('tally-GO-1');
	await expect(tally).toHaveAttribute('data-cast', '0');
	// Nothing spills sideways on a 375 px screen.
	expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

	// A no-go without a comment is refused, with the reason next to the buttons, and nothing is counted.
	let answered = action(phone, 'vote');
	await point.getByTestId('vote-no_go').click();
	expect(await (await answered).json()).toMatchObject({ type: 'failure', status: 400 });
	await expect(point.getByTestId('vote-comment-error')).toHaveText(
		'is required with a no-go (say what must change)'
	);
	await expect(point.getByTestId('vote-comment')).toHaveAttribute('aria-invalid', 'true');
	await expect(tally).toHaveAttribute('data-cast', '0');

	answered = action(phone, 'vote');
	await point.getByTestId('vote-go').click();
	expect(await (await answered).json()).toMatchObject({ type: 'success' });
	await expect(tally).toHaveAttribute('data-cast', '1');
	await expect(tally).toHaveAttribute('data-go', '1');
	await expect(point.getByTestId('my-vote')).toHaveAttribute('data-vote', 'go');
	// The operator's board counts the vote at the checkpoint as it comes.
	await expect(checkpoint).toHaveText('Go/no-go · GO-1: open, 1 of 2 votes');

	// The chair says no-go (a mandatory voter): a go is refused in the UI and nothing changes.
	const chairPage = await signedIn(browser, chair);
	await openDecisionPage(chairPage, `/c/${slug}/decisions/GO-1`);
	const votes = chairPage.getByTestId('vote-form-GO-1');
	await votes.getByTestId('vote-comment').fill('The capacity test has not been run.');
	answered = action(chairPage, 'vote');
	await votes.getByTestId('vote-no_go').click();
	expect(await (await answered).json()).toMatchObject({ type: 'success' });
	await expect(chairPage.getByTestId('tally-GO-1')).toHaveAttribute('data-blocked', 'true');
	// The phone's tally follows without a reload.
	await expect(tally).toHaveAttribute('data-no-go', '1');
	await expect(checkpoint).toHaveText('Go/no-go · GO-1: open, 2 of 2 votes, go blocked');

	const outcome = chairPage.getByTestId('outcome-form-GO-1');
	await outcome.getByTestId('outcome-kind').selectOption('go');
	await outcome.getByTestId('outcome-rationale').fill('Everything is ready.');
	answered = action(chairPage, 'outcome');
	await outcome.getByTestId('outcome-submit').click();
	expect(await (await answered).json()).toMatchObject({ type: 'failure', status: 409 });
	await expect(outcome.getByTestId('form-error')).toContainText('mandatory voter says no-go');
	await expect(chairPage.getByTestId('decision-GO-1')).toHaveAttribute('data-status', 'open');
	await expect(chairPage.getByTestId('outcome')).toHaveCount(0);
	expect(Date.parse((await range.getAttribute('data-window-end'))!)).toBe(windowEnd);

	// The chair extends the window by an hour (the form suggests the current end plus an hour).
	await outcome.getByTestId('outcome-kind').selectOption('extend');
	await outcome.getByTestId('outcome-rationale').fill('The capacity test needs another hour.');
	const newEnd = outcome.getByTestId('outcome-window-end');
	await expect(newEnd).not.toHaveValue('');
	answered = action(chairPage, 'outcome');
	await outcome.getByTestId('outcome-submit').click();
	expect(await (await answered).json()).toMatchObject({ type: 'success' });

	// The operator's open board shows the new window end without a reload. (Within a second, as the bench measures
	// the fan-out; the wait here allows for a loaded CI machine, as the board-live test does.)
	await expect
		.poll(async () => Date.parse((await range.getAttribute('data-window-end'))!), { timeout: 5_000 })
		.toBe(windowEnd + HOUR);
	await expect(ops.getByTestId('window-extended')).toBeVisible();
	expect(await ops.evaluate(() => 'boardNotReloaded' in window)).toBe(true);
	// The checkpoint stays closed: an extension is not a go.
	await expect(checkpoint).toHaveText('Go/no-go · GO-1: window extended');
	await expect(checkpoint).toHaveAttribute('data-state', 'extend');
	await expect(checkpoint).toHaveAttribute('data-gate', 'closed');
	// The feed tells of the extension once: the window change it made belongs to that entry.
	const events = await ops.request.get(`/api/v1/cutovers/${slug}/events?after=0`);
	expect(events.ok()).toBe(true);
	const { lastSeq } = await events.json();
	await expect
		.poll(async () => Number(await ops.getByTestId('board').getAttribute('data-seq')))
		.toBeGreaterThanOrEqual(lastSeq);
	const entries = (type: string) => ops.locator(`[data-testid="activity-item"][data-type="${type}"]`);
	await expect(entries('decision.recorded')).toHaveCount(1);
	await expect(entries('cutover.updated')).toHaveCount(0);

	// The decision is recorded with its evidence; the phone's steering view shows it in the log and the history.
	await expect(chairPage.getByTestId('decision-GO-1')).toHaveAttribute('data-status', 'decided');
	await expect(chairPage.getByTestId('outcome')).toHaveAttribute('data-kind', 'extend');
	await expect(phone.getByTestId('open-point-GO-1')).toHaveCount(0);
	await expect(phone.getByTestId('decision-log').getByTestId('outcome')).toHaveAttribute(
		'data-kind',
		'extend'
	);
	await expect(phone.getByTestId('window-history').getByTestId('window-change')).toHaveCount(2);
	const steeringEnd = phone.getByTestId('steering-window-end');
	await expect
		.poll(async () => Date.parse((await steeringEnd.getAttribute('data-window-end'))!))
		.toBe(windowEnd + HOUR);

	// A vote on the decided point is refused by the server; the phone no longer offers the buttons.
	await expect(phone.getByTestId('vote-go')).toHaveCount(0);

	// The decision log exports as Markdown and CSV.
	const md = await ops.request.get(`/api/v1/cutovers/${slug}/decisions/log?format=md`);
	expect(md.ok()).toBe(true);
	expect(await md.text()).toContain('GO-1');
	const csv = await ops.request.get(`/api/v1/cutovers/${slug}/decisions/log?format=csv`);
	expect(csv.headers()['content-type']).toContain('text/csv');

	// The extension left a notice draft in three languages for communications staff, on the decisions list.
	await ops.goto(`/c/${slug}/decisions`);
	const draft = ops.getByTestId('notice-draft');
	await expect(draft).toHaveAttribute('data-kind', 'extend');
	await expect(draft.locator('[lang]')).toHaveCount(3);

	for (const page of [ops, phone, chairPage]) await page.context().close();
});
