import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { noticePublishInput } from '../../shared/schemas/notices';
import { programmeSettingsInput, systemWindowInput } from '../../shared/schemas/programmes';
import type { App } from '../app';
import { testDatabases } from '../db/test-db';
import { ConflictError } from '../errors';
import { eventsAfter } from '../events/event.service';
import { listNotices, publishNotice } from '../notices/notice.service';
import { listTasks } from '../runbook/task.service';
import { createMailTransport } from '../subscriptions/mail-transport';
import { SubscriptionSender } from '../subscriptions/subscription.sender';
import {
	ManualClock,
	rejection,
	testAdmin as admin,
	testInventory,
	testProgramme,
	testSystem,
	testTemplate,
	testWave
} from '../testing';
import { SmtpReceiver, type ReceivedMail } from '../testing/smtp-receiver';
import {
	announceDue,
	getProgrammeSettings,
	listContactMessages,
	moveSystemWindow,
	setProgrammeSettings
} from './announce.service';
import { getProgramme } from './programme.service';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BASE = 'https://status.example.org';

/** A calendar part's property, unfolded (RFC 5545 lines fold at 75 octets). */
const calendarField = (mail: ReceivedMail, name: string) =>
	new RegExp(`^${name}[;:](.*)$`, 'm').exec(mail.calendar!.replace(/\r?\n[ \t]/g, ''))?.[1];

describe.each(testDatabases())('announcing downtimes on $kind', (database) => {
	let app: App;
	let smtp: SmtpReceiver;
	let clock: ManualClock;
	let ctx: App;
	let sender: SubscriptionSender;
	let contacts = 0;

	beforeAll(async () => {
		app = await database.open();
		smtp = await new SmtpReceiver().start();
	});
	afterAll(async () => {
		await smtp.stop();
		await database.close();
	});
	afterEach(() => sender?.close());

	/** A programme with one system per key (each its own contact), in a wave whose window starts `ahead` from now. */
	async function waveAhead(keys: string[], ahead: number) {
		clock = new ManualClock(Date.now());
		ctx = { ...app, clock };
		sender = new SubscriptionSender(ctx, {
			mail: createMailTransport(smtp.url),
			from: 'golive <programme@example.org>',
			baseUrl: BASE,
			rate: 1000,
			clock
		});
		const programme = await testProgramme(app);
		await testTemplate(app, programme.slug, 'vm');
		const emails = keys.map(() => `contact${++contacts}@example.org`);
		await testInventory(
			app,
			programme.slug,
			keys.map((k, i) => testSystem(k, { templateKey: 'vm', name: `Payroll ${k}`, contactEmail: emails[i] }))
		);
		const start = new Date(clock.now() + ahead);
		const { wave } = await testWave(app, programme.slug, keys, {
			windowStart: start.toISOString(),
			windowEnd: new Date(start.getTime() + 8 * HOUR).toISOString()
		});
		return { programme, wave, emails, start };
	}
	const mailsTo = (address: string) => smtp.received.filter((m) => m.to.includes(address));
	const move = (slug: string, key: string, start: number, end: number) =>
		moveSystemWindow(
			ctx,
			admin,
			slug,
			key,
			systemWindowInput.parse({
				windowStart: new Date(start).toISOString(),
				windowEnd: new Date(end).toISOString()
			})
		);

	it('drafts the notice and tells the contact, with a calendar entry, 14 days ahead, once', async () => {
		const { programme, wave, emails, start } = await waveAhead(['S1'], 20 * DAY);
		await announceDue(ctx);
		expect(await listNotices(ctx, admin, wave.slug)).toEqual([]);

		clock.advance(6 * DAY + HOUR);
		await announceDue(ctx);
		await announceDue(ctx);
		const notices = await listNotices(ctx, admin, wave.slug);
		expect(notices).toHaveLength(1);
		const [notice] = notices;
		expect(notice).toMatchObject({ kind: 'maintenance', status: 'draft', origin: 'S1' });
		expect(notice.maintenance).toMatchObject({
			startsAt: start.toISOString(),
			endsAt: new Date(start.getTime() + 8 * HOUR).toISOString()
		});
		for (const lang of ['fi', 'sv', 'en'] as const) expect(notice.texts[lang]?.title).toContain('Payroll S1');

		await sender.run();
		const [mail, ...more] = mailsTo(emails[0]);
		expect(more).toEqual([]);
		expect(mail.headers.get('subject')).toContain('Payroll S1');
		expect(mail.text).toContain('Hei Kari Contact');
		expect(mail.text).toContain('Hej Kari Contact');
		expect(mail.text).toContain('Hello Kari Contact');
		expect(mail.text).toContain(`${BASE}/en/status#${wave.slug}-${notice.ref}`);
		expect(calendarField(mail, 'METHOD')).toBe('PUBLISH');
		expect(calendarField(mail, 'SEQUENCE')).toBe('0');
		expect(calendarField(mail, 'UID')).toMatch(/^system-[0-9a-f-]{36}@status\.example\.org$/);

		const messages = await listContactMessages(ctx, admin, programme.slug, 'S1');
		expect(messages).toMatchObject([{ kind: 'announce', windowRevision: 0, state: 'sent', attempts: 1 }]);
		const events = await eventsAfter(app, programme.id, 0);
		expect(events.filter((e) => e.type === 'programme.contact_message_queued').map((e) => e.data)).toEqual([
			{
				message: {
					system: 'S1',
					kind: 'announce',
					windowRevision: 0,
					windowStart: start.toISOString(),
					windowEnd: new Date(start.getTime() + 8 * HOUR).toISOString()
				}
			}
		]);
	});

	it('a moved window updates the published notice and the calendar entry instead of adding others', async () => {
		const { programme, wave, emails, start } = await waveAhead(['S1', 'S2'], 10 * DAY);
		await announceDue(ctx);
		const [first] = (await listNotices(ctx, admin, wave.slug)).filter((n) => n.origin === 'S1');
		await publishNotice(ctx, admin, wave.slug, first.ref, noticePublishInput.parse({}));
		await sender.run();
		const [announced] = mailsTo(emails[0]);

		const newStart = start.getTime() + 2 * DAY;
		const moved = await move(programme.slug, 'S1', newStart, newStart + 6 * HOUR);
		expect(moved.windowStart).toBe(new Date(newStart).toISOString());

		const notices = (await listNotices(ctx, admin, wave.slug)).filter((n) => n.origin === 'S1');
		expect(notices).toHaveLength(1);
		const [notice] = notices;
		expect(notice.status).toBe('published');
		expect(notice.maintenance).toMatchObject({
			startsAt: new Date(newStart).toISOString(),
			endsAt: new Date(newStart + 6 * HOUR).toISOString()
		});
		// The public timeline: the publication, then the update with the new window's texts.
		expect(notice.entries.map((e) => e.kind)).toEqual(['published', 'update']);
		// The system's tasks waiting for the old start wait for the new one.
		const tasks = (await listTasks(ctx, admin, wave.slug)).filter((t) => t.key.startsWith('S1.'));
		expect(tasks.map((t) => t.notBefore)).toEqual(tasks.map(() => new Date(newStart).toISOString()));

		await sender.run();
		const [, changed, ...more] = mailsTo(emails[0]);
		expect(more).toEqual([]);
		expect(changed.headers.get('subject')).toContain('Downtime changed: Payroll S1');
		expect(calendarField(changed, 'UID')).toBe(calendarField(announced, 'UID'));
		expect(calendarField(changed, 'SEQUENCE')).toBe('1');
		expect(calendarField(changed, 'DTSTART')).not.toBe(calendarField(announced, 'DTSTART'));
		expect(changed.text).toContain('Before the change');
		// The other system is told nothing of it.
		expect(mailsTo(emails[1])).toHaveLength(1);
	});

	it('a notice not yet published moves with the window as a draft again', async () => {
		const { programme, wave, start } = await waveAhead(['S1'], 5 * DAY);
		await announceDue(ctx);
		const later = start.getTime() + DAY;
		await move(programme.slug, 'S1', later, later + HOUR);
		const [notice] = await listNotices(ctx, admin, wave.slug);
		expect(notice.status).toBe('draft');
		expect(notice.entries).toEqual([]);
		expect(notice.maintenance?.startsAt).toBe(new Date(later).toISOString());
		expect(notice.texts.en?.body).toContain(
			new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Europe/Oslo' }).format(later)
		);
	});

	it('reminds the contact the day before, once, and not when told within that day already', async () => {
		const { programme, emails, start } = await waveAhead(['S1'], 3 * DAY);
		await announceDue(ctx);
		await sender.run();
		clock.advance(start.getTime() - clock.now() - 20 * HOUR);
		await announceDue(ctx);
		await announceDue(ctx);
		await sender.run();
		const subjects = mailsTo(emails[0]).map((m) => m.headers.get('subject'));
		expect(subjects).toHaveLength(2);
		expect(subjects[1]).toContain('Tomorrow: downtime of Payroll S1');

		// Built at short notice: the announcement is the only message.
		const short = await waveAhead(['S2'], 10 * HOUR);
		await announceDue(ctx);
		await announceDue(ctx);
		await sender.run();
		expect(mailsTo(short.emails[0])).toHaveLength(1);
		expect((await listContactMessages(ctx, admin, programme.slug, 'S1')).map((m) => m.kind)).toEqual([
			'announce',
			'reminder'
		]);
	});

	it('announces as many days ahead as the programme says', async () => {
		const { programme, wave } = await waveAhead(['S1'], 5 * DAY);
		expect(await getProgrammeSettings(ctx, admin, programme.slug)).toEqual({ announceDaysAhead: 14 });
		await setProgrammeSettings(
			ctx,
			admin,
			programme.slug,
			programmeSettingsInput.parse({ announceDaysAhead: 3 })
		);
		await announceDue(ctx);
		expect(await listNotices(ctx, admin, wave.slug)).toEqual([]);
		clock.advance(2 * DAY + HOUR);
		await announceDue(ctx);
		expect(await listNotices(ctx, admin, wave.slug)).toHaveLength(1);
		expect(programmeSettingsInput.safeParse({ announceDaysAhead: 0 }).success).toBe(false);
	});

	it('refuses a window for a system in no wave, a window ending before it starts, and a stale version', async () => {
		const { programme, start } = await waveAhead(['S1'], 5 * DAY);
		await testInventory(app, programme.slug, [testSystem('LOOSE', { templateKey: 'vm' })]);
		const loose = await rejection(move(programme.slug, 'LOOSE', start.getTime(), start.getTime() + HOUR));
		expect(loose).toBeInstanceOf(ConflictError);
		expect(loose.message).toContain('LOOSE');
		expect(
			systemWindowInput.safeParse({
				windowStart: start.toISOString(),
				windowEnd: new Date(start.getTime() - HOUR).toISOString()
			}).success
		).toBe(false);
		const stale = await rejection(
			moveSystemWindow(
				ctx,
				admin,
				programme.slug,
				'S1',
				systemWindowInput.parse({
					windowStart: new Date(start.getTime() + HOUR).toISOString(),
					windowEnd: new Date(start.getTime() + 2 * HOUR).toISOString(),
					expectedVersion: 999
				})
			)
		);
		expect(stale).toBeInstanceOf(ConflictError);
		const { systems } = await getProgramme(ctx, admin, programme.slug);
		expect(systems.find((s) => s.key === 'S1')?.windowStart).toBe(start.toISOString());
	});
});
