/**
 * Every page, checked with axe-core in Chromium (WCAG 2.x A and AA rules): no violations. Boards are checked
 * once live; the views people use on a phone at a phone's width too.
 */
import { expect, test } from '@playwright/test';
import { ADMIN, LIVE, SAMPLE, login, openBoard, violationsOf } from './helpers';

test('the sign-in page has no accessibility violations', async ({ page }) => {
	await page.goto('/login', { waitUntil: 'networkidle' });
	expect(await violationsOf(page)).toEqual([]);
});

/** Pages with a live board: checked once the socket has joined. */
const LIVE_PAGES = [
	`/c/${LIVE}`,
	`/c/${LIVE}/my`,
	`/c/${LIVE}/activity`,
	`/c/${LIVE}/steering`,
	`/c/${LIVE}/incidents`,
	`/c/${SAMPLE}`,
	`/c/${SAMPLE}/incidents`
];
const PAGES = [
	'/',
	'/cutovers/new',
	`/c/${LIVE}/runbook`,
	`/c/${SAMPLE}/decisions`,
	`/c/${SAMPLE}/decisions/GO`,
	`/c/${SAMPLE}/decisions/new`,
	'/admin/users',
	'/admin/tokens',
	'/admin/audit'
];
const PHONE_PAGES = [`/c/${LIVE}/my`, `/c/${LIVE}/steering`, `/c/${LIVE}`, `/c/${SAMPLE}/incidents`];

for (const [width, height, paths] of [
	[1920, 1080, [...LIVE_PAGES, ...PAGES]],
	[375, 740, PHONE_PAGES]
] as const) {
	test.describe(`at ${width} px`, () => {
		test.use({ viewport: { width, height } });
		test.beforeEach(async ({ page }) => login(page, ADMIN.username, ADMIN.password));
		for (const path of paths)
			test(`${path} has no accessibility violations`, async ({ page }) => {
				// The sample's board draws its whole runbook, its services and its load panel: axe takes its time.
				if (path === `/c/${SAMPLE}`) test.slow();
				if (LIVE_PAGES.includes(path)) await openBoard(page, path);
				else await page.goto(path, { waitUntil: 'networkidle' });
				expect(await violationsOf(page)).toEqual([]);
			});
	});
}
