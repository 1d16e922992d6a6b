import { expect, test, type Page } from '@playwright/test';
import { ADMIN, LIVE, login, openBoard, startableTasks } from './helpers';

/** Waits for a row to show a status and returns the ms since `since`. */
async function seenAfter(page: Page, key: string, status: string, since: number): Promise<number> {
	await page.waitForFunction(
		([k, s]) => document.querySelector(`[data-testid="task-row-${k}"]`)?.getAttribute('data-status') === s,
		[key, status] as const,
		{ polling: 'raf', timeout: 5000 }
	);
	return Date.now() - since;
}

test('two people on one board: a task ticked on one appears on the other within a second', async ({
	browser
}) => {
	const contexts = [await browser.newContext(), await browser.newContext()];
	const [a, b] = await Promise.all(contexts.map((c) => c.newPage()));
	try {
		for (const page of [a, b]) {
			await login(page, ADMIN.username, ADMIN.password);
			await openBoard(page);
		}
		const task = (await startableTasks(a)).find((t) => t.owner === 'dba');
		if (!task) throw new Error(`no task of that team can start now in ${LIVE}`);
		const rowA = a.getByTestId(`task-row-${task.key}`);
		const rowB = b.getByTestId(`task-row-${task.key}`);
		await expect(rowA).toHaveAttribute('data-status', 'not_started');
		await expect(rowB).toHaveAttribute('data-status', 'not_started');

		// Start it on A; B sees it without a reload. The 1 s goal is judged by the benchmark (an event shown within
		// 100 ms of its arrival, fan-out to 1,000 within budget); here, on a machine busy with other suites, B must
		// see it by itself within a few seconds (seenAfter's limit). The figures go into the report.
		const start = rowA.getByTestId('task-action-in_progress');
		await start.scrollIntoViewIfNeeded();
		const startedAt = Date.now();
		await start.click();
		const startSeen = await seenAfter(b, task.key, 'in_progress', startedAt);
		test.info().annotations.push({ type: 'latency', description: `start seen on B after ${startSeen} ms` });

		// Tick it done on A; B sees that too.
		const done = rowA.getByTestId('task-action-done');
		const doneAt = Date.now();
		await done.click();
		const doneSeen = await seenAfter(b, task.key, 'done', doneAt);
		test.info().annotations.push({ type: 'latency', description: `tick seen on B after ${doneSeen} ms` });
		await expect(rowA).toHaveAttribute('data-status', 'done');

		// Nothing was reloaded: both boards are still live, and a reload shows the same state.
		await expect(b.getByTestId('live-status')).toHaveAttribute('data-state', 'live');
		await b.reload();
		await expect(b.getByTestId(`task-row-${task.key}`)).toHaveAttribute('data-status', 'done');
	} finally {
		await Promise.all(contexts.map((c) => c.close()));
	}
});
