/**
 * Telling people ahead, in the browser and through the real SMTP server: a wave built five days before a system's
 * window drafts its planned-maintenance notice and mails its contact person at once (with a calendar entry); on
 * the announcements page the room sees both, moves the window (a refused form first), and the contact gets one
 * "changed" mail whose calendar entry has the same UID and the next SEQUENCE.
 */
import { expect, test } from '@playwright/test';
import { writeClockTime } from '../../src/lib/shared/clock-time';
import { ADMIN, gotoHydrated, login, violationsOf } from './helpers';
import { nthMailTo, type SentMail } from './mail';

const PROGRAMME = 'e2e-announce';
const WAVE = 'e2e-announce-wave';
const ZONE = 'Europe/Helsinki';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CONTACT = 'anna.contact@example.org';

const calendarField = (mail: SentMail, name: string) =>
	new RegExp(`^${name}[;:](.*)$`, 'm').exec(mail.calendar!.replace(/\r?\n[ \t]/g, ''))?.[1];

test('a system’s downtime is announced ahead, and a moved window tells its contact once', async ({
	page
}) => {
	test.slow();
	await login(page, ADMIN.username, ADMIN.password);
	const now = Date.now();
	const api = async (method: 'post' | 'put', path: string, data: unknown, status: number) => {
		const res = await page.request[method](`/api/v1/programmes${path}`, { data });
		expect(res.status(), await res.text()).toBe(status);
	};
	await api(
		'post',
		'',
		{
			slug: PROGRAMME,
			name: 'E2E announcements',
			timezone: ZONE,
			windowStart: new Date(now - DAY).toISOString(),
			windowEnd: new Date(now + 365 * DAY).toISOString()
		},
		201
	);
	await api(
		'put',
		`/${PROGRAMME}/templates/vm`,
		{
			name: 'VM',
			steps: [{ key: 'stop', title: 'Stop', phase: 'Move', durationMinutes: 10, owner: 'ops', kind: 'work' }]
		},
		200
	);
	await api(
		'put',
		`/${PROGRAMME}/systems`,
		{
			systems: [
				{
					key: 'HR-9',
					name: 'Payroll',
					agency: 'Tax agency',
					environment: 'production',
					vmCount: 3,
					criticality: 'high',
					contactName: 'Anna Contact',
					contactEmail: CONTACT,
					testers: [],
					templateKey: 'vm'
				}
			]
		},
		200
	);
	const start = Math.floor((now + 5 * DAY) / HOUR) * HOUR;
	await api(
		'post',
		`/${PROGRAMME}/waves`,
		{
			slug: WAVE,
			name: 'Announce wave',
			windowStart: new Date(start).toISOString(),
			windowEnd: new Date(start + 8 * HOUR).toISOString(),
			systems: [{ key: 'HR-9' }]
		},
		201
	);

	// Five days ahead is within the default fourteen: the contact is told at once, with a calendar entry.
	const announced = await nthMailTo(CONTACT, 1);
	expect(announced.headers.subject).toContain('Planned downtime: Payroll');
	expect(announced.text).toContain('Hei Anna Contact');
	expect(calendarField(announced, 'SEQUENCE')).toBe('0');

	await gotoHydrated(page, `/p/${PROGRAMME}/announcements`);
	const row = page.getByTestId('announcement-HR-9');
	await expect(row).toContainText('NTC-1');
	await expect(row).toContainText('Draft');
	await expect(row).toContainText('Announced: sent');
	expect(await violationsOf(page)).toEqual([]);

	// A window ending before it starts is refused, naming the field and keeping what was typed.
	await page.getByText('Move window: Payroll').click();
	const later = start + DAY;
	const typedStart = writeClockTime(later, ZONE, 'en');
	await page.getByTestId('move-start-HR-9').fill(typedStart);
	await page.getByTestId('move-end-HR-9').fill(writeClockTime(later - HOUR, ZONE, 'en'));
	await page.getByTestId('move-HR-9').click();
	await expect(page.locator('[aria-invalid="true"]')).toHaveCount(1);
	await expect(page.getByTestId('move-start-HR-9')).toHaveValue(typedStart);

	await page.getByTestId('move-end-HR-9').fill(writeClockTime(later + 6 * HOUR, ZONE, 'en'));
	await page.getByTestId('move-HR-9').click();
	await expect(page.getByTestId('window-moved')).toContainText('HR-9');

	const changed = await nthMailTo(CONTACT, 2);
	expect(changed.headers.subject).toContain('Downtime changed: Payroll');
	expect(calendarField(changed, 'UID')).toBe(calendarField(announced, 'UID'));
	expect(calendarField(changed, 'SEQUENCE')).toBe('1');

	// One notice still, its window the new one.
	const notice = await page.request.get(`/api/v1/cutovers/${WAVE}/notices/NTC-1`);
	expect(notice.status()).toBe(200);
	expect((await notice.json()).maintenance.startsAt).toBe(new Date(later).toISOString());
	const all = await page.request.get(`/api/v1/cutovers/${WAVE}/notices`);
	expect((await all.json()).items).toHaveLength(1);
	await gotoHydrated(page, `/p/${PROGRAMME}/announcements`);
	await expect(row).toContainText('Window changed: sent');
});
