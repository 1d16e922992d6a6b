/**
 * User notices: comms staff draft them (by hand, or prefilled from an incident, a decision or a maintenance), send
 * them for a second approval where the cutover asks for one, and publish them now or at a set time. A published
 * notice is never edited: it changes by entries on its public timeline (an update, a correction naming what it
 * corrects, a withdrawal), and `texts` mirrors the latest. Every act is one write through `writeCutover` with its
 * event; a published maintenance in progress puts its services under maintenance, each told by `service.updated`.
 */
import { fieldIssue } from '../../shared/i18n/field-issues';
import { incidentNoticeTexts } from '../../shared/notices/drafts';
import {
	maintenanceState,
	missingLanguages,
	NOTICE_LANGS,
	noticeNumber,
	noticeRef,
	type NoticeKind,
	type NoticeStatus
} from '../../shared/notices/rules';
import type {
	NoticeCreateInput,
	NoticeEntryInput,
	NoticePatchInput,
	NoticePreviewInput,
	NoticePreviewView,
	NoticePublishInput,
	NoticeSettingsInput,
	NoticeSettingsView,
	NoticeView,
	NoticeWithdrawInput
} from '../../shared/schemas/notices';
import { require, systemActor, type Actor } from '../auth/actor';
import type { Ctx } from '../context';
import type { Db, Tx } from '../db/client';
import type { CutoverRow, NoticeEntryRow, NoticeRow } from '../db/schema';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { writeCutover, type CutoverWriter } from '../events/event.service';
import { servicesOf } from '../incidents/catalogue.service';
import { incidentByRef, incidentRefs } from '../incidents/incident.tx';
import { log } from '../observability/log';
import { findCutover } from '../runbook/cutover-lookup';
import { renderNoticeBodies } from './markdown';
import * as q from './notice.queries';
import { noticeSettingsOf, servicesUnderMaintenance } from './notice.tx';
import { entryToView, noticeToView } from './views';
import { queueNoticeDeliveries } from '../subscriptions/subscriptions.tx';

const WRITE = 'write notices';
/** Who publishes a scheduled notice when it falls due, and moves a maintenance on. */
const SCHEDULER = systemActor('notices');

/** Who a person is, for the rule that the author does not approve their own notice. */
const who = (actor: Actor) => actor.username ?? actor.name;

// ---- Reads ----

async function viewsOf(db: Db | Tx, cutover: CutoverRow, rows: NoticeRow[], now: number) {
	const entries = await q.entriesOfMany(
		db,
		rows.map((r) => r.id)
	);
	const refs = rows.some((r) => r.incidentId)
		? await incidentRefs(db, cutover.id)
		: new Map<string, string>();
	const settings = noticeSettingsOf(cutover);
	return rows.map((r) =>
		noticeToView(r, entries.get(r.id)!, settings, r.incidentId ? (refs.get(r.incidentId) ?? null) : null, now)
	);
}

const viewOf = async (db: Db | Tx, cutover: CutoverRow, row: NoticeRow, now: number) =>
	(await viewsOf(db, cutover, [row], now))[0];

/** Every notice of a cutover with its timeline, newest first. */
export async function listNotices(ctx: Ctx, actor: Actor, slug: string): Promise<NoticeView[]> {
	const cutover = await findCutover(ctx, actor, slug);
	return ctx.db.transaction(
		async (tx) => viewsOf(tx, cutover, await q.noticesOf(tx, cutover.id), ctx.clock.now()),
		{ isolationLevel: 'repeatable read', accessMode: 'read only' }
	);
}

async function noticeOf(db: Db | Tx, cutoverId: string, ref: string): Promise<NoticeRow> {
	const number = noticeNumber(ref);
	const row = number === null ? undefined : await q.noticeByNumber(db, cutoverId, number);
	if (!row) throw new NotFoundError({ reason: 'errors.noticeNotFound', params: { ref } });
	return row;
}

export async function getNotice(ctx: Ctx, actor: Actor, slug: string, ref: string): Promise<NoticeView> {
	const cutover = await findCutover(ctx, actor, slug);
	return ctx.db.transaction(
		async (tx) => viewOf(tx, cutover, await noticeOf(tx, cutover.id, ref), ctx.clock.now()),
		{ isolationLevel: 'repeatable read', accessMode: 'read only' }
	);
}

export async function getNoticeSettings(ctx: Ctx, actor: Actor, slug: string): Promise<NoticeSettingsView> {
	return noticeSettingsOf(await findCutover(ctx, actor, slug));
}

/**
 * Bodies as typed, rendered as the public page and the mails will show them: the editor's preview before saving.
 * For those who write notices; nothing is saved.
 */
export async function previewNoticeBodies(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	input: NoticePreviewInput
): Promise<NoticePreviewView> {
	require(actor, 'notice.write', WRITE);
	await findCutover(ctx, actor, slug);
	return { bodies: renderNoticeBodies(input.bodies) };
}

// ---- Checks ----

async function assertServices(tx: Tx, cutoverId: string, keys: readonly string[]) {
	if (keys.length === 0) return;
	const known = new Set((await servicesOf(tx, cutoverId)).map((s) => s.key));
	const unknown = keys.find((k) => !known.has(k));
	if (unknown !== undefined)
		throw new ValidationError({ reason: 'errors.serviceUnknown', params: { service: unknown } });
}

/** A planned maintenance has its window; nothing else has one. */
function assertWindow(kind: NoticeKind, window: NoticeCreateInput['maintenance']) {
	if (kind === 'maintenance' && !window)
		throw new ValidationError({ reason: 'errors.noticeMaintenanceWindow' }, [
			fieldIssue('maintenance', 'required')
		]);
	if (kind !== 'maintenance' && window) throw new ValidationError({ reason: 'errors.noticeMaintenanceKind' });
}

async function incidentIdOf(tx: Tx, cutoverId: string, ref: string | null): Promise<string | null> {
	if (ref === null) return null;
	const incident = await incidentByRef(tx, cutoverId, ref);
	if (!incident) throw new ValidationError({ reason: 'errors.noticeIncidentUnknown', params: { ref } });
	return incident.id;
}

const refOf = (row: NoticeRow) => noticeRef(row.number);

function assertLanguages(row: NoticeRow, texts: NoticeRow['texts'], cutover: CutoverRow) {
	const missing = missingLanguages(texts, noticeSettingsOf(cutover).requiredLanguages);
	if (missing.length > 0)
		throw new ConflictError({
			reason: 'errors.noticeMissingLanguages',
			params: { ref: refOf(row), languages: missing.join(', ') }
		});
}

/** What publishing needs, now or when a scheduled notice falls due: the languages, and the approval if asked. */
function assertPublishable(row: NoticeRow, cutover: CutoverRow) {
	assertLanguages(row, row.texts, cutover);
	if (noticeSettingsOf(cutover).secondApproval && !row.approvedBy)
		throw new ConflictError({ reason: 'errors.noticeNeedsApproval', params: { ref: refOf(row) } });
}

const EDITABLE: readonly NoticeStatus[] = ['draft', 'awaiting_approval', 'scheduled'];

// ---- Writes ----

/** A write's change to one notice, and what its event says. */
interface Change {
	changes: Parameters<typeof q.updateNotice>[2];
	/** The fields `notice.updated` names (default: those changed). */
	changed?: string[];
	/** An entry on the notice's timeline. */
	entry?: Pick<NoticeEntryRow, 'kind' | 'texts'> &
		Partial<Pick<NoticeEntryRow, 'corrects' | 'incidentStatus' | 'reason'>>;
	/** `notice.published`: the entry is public (a publication, an update, a correction, a withdrawal). */
	public?: boolean;
}

/**
 * Runs one act on a notice under the cutover's lock: `decide` checks the rules and says what changes (null:
 * nothing, nothing recorded). Services whose maintenance started or ended with it are told after the notice.
 */
async function act(
	ctx: Ctx,
	actor: Actor,
	target: string | { slug: string },
	ref: string,
	expectedVersion: number | undefined,
	decide: (row: NoticeRow, w: CutoverWriter, now: Date) => Promise<Change | null> | Change | null
): Promise<NoticeView> {
	const { result } = await writeCutover(ctx, actor, target, async (w) => {
		const row = await noticeOf(w.tx, w.cutover.id, ref);
		const now = new Date(ctx.clock.now());
		if (expectedVersion !== undefined && expectedVersion !== row.version)
			throw new ConflictError(
				{ reason: 'errors.noticeChanged' },
				{ notice: await viewOf(w.tx, w.cutover, row, now.getTime()) }
			);
		const c = await decide(row, w, now);
		return c ? applyChange(w, actor, row, c, now) : viewOf(w.tx, w.cutover, row, now.getTime());
	});
	return result;
}

/** Writes one change to a notice inside the cutover's write, with its entry, deliveries and events. */
async function applyChange(
	w: CutoverWriter,
	actor: Actor,
	row: NoticeRow,
	c: Change,
	now: Date
): Promise<NoticeView> {
	const before = await servicesUnderMaintenance(w.tx, w.cutover.id);
	const updated = await q.updateNotice(w.tx, row.id, c.changes);
	const entry =
		c.entry &&
		(await q.insertEntry(w.tx, {
			corrects: null,
			incidentStatus: null,
			reason: null,
			...c.entry,
			noticeId: row.id,
			seq: w.cutover.lastSeq + 1,
			at: now,
			actorName: actor.name
		}));
	const notice = await viewOf(w.tx, w.cutover, updated, now.getTime());
	if (entry && c.public) {
		// The public timeline grew: the subscribers' deliveries of `entry` are queued in this transaction.
		await queueNoticeDeliveries(w.tx, entry.id, now);
		w.record('notice.published', { notice, entry: entryToView(entry) });
	} else w.record('notice.updated', { notice, changed: c.changed ?? Object.keys(c.changes) });
	await announceMaintenance(w, before);
	return notice;
}

/**
 * Inside another area's write on the notice's cutover: a planned maintenance's window moved. A notice not yet
 * published gets the new window and texts as a draft again (its approval was of the old ones); a published one
 * gets an update on its timeline, so the page, the subscribers and the calendar's one event follow. A withdrawn
 * one stays as it is. Null when nothing changed.
 */
export async function moveMaintenance(
	w: CutoverWriter,
	actor: Actor,
	noticeId: string,
	window: { startsAt: Date; endsAt: Date },
	texts: NoticeRow['texts'],
	now: Date
): Promise<NoticeView | null> {
	const row = await q.noticeById(w.tx, w.cutover.id, noticeId);
	if (!row || row.kind !== 'maintenance' || row.status === 'withdrawn') return null;
	const moved = { maintenanceStartsAt: window.startsAt, maintenanceEndsAt: window.endsAt, texts };
	if (row.status !== 'published')
		return applyChange(
			w,
			actor,
			row,
			{
				changes: {
					...moved,
					status: 'draft',
					submittedBy: null,
					approvedBy: null,
					approvedAt: null,
					publishAt: null
				},
				changed: ['maintenance', 'texts', ...(row.status === 'draft' ? [] : ['status'])]
			},
			now
		);
	return applyChange(
		w,
		actor,
		row,
		{
			changes: {
				...moved,
				maintenanceState: maintenanceState(window.startsAt.getTime(), window.endsAt.getTime(), now.getTime())
			},
			entry: { kind: 'update', texts },
			public: true
		},
		now
	);
}

/**
 * After a write that may have started or ended a maintenance: a `service.updated` for each service whose
 * maintenance changed, carrying the status it shows now.
 */
async function announceMaintenance(w: CutoverWriter, before: Map<string, string>): Promise<void> {
	const after = await servicesUnderMaintenance(w.tx, w.cutover.id);
	const moved = new Set([...before.keys(), ...after.keys()].filter((k) => before.get(k) !== after.get(k)));
	if (moved.size === 0) return;
	for (const service of await servicesOf(w.tx, w.cutover.id))
		if (moved.has(service.key))
			w.record('service.updated', { service, changed: ['maintenance'], note: null });
}

export async function createNotice(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	input: NoticeCreateInput
): Promise<NoticeView> {
	require(actor, 'notice.write', WRITE);
	assertWindow(input.kind, input.maintenance);
	const { result } = await writeCutover(ctx, actor, { slug }, async (w) => {
		await assertServices(w.tx, w.cutover.id, input.services);
		const now = new Date(ctx.clock.now());
		const row = await q.insertNotice(w.tx, {
			cutoverId: w.cutover.id,
			number: await q.nextNoticeNumber(w.tx, w.cutover.id),
			kind: input.kind,
			services: input.services,
			texts: input.texts,
			incidentId: await incidentIdOf(w.tx, w.cutover.id, input.incident),
			maintenanceStartsAt: input.maintenance ? new Date(input.maintenance.startsAt) : null,
			maintenanceEndsAt: input.maintenance ? new Date(input.maintenance.endsAt) : null,
			createdBy: who(actor),
			createdAt: now
		});
		const notice = await viewOf(w.tx, w.cutover, row, now.getTime());
		w.record('notice.created', { notice });
		return notice;
	});
	return result;
}

/**
 * Edits a notice not yet published: its services, texts or window. One awaiting approval, or scheduled, goes back to
 * draft (an approval was of the texts as they were).
 */
export async function updateNotice(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	ref: string,
	input: NoticePatchInput
): Promise<NoticeView> {
	require(actor, 'notice.write', WRITE);
	return act(ctx, actor, { slug }, ref, input.expectedVersion, async (row, w) => {
		if (!EDITABLE.includes(row.status))
			throw new ConflictError({ reason: 'errors.noticeNotDraft', params: { ref, status: row.status } });
		const changes: Change['changes'] = {};
		if (input.services !== undefined) {
			await assertServices(w.tx, w.cutover.id, input.services);
			changes.services = input.services;
		}
		if (input.texts !== undefined) changes.texts = input.texts;
		if (input.maintenance !== undefined) {
			assertWindow(row.kind, input.maintenance);
			changes.maintenanceStartsAt = input.maintenance ? new Date(input.maintenance.startsAt) : null;
			changes.maintenanceEndsAt = input.maintenance ? new Date(input.maintenance.endsAt) : null;
		}
		const changed = Object.keys(changes).map((k) => (k.startsWith('maintenance') ? 'maintenance' : k));
		if (row.status !== 'draft') changed.push('status');
		return {
			changes: {
				...changes,
				status: 'draft',
				submittedBy: null,
				approvedBy: null,
				approvedAt: null,
				publishAt: null
			},
			changed: [...new Set(changed)]
		};
	});
}

/** Sends a draft for a second approval (only where the cutover asks for one), complete in its required languages. */
export async function submitNotice(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	ref: string,
	input: { expectedVersion?: number }
): Promise<NoticeView> {
	require(actor, 'notice.write', WRITE);
	return act(ctx, actor, { slug }, ref, input.expectedVersion, (row, w) => {
		if (!noticeSettingsOf(w.cutover).secondApproval)
			throw new ConflictError({ reason: 'errors.noticeApprovalOff' });
		if (row.status !== 'draft')
			throw new ConflictError({ reason: 'errors.noticeNotSubmittable', params: { ref, status: row.status } });
		assertLanguages(row, row.texts, w.cutover);
		return {
			changes: { status: 'awaiting_approval', submittedBy: who(actor) },
			changed: ['status']
		};
	});
}

/** A second person approves a notice awaiting approval: never its author, nor the one who sent it. */
export async function approveNotice(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	ref: string,
	input: { expectedVersion?: number }
): Promise<NoticeView> {
	require(actor, 'notice.approve', 'approve notices');
	return act(ctx, actor, { slug }, ref, input.expectedVersion, (row, _w, now) => {
		if (row.status !== 'awaiting_approval')
			throw new ConflictError({ reason: 'errors.noticeNotAwaiting', params: { ref } });
		if (row.approvedBy) throw new ConflictError({ reason: 'errors.noticeAlreadyApproved', params: { ref } });
		if (who(actor) === row.createdBy || who(actor) === row.submittedBy)
			throw new ForbiddenError({ reason: 'errors.noticeOwnApproval', params: { ref } });
		return { changes: { approvedBy: who(actor), approvedAt: now }, changed: ['approvedBy'] };
	});
}

/** Publishing now: the notice's first entry, and a maintenance's state from where its window stands. */
function publication(row: NoticeRow, now: Date): Change {
	const start = row.maintenanceStartsAt?.getTime();
	const end = row.maintenanceEndsAt?.getTime();
	return {
		changes: {
			status: 'published',
			publishedAt: now,
			publishAt: null,
			maintenanceState:
				start !== undefined && end !== undefined ? maintenanceState(start, end, now.getTime()) : null
		},
		entry: { kind: 'published', texts: row.texts },
		public: true
	};
}

/**
 * Publishes a notice now, or schedules it for `at` (a time to come). Refused while a required language is missing,
 * or a second approval is asked for and not given; a scheduled notice is checked again when it falls due.
 */
export async function publishNotice(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	ref: string,
	input: NoticePublishInput
): Promise<NoticeView> {
	require(actor, 'notice.write', WRITE);
	return act(ctx, actor, { slug }, ref, input.expectedVersion, (row, w, now) => {
		if (!EDITABLE.includes(row.status))
			throw new ConflictError({ reason: 'errors.noticeNotPublishable', params: { ref, status: row.status } });
		assertPublishable(row, w.cutover);
		const at = input.at === null ? null : new Date(input.at);
		if (at && at.getTime() > now.getTime())
			return { changes: { status: 'scheduled', publishAt: at }, changed: ['status', 'publishAt'] };
		return publication(row, now);
	});
}

/** An update or a correction (naming an entry of the same notice) on a published notice's timeline. */
export async function addNoticeEntry(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	ref: string,
	input: NoticeEntryInput
): Promise<NoticeView> {
	require(actor, 'notice.write', WRITE);
	return act(ctx, actor, { slug }, ref, input.expectedVersion, async (row, w) => {
		if (row.status === 'withdrawn')
			throw new ConflictError({ reason: 'errors.noticeWithdrawn', params: { ref } });
		if (row.status !== 'published')
			throw new ConflictError({ reason: 'errors.noticeNotPublished', params: { ref } });
		if (input.incidentStatus !== null && row.kind !== 'incident')
			throw new ValidationError({ reason: 'errors.noticeIncidentStatusKind' });
		if (input.corrects !== null) {
			const corrected = (await q.entriesOf(w.tx, row.id)).find((e) => e.id === input.corrects);
			if (!corrected || corrected.kind === 'withdrawn')
				throw new ValidationError({
					reason: 'errors.noticeEntryUnknown',
					params: { ref, id: input.corrects }
				});
		}
		assertLanguages(row, input.texts, w.cutover);
		return {
			changes: { texts: input.texts },
			entry: {
				kind: input.kind,
				texts: input.texts,
				corrects: input.corrects,
				incidentStatus: input.incidentStatus
			},
			public: true
		};
	});
}

/**
 * Withdraws a notice: it stays in the history, with a `withdrawn` entry giving the reason. A published one's
 * withdrawal is public (a maintenance in progress lets its services go); one never published is only set aside.
 */
export async function withdrawNotice(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	ref: string,
	input: NoticeWithdrawInput
): Promise<NoticeView> {
	require(actor, 'notice.write', WRITE);
	return act(ctx, actor, { slug }, ref, input.expectedVersion, (row, _w, now) => {
		if (row.status === 'withdrawn')
			throw new ConflictError({ reason: 'errors.noticeWithdrawn', params: { ref } });
		return {
			changes: { status: 'withdrawn', withdrawnAt: now, publishAt: null },
			changed: ['status'],
			entry: { kind: 'withdrawn', texts: row.texts, reason: input.reason },
			public: row.publishedAt !== null
		};
	});
}

/** Sets the cutover's notice settings (those the input leaves out stay). */
export async function setNoticeSettings(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	input: NoticeSettingsInput
): Promise<NoticeSettingsView> {
	require(actor, 'cutover.edit', 'change the notice settings');
	const { result } = await writeCutover(ctx, actor, { slug }, async (w) => {
		const current = noticeSettingsOf(w.cutover);
		const settings: NoticeSettingsView = {
			requiredLanguages: input.requiredLanguages
				? NOTICE_LANGS.filter((l) => input.requiredLanguages!.includes(l))
				: current.requiredLanguages,
			secondApproval: input.secondApproval ?? current.secondApproval,
			publicStatus: input.publicStatus ?? current.publicStatus
		};
		if (JSON.stringify(settings) === JSON.stringify(current)) return current;
		await q.setSettings(w.tx, w.cutover.id, settings);
		w.record('notice.settings_changed', { settings });
		return settings;
	});
	return result;
}

/**
 * A draft of kind incident from an incident (origin INC-n): its title, its status in words and the services it
 * affects, in Finnish, Swedish and English.
 */
export async function draftNoticeFromIncident(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	incidentRef: string
): Promise<NoticeView> {
	require(actor, 'notice.write', WRITE);
	const { result } = await writeCutover(ctx, actor, { slug }, async (w) => {
		const incident = await incidentByRef(w.tx, w.cutover.id, incidentRef);
		if (!incident)
			throw new NotFoundError({ reason: 'errors.incidentNotFound', params: { ref: incidentRef } });
		const names = new Map((await servicesOf(w.tx, w.cutover.id)).map((s) => [s.key, s.name]));
		const affected = incident.affected.map((a) => a.service).filter((key) => names.has(key));
		const now = new Date(ctx.clock.now());
		const row = await q.insertNotice(w.tx, {
			cutoverId: w.cutover.id,
			number: await q.nextNoticeNumber(w.tx, w.cutover.id),
			kind: 'incident',
			services: affected,
			texts: incidentNoticeTexts({
				title: incident.title,
				status: incident.status,
				services: affected.map((key) => names.get(key)!)
			}),
			incidentId: incident.id,
			origin: incidentRef,
			createdBy: who(actor),
			createdAt: now
		});
		const notice = await viewOf(w.tx, w.cutover, row, now.getTime());
		w.record('notice.created', { notice });
		return notice;
	});
	return result;
}

// ---- The scheduler's acts ----

/** Every cutover's notices that fall due at the clock's now: `{ cutoverId, ref }`. */
export async function dueNotices(ctx: Ctx): Promise<{ cutoverId: string; ref: string }[]> {
	const rows = await q.dueNotices(ctx.db, new Date(ctx.clock.now()));
	return rows.map((r) => ({ cutoverId: r.cutoverId, ref: noticeRef(r.number) }));
}

/**
 * Moves one notice on when it is due: a scheduled notice is published (its rules checked again now; one that no
 * longer keeps them goes back to draft), a published maintenance goes from upcoming to in progress to completed.
 */
export function advanceNotice(ctx: Ctx, cutoverId: string, ref: string): Promise<NoticeView> {
	return act(ctx, SCHEDULER, cutoverId, ref, undefined, (row, w, now) => {
		if (row.status === 'scheduled' && row.publishAt && row.publishAt.getTime() <= now.getTime()) {
			try {
				assertPublishable(row, w.cutover);
			} catch (err) {
				if (!(err instanceof ConflictError)) throw err;
				log.warn(
					{ cutoverId, ref, reason: err.message },
					'a scheduled notice no longer keeps the rules: back to draft'
				);
				return { changes: { status: 'draft', publishAt: null }, changed: ['status'] };
			}
			return publication(row, now);
		}
		if (row.status !== 'published' || !row.maintenanceStartsAt || !row.maintenanceEndsAt) return null;
		const state = maintenanceState(
			row.maintenanceStartsAt.getTime(),
			row.maintenanceEndsAt.getTime(),
			now.getTime()
		);
		return state === row.maintenanceState ? null : { changes: { maintenanceState: state } };
	});
}
