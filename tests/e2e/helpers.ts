import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type Locator, type Page } from '@playwright/test';

export const ADMIN = { username: 'ada', displayName: 'Ada Admin', password: 'e2e-admin-password-1' };
export const SAMPLE = 'sample-tyopolku';
/**
 * A cutover the setup project creates through the API, with its window open now. (The sample's window is the
 * coming Thursday, so none of its tasks may start yet.)
 */
export const LIVE = 'e2e-live';

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** What axe-core finds against the WCAG 2.1 A and AA rules on the page as it is now (none, we expect). */
export async function violationsOf(page: Page): Promise<string[]> {
	const { violations } = await new AxeBuilder({ page }).withTags(WCAG).analyze();
	return violations.map(
		(v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
	);
}

/**
 * Opens a page with a form and waits until the page has hydrated (no requests left in flight), so what the test
 * types is not reset by hydration.
 */
export async function gotoHydrated(page: Page, path: string): Promise<void> {
	await page.goto(path, { waitUntil: 'networkidle' });
}

/** Fills a form's inputs by name, in order. */
export async function fillFields(form: Locator, values: Record<string, string>): Promise<void> {
	for (const [name, value] of Object.entries(values)) await form.locator(`[name="${name}"]`).fill(value);
}

/** Signs in through the login form and waits until the app has let the user in. */
export async function login(page: Page, username: string, password: string): Promise<void> {
	await gotoHydrated(page, '/login');
	await page.locator('input[name="username"]').fill(username);
	await page.locator('input[name="password"]').fill(password);
	await page.getByTestId('login-submit').click();
	await expect(page).not.toHaveURL(/\/login/);
}

/** A page of a browser context of its own, signed in as the person. */
export async function signedIn(
	browser: Browser,
	person: { username: string; password: string }
): Promise<Page> {
	const page = await (await browser.newContext()).newPage();
	await login(page, person.username, person.password);
	return page;
}

/** Creates a comms user through the admin's users page (the admin's page is signed in). */
export async function createComms(
	admin: Page,
	person: { username: string; displayName: string; password: string }
): Promise<void> {
	await gotoHydrated(admin, '/admin/users');
	await admin.locator('input[name="username"]').first().fill(person.username);
	await admin.locator('input[name="displayName"]').first().fill(person.displayName);
	await admin.locator('select[name="role"]').first().selectOption('comms');
	await admin.locator('input[name="password"]').first().fill(person.password);
	await admin.getByTestId('user-create-submit').click();
	await expect(admin.locator(`#user-${person.username}`)).toBeVisible();
}

/** Opens a board and waits until it is live (socket joined). */
export async function openBoard(page: Page, path = `/c/${LIVE}`): Promise<void> {
	await page.goto(path);
	await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'live');
}

interface ApiTask {
	key: string;
	owner: string;
	status: string;
	dependsOn: string[];
	notBefore: string | null;
}

/** A cutover's tasks through the API, with the page's session. */
export async function apiTasks(page: Page, slug = LIVE): Promise<ApiTask[]> {
	const response = await page.request.get(`/api/v1/cutovers/${slug}/tasks?limit=1000`);
	expect(response.ok()).toBe(true);
	return (await response.json()).items;
}

/** Tasks that can be started now (no unfinished dependency, no future "not before"). */
export async function startableTasks(page: Page, slug = LIVE): Promise<ApiTask[]> {
	const tasks = await apiTasks(page, slug);
	const status = new Map(tasks.map((t) => [t.key, t.status]));
	const finished = (k: string) => status.get(k) === 'done' || status.get(k) === 'skipped';
	return tasks.filter(
		(t) =>
			t.status === 'not_started' &&
			t.dependsOn.every(finished) &&
			(t.notBefore === null || Date.parse(t.notBefore) <= Date.now())
	);
}

/** Creates a cutover through the API (the page is signed in) whose window opened 10 minutes ago. */
export async function createOpenCutover(
	page: Page,
	cutover: { slug: string; name: string; hours: number }
): Promise<void> {
	const now = Date.now();
	const created = await page.request.post('/api/v1/cutovers', {
		data: {
			slug: cutover.slug,
			name: cutover.name,
			timezone: 'Europe/Helsinki',
			windowStart: new Date(now - 10 * 60_000).toISOString(),
			windowEnd: new Date(now + cutover.hours * 3_600_000).toISOString()
		}
	});
	expect(created.status()).toBe(201);
}
