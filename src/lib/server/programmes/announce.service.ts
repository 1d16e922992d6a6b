/**
 * Telling people of a system's downtime weeks ahead (scenario 3: downtime announced a couple of weeks before each
 * move, by the system's contact person to its agencies). A programme's `announceDaysAhead` (default 14) before a
 * system's window, the scheduler drafts a planned-maintenance notice for the public page in the system's wave
 * (fi/sv/en, for comms staff to approve and publish as any other) and queues a message to its contact person, with
 * a calendar entry, in the notices' outbox; the day before, a reminder. Moving a system's window moves its tasks,
 * updates its notice (a draft again, or an update of the published one, which the calendar feed follows) and tells
 * the contact once, the calendar entry updated in place. Every act locks the wave, then the programme.
 */
import { maintenanceNoticeTexts } from '../../shared/notices/drafts';
import { noticeRef } from '../../shared/notices/rules';
import { REMINDER_BEFORE_MS, type ContactMessageKind } from '../../shared/programmes/rules';
import type {
	ContactMessageRecord,
	ContactMessageView,
	ProgrammeSettingsInput,
	ProgrammeSettingsView,
	SystemView,
	SystemWindowInput
} from '../../shared/schemas/programmes';
import { require, systemActor, type Actor } from '../auth/actor';
import type { Ctx } from '../context';
import type { ContactMessageRow, NoticeRow, ProgrammeSystemRow } from '../db/schema';
import { ConflictError, NotFoundError } from '../errors';
import { writeCutover, type CutoverWriter } from '../events/event.service';
import { log } from '../observability/log';
import { moveMaintenance } from '../notices/notice.service';
import { draftNotice } from '../notices/notice.tx';
import * as runbook from '../runbook/runbook.tx';
import * as aq from './announce.queries';
import { findProgramme } from './programme.service';
import * as pq from './programme.queries';
import { systemToView } from './views';

export interface SystemAnnouncement {
	system: SystemView;
	notice: { ref: string; status: NoticeRow['status'] } | null;
	messages: ContactMessageRecord[];
}

/** Who drafts the notices and queues the messages when they fall due. */
const ANNOUNCER = systemActor('programmes');

const noticeTextsOf = (system: ProgrammeSystemRow, start: Date, end: Date, timezone: string) =>
	maintenanceNoticeTexts({
		services: [system.name],
		startsAt: start.getTime(),
		endsAt: end.getTime(),
		timezone
	});

/** Queues one message to the system's contact (nothing when that kind was queued for the revision) and logs it. */
async function tell(
	programme: CutoverWriter,
	system: ProgrammeSystemRow,
	kind: ContactMessageKind,
	now: Date,
	previous: { start: Date; end: Date } | null = null
): Promise<void> {
	const message: ContactMessageView = {
		system: system.key,
		kind,
		windowRevision: system.windowRevision,
		windowStart: system.windowStart!.toISOString(),
		windowEnd: system.windowEnd!.toISOString()
	};
	const queued = await aq.queueContactMessage(programme.tx, {
		systemId: system.id,
		kind,
		windowRevision: system.windowRevision,
		address: system.contactEmail,
		windowStart: system.windowStart!,
		windowEnd: system.windowEnd!,
		previousStart: previous?.start ?? null,
		previousEnd: previous?.end ?? null,
		dueAt: now,
		createdAt: now
	});
	if (queued.length > 0) programme.record('programme.contact_message_queued', { message });
}

/** The system as its wave's write sees it, under the wave's lock; undefined when it left that wave. */
async function systemInWave(w: CutoverWriter, systemId: string) {
	const system = await aq.systemById(w.tx, systemId);
	return system?.waveId === w.cutover.id ? system : undefined;
}

/** Drafts the system's notice and tells its contact, when it is still due (another instance may have done it). */
async function announceSystem(ctx: Ctx, systemId: string, waveId: string): Promise<void> {
	await writeCutover(ctx, ANNOUNCER, waveId, async (w) => {
		const system = await systemInWave(w, systemId);
		const now = new Date(ctx.clock.now());
		if (!system || system.noticeId || !system.windowStart || !system.windowEnd) return;
		if (system.windowStart.getTime() <= now.getTime()) return;
		const { id: noticeId } = await draftNotice(w, {
			origin: system.key,
			texts: noticeTextsOf(system, system.windowStart, system.windowEnd, w.cutover.timezone),
			by: ANNOUNCER.name,
			at: now,
			maintenance: { startsAt: system.windowStart, endsAt: system.windowEnd }
		});
		await w.also(system.programmeId, async (p) => {
			await pq.updateSystem(p.tx, system.id, { noticeId });
			await tell(p, system, 'announce', now);
		});
	});
}

/**
 * The reminder the day before, unless the contact was told of this window within that day already (a wave built,
 * or a window moved, at short notice: one message, not two).
 */
async function remindSystem(ctx: Ctx, systemId: string, waveId: string): Promise<void> {
	await writeCutover(ctx, ANNOUNCER, waveId, async (w) => {
		const system = await systemInWave(w, systemId);
		const now = new Date(ctx.clock.now());
		if (!system?.noticeId || !system.windowStart || system.windowStart.getTime() <= now.getTime()) return;
		const latest = await aq.latestMessageOf(w.tx, system.id, system.windowRevision);
		const dayBefore = system.windowStart.getTime() - REMINDER_BEFORE_MS;
		if (latest && latest.kind !== 'reminder' && latest.createdAt.getTime() >= dayBefore) return;
		await w.also(system.programmeId, (p) => tell(p, system, 'reminder', now));
	});
}

/** One round of the scheduler: what is due to be announced, then the reminders due. */
export async function announceDue(ctx: Ctx): Promise<void> {
	const now = new Date(ctx.clock.now());
	for (const s of await aq.systemsToAnnounce(ctx.db, now))
		await announceSystem(ctx, s.systemId, s.waveId).catch((err) =>
			log.error({ err, system: s.systemId }, 'announcing a system failed')
		);
	for (const s of await aq.systemsToRemind(ctx.db, now, REMINDER_BEFORE_MS))
		await remindSystem(ctx, s.systemId, s.waveId!).catch((err) =>
			log.error({ err, system: s.systemId }, 'reminding of a system failed')
		);
}

/**
 * Moves a system's migration window within its wave: its tasks not yet started wait for the new start, its notice
 * (once drafted) follows, and its contact is told once of the change with the calendar entry updated.
 */
export async function moveSystemWindow(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	key: string,
	input: SystemWindowInput
): Promise<SystemView> {
	require(actor, 'programme.manage', 'run programmes');
	const programme = await findProgramme(ctx, actor, slug);
	const before = await pq.systemByKey(ctx.db, programme.id, key);
	if (!before) throw new NotFoundError({ reason: 'errors.systemNotFound', params: { key } });
	if (!before.waveId) throw new ConflictError({ reason: 'errors.systemNotInWave', params: { key } });
	const { result } = await writeCutover(ctx, actor, before.waveId, async (w) => {
		const system = await systemInWave(w, before.id);
		if (!system || (input.expectedVersion !== undefined && input.expectedVersion !== system.version))
			throw new ConflictError({ reason: 'errors.systemChanged' }, { system: systemToView(before) });
		const start = new Date(input.windowStart);
		const end = new Date(input.windowEnd);
		if (system.windowStart?.getTime() === start.getTime() && system.windowEnd?.getTime() === end.getTime())
			return systemToView({ ...system, waveSlug: w.cutover.slug });
		const now = new Date(ctx.clock.now());
		await runbook.moveSystemTasks(w, system.id, system.windowStart, start, now);
		if (system.noticeId)
			await moveMaintenance(
				w,
				actor,
				system.noticeId,
				{ startsAt: start, endsAt: end },
				noticeTextsOf(system, start, end, w.cutover.timezone),
				now
			);
		const moved: ProgrammeSystemRow = {
			...system,
			windowStart: start,
			windowEnd: end,
			windowRevision: system.windowRevision + 1,
			version: system.version + 1,
			updatedAt: now
		};
		return w.also(system.programmeId, async (p) => {
			await pq.updateSystem(p.tx, system.id, {
				windowStart: start,
				windowEnd: end,
				windowRevision: moved.windowRevision,
				version: moved.version,
				updatedAt: now
			});
			const view = systemToView({ ...moved, waveSlug: w.cutover.slug });
			p.record('programme.system_updated', { system: view, changed: ['window'] });
			// Told only once it was announced: before that, the announcement will carry the new window.
			if (system.noticeId && start.getTime() > now.getTime())
				await tell(p, moved, 'changed', now, { start: system.windowStart!, end: system.windowEnd! });
			return view;
		});
	});
	return result;
}

const toRecord = (m: ContactMessageRow): ContactMessageRecord => ({
	kind: m.kind,
	windowRevision: m.windowRevision,
	windowStart: m.windowStart.toISOString(),
	windowEnd: m.windowEnd.toISOString(),
	state: m.state,
	attempts: m.attempts,
	createdAt: m.createdAt.toISOString(),
	sentAt: m.sentAt?.toISOString() ?? null,
	lastError: m.lastError
});

/** One wave's systems as the room follows their announcements: window, notice, what the contact was told. */
export async function waveAnnouncements(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	waveSlug: string
): Promise<SystemAnnouncement[]> {
	const programme = await findProgramme(ctx, actor, slug);
	const wave = (await pq.wavesOf(ctx.db, programme.id)).find((w) => w.slug === waveSlug);
	if (!wave) throw new NotFoundError({ reason: 'errors.waveNotInProgramme', params: { slug: waveSlug } });
	const [rows, messages] = [
		await aq.waveAnnouncements(ctx.db, wave.id),
		await aq.waveContactMessages(ctx.db, wave.id)
	];
	return rows.map((r) => ({
		system: systemToView({ ...r.system, waveSlug: wave.slug }),
		notice: r.noticeNumber === null ? null : { ref: noticeRef(r.noticeNumber), status: r.noticeStatus! },
		messages: messages.filter((m) => m.systemKey === r.system.key).map((m) => toRecord(m.message))
	}));
}

/** What the system's contact person was told, oldest first, and where each message's sending stands. */
export async function listContactMessages(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	key: string
): Promise<ContactMessageRecord[]> {
	const programme = await findProgramme(ctx, actor, slug);
	const system = await pq.systemByKey(ctx.db, programme.id, key);
	if (!system) throw new NotFoundError({ reason: 'errors.systemNotFound', params: { key } });
	return (await aq.contactMessagesOf(ctx.db, system.id)).map(toRecord);
}

export async function getProgrammeSettings(
	ctx: Ctx,
	actor: Actor,
	slug: string
): Promise<ProgrammeSettingsView> {
	const programme = await findProgramme(ctx, actor, slug);
	return { announceDaysAhead: programme.announceDaysAhead };
}

export async function setProgrammeSettings(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	input: ProgrammeSettingsInput
): Promise<ProgrammeSettingsView> {
	require(actor, 'programme.manage', 'run programmes');
	const { result } = await writeCutover(ctx, actor, { slug }, async (w) => {
		if (w.cutover.kind !== 'programme')
			throw new NotFoundError({ reason: 'errors.programmeNotFound', params: { slug } });
		const settings = { announceDaysAhead: input.announceDaysAhead };
		if (w.cutover.announceDaysAhead === settings.announceDaysAhead) return settings;
		await runbook.setCutover(w.tx, w.cutover.id, settings);
		w.record('programme.settings_changed', { settings });
		return settings;
	});
	return result;
}
