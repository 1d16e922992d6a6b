import { expect, test } from '@playwright/test';
import { openDecisionPage, setUpDecisionCutover, signedIn } from './decisions-helpers';

const HOUR = 3_600_000;

test('the chair orders fixes and a follow-up decision point re-reviews only those items, linked both ways', async ({
	browser
}) => {
	// Four people sign in and act in turn; on a loaded machine that takes longer than one page's worth of time.
	test.slow();
	const run = Date.now().toString(36);
	const slug = `e2e-reviews-${run}`;

	// Setup: the admin adds the people and a cutover with an open window.
	const { operator, member, chair } = await setUpDecisionCutover(browser, {
		slug,
		name: 'E2E follow-up cutover',
		windowEnd: Date.now() + 4 * HOUR
	});

	// The operator opens the first decision point on the checkpoint from the decision log, with the usual criteria.
	const ops = await signedIn(browser, operator);
	await openDecisionPage(ops, `/c/${slug}/decisions`);
	await ops.getByTestId('open-decision').click();
	await expect(ops).toHaveURL(new RegExp(`/c/${slug}/decisions/new$`));
	await ops.waitForLoadState('networkidle');
	let form = ops.getByTestId('decision-new-form');
	await expect(form.getByTestId('criterion-row')).toHaveCount(8);
	await form.getByLabel('Key', { exact: true }).fill('GO-1');
	await form.getByLabel('Title', { exact: true }).fill('Go live tonight?');
	await form.getByLabel('Checkpoint task', { exact: true }).selectOption('GL-01');
	await form.getByTestId(`voter-${member.username}`).check();
	await form.getByTestId(`voter-${chair.username}`).check();
	await form.getByLabel('Chair', { exact: true }).selectOption(chair.username);
	await form.getByLabel('Quorum', { exact: true }).fill('2');
	await form.getByTestId('decision-open-submit').click();
	await expect(ops).toHaveURL(new RegExp(`/c/${slug}/decisions/GO-1$`));
	await expect(ops.getByTestId('decision-GO-1')).toHaveAttribute('data-status', 'open');

	// The voters vote on the point's page: a no-go that says what must be fixed, and a go.
	const memberPage = await signedIn(browser, member);
	await openDecisionPage(memberPage, `/c/${slug}/decisions/GO-1`);
	const memberVote = memberPage.getByTestId('vote-form-GO-1');
	await memberVote
		.getByTestId('vote-comment')
		.fill('The capacity test failed and the privacy check is unsigned.');
	await memberVote.getByTestId('vote-no_go').click();
	await expect(memberVote.getByTestId('my-vote')).toHaveAttribute('data-vote', 'no_go');

	const chairPage = await signedIn(browser, chair);
	await openDecisionPage(chairPage, `/c/${slug}/decisions/GO-1`);
	await chairPage.getByTestId('vote-form-GO-1').getByTestId('vote-go').click();
	const tally = chairPage.getByTestId('tally-GO-1');
	await expect(tally).toHaveAttribute('data-cast', '2');
	await expect(tally).toContainText('2 of 2 voters voted, quorum');

	// The chair orders two fixes, each with an owner.
	const outcomeForm = chairPage.getByTestId('outcome-form-GO-1');
	await outcomeForm.getByTestId('outcome-kind').selectOption('order_fixes');
	await outcomeForm
		.getByTestId('outcome-rationale')
		.fill('Not ready: rerun the capacity test and get the privacy check signed.');
	await outcomeForm.getByLabel('Item').fill('Rerun the capacity test at full load');
	await outcomeForm.getByLabel('Owner (username or team)').fill('infra');
	await outcomeForm.getByRole('button', { name: 'Add a row' }).click();
	await outcomeForm.getByLabel('Item').nth(1).fill('Privacy check signed by the DPO');
	await outcomeForm.getByLabel('Owner (username or team)').nth(1).fill(member.username);
	await outcomeForm.getByTestId('outcome-submit').click();

	const ordered = chairPage.getByTestId('outcome');
	await expect(ordered).toHaveAttribute('data-kind', 'order_fixes');
	await expect(ordered).toContainText('Order fixes');
	await expect(ordered.getByRole('listitem').filter({ hasText: 'Rerun the capacity test' })).toContainText(
		'(infra)'
	);
	await expect(ordered.getByRole('listitem').filter({ hasText: 'Privacy check signed' })).toContainText(
		`(${member.username})`
	);
	await expect(chairPage.getByTestId('decision-GO-1')).toHaveAttribute('data-status', 'decided');

	// The operator's open page shows the outcome live, and follows its link to open the follow-up point.
	const followLink = ops.getByRole('link', { name: 'Open a follow-up decision to re-review these items' });
	await expect(followLink).toBeVisible();
	await followLink.click();
	await expect(ops).toHaveURL(new RegExp(`/c/${slug}/decisions/new\\?reviews=GO-1$`));
	await ops.waitForLoadState('networkidle');

	// The form says it re-reviews GO-1 and holds only the ordered items as its criteria, with their owners.
	await expect(ops.getByRole('link', { name: 'Re-reviews follow-up items of GO-1' })).toBeVisible();
	form = ops.getByTestId('decision-new-form');
	const reviews = form.getByRole('group', { name: 'Re-review follow-up items of GO-1' });
	await expect(reviews).toBeVisible();
	await expect(reviews.getByRole('checkbox', { name: /Rerun the capacity test at full load/ })).toBeChecked();
	await expect(reviews.getByRole('checkbox', { name: /Privacy check signed by the DPO/ })).toBeChecked();
	const rows = form.getByTestId('criterion-row');
	await expect(rows).toHaveCount(2);
	await expect(rows.nth(0).getByLabel('Criterion')).toHaveValue('Rerun the capacity test at full load');
	await expect(rows.nth(0).getByLabel('Owner (username or team)')).toHaveValue('infra');
	await expect(rows.nth(1).getByLabel('Criterion')).toHaveValue('Privacy check signed by the DPO');
	await expect(rows.nth(1).getByLabel('Owner (username or team)')).toHaveValue(member.username);

	// Leaving an item out of the re-review drops its criterion; taking it back restores it in its place.
	const privacyItem = reviews.getByRole('checkbox', { name: /Privacy check signed by the DPO/ });
	await privacyItem.uncheck();
	await expect(rows).toHaveCount(1);
	await expect(rows.getByLabel('Criterion')).toHaveValue('Rerun the capacity test at full load');
	await privacyItem.check();
	await expect(rows).toHaveCount(2);
	await expect(rows.nth(1).getByLabel('Criterion')).toHaveValue('Privacy check signed by the DPO');

	// It starts from the first point's checkpoint (so its outcome governs the gate), voters, chair and quorum.
	await expect(form.getByLabel('Checkpoint task', { exact: true })).toHaveValue('GL-01');
	await expect(form.getByTestId(`voter-${member.username}`)).toBeChecked();
	await expect(form.getByTestId(`voter-${chair.username}`)).toBeChecked();
	// Only people who may vote are offered: the operator runs the cutover, the steering group judges it.
	await expect(form.getByTestId(`voter-${operator.username}`)).toHaveCount(0);
	await expect(form.getByLabel('Chair', { exact: true })).toHaveValue(chair.username);
	await expect(form.getByLabel('Quorum', { exact: true })).toHaveValue('2');

	await form.getByLabel('Key', { exact: true }).fill('GO-2');
	await form.getByLabel('Title', { exact: true }).fill('Go live after the fixes?');
	await form.getByTestId('decision-open-submit').click();

	// The follow-up point shows what it re-reviews and links back to the first point.
	await expect(ops).toHaveURL(new RegExp(`/c/${slug}/decisions/GO-2$`));
	const followUp = ops.getByTestId('decision-GO-2');
	await expect(followUp).toHaveAttribute('data-status', 'open');
	await expect(followUp).toContainText('GL-01');
	const shown = ops.getByTestId('criteria-GO-2').getByTestId('criterion');
	await expect(shown).toHaveCount(2);
	await expect(shown.nth(0)).toContainText('Rerun the capacity test at full load');
	await expect(shown.nth(0)).toContainText('Owner: infra');
	await expect(shown.nth(1)).toContainText('Privacy check signed by the DPO');
	await expect(shown.nth(1)).toContainText(`Owner: ${member.username}`);
	const back = ops.getByRole('link', { name: 'Re-reviews follow-up items of GO-1' });
	await expect(back).toBeVisible();
	await back.click();
	await expect(ops).toHaveURL(new RegExp(`/c/${slug}/decisions/GO-1$`));

	// The first point links forward to its follow-up; the chair's open page gets the link without a reload.
	const forward = ops.getByRole('link', { name: 'Followed up by GO-2' });
	await expect(forward).toBeVisible();
	await expect(chairPage.getByRole('link', { name: 'Followed up by GO-2' })).toBeVisible();
	await forward.click();
	await expect(ops).toHaveURL(new RegExp(`/c/${slug}/decisions/GO-2$`));
	await expect(ops.getByTestId('decision-GO-2')).toBeVisible();

	for (const page of [ops, memberPage, chairPage]) await page.context().close();
});
