/**
 * Incidents: opened by operators (or through the API), run by the room and by their Major Incident Manager. Every
 * act (status, severity, roles, affected services, restoration order) changes the incident and appends its
 * timeline entries in the same transaction, and is one `incident.updated` event carrying the incident after it
 * and the entries it added, so a board keeps incidents current from events alone. Notes and corrections are
 * entries only (`incident.timeline`). The timeline an incident's page reads merges its own entries with the
 * decisions and the opening's restrictions the cutover's log holds in the incident's span: those are already
 * recorded once, in the log, and copying them into every open incident would record them twice.
 */
import {
	isOpen,
	mimRefusal,
	restorationOrderProblem,
	severityNeedsMim,
	statusRefusal,
	incidentNumber,
	type IncidentRole,
	type ServiceStatus
} from '../../shared/incidents/rules';
import { fieldIssue } from '../../shared/i18n/field-issues';
import { LOGGED_ON_TIMELINE, mergeTimeline } from '../../shared/incidents/timeline';
import { can, readOnly } from '../../shared/roles';
import type {
	AffectedView,
	IncidentDetail,
	IncidentNoteInput,
	IncidentOpenInput,
	IncidentPrioritiesInput,
	IncidentRolesInput,
	IncidentServicesInput,
	IncidentSeverityInput,
	IncidentStatusInput,
	IncidentView,
	TimelineDetail,
	TimelineEntry
} from '../../shared/schemas/incidents';
import { require, type Actor } from '../auth/actor';
import type { Ctx } from '../context';
import type { Db, Tx } from '../db/client';
import type { IncidentRow } from '../db/schema';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { eventAt, eventsOfTypes, writeCutover, type CutoverWriter } from '../events/event.service';
import { findCutover } from '../runbook/cutover-lookup';
import * as q from './incidents.queries';
import { entryToView, incidentToDetail, incidentToView } from './views';

/** A timeline entry to write: its kind is its detail's. */
interface NewEntry {
	text?: string | null;
	detail: Exclude<TimelineDetail, { kind: 'decision' | 'opening' }>;
}

// ---- Reads ----

/** Every incident of a cutover with its own timeline, open ones first: what a board holds. */
export async function incidentsOf(db: Db | Tx, cutoverId: string): Promise<IncidentDetail[]> {
	const rows = await q.incidentsOf(db, cutoverId);
	const timelines = await q.timelinesOf(
		db,
		rows.map((r) => r.id)
	);
	return rows.map((r) => incidentToDetail(r, timelines.get(r.id)!.map(entryToView)));
}

export async function listIncidents(ctx: Ctx, actor: Actor, slug: string): Promise<IncidentView[]> {
	const cutover = await findCutover(ctx, actor, slug);
	return (await q.incidentsOf(ctx.db, cutover.id)).map(incidentToView);
}

async function incidentOf(db: Db | Tx, cutoverId: string, ref: string): Promise<IncidentRow> {
	const number = incidentNumber(ref);
	const row = number === null ? undefined : await q.incidentByNumber(db, cutoverId, number);
	if (!row) throw new NotFoundError({ reason: 'errors.incidentNotFound', params: { ref } });
	return row;
}

/**
 * One incident with its whole timeline: its own entries and, from the cutover's log, the decisions recorded and
 * the opening's parts restricted or lifted while it was open.
 */
export async function getIncident(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	ref: string
): Promise<IncidentDetail> {
	const cutover = await findCutover(ctx, actor, slug);
	return ctx.db.transaction(
		async (tx) => {
			const row = await incidentOf(tx, cutover.id, ref);
			const own = (await q.timelineOf(tx, row.id)).map(entryToView);
			const logged = await eventsOfTypes(
				tx,
				cutover.id,
				LOGGED_ON_TIMELINE,
				row.openedSeq,
				row.resolvedSeq,
				1000
			);
			return incidentToDetail(row, mergeTimeline(own, logged));
		},
		{ isolationLevel: 'repeatable read', accessMode: 'read only' }
	);
}

// ---- Checks ----

/** The named people must be users who can sign in; a MIM must be able to act (not a viewer). */
async function assertPeople(tx: Tx, named: { field: string; name: string | null | undefined }[]) {
	const names = named.filter((n): n is { field: string; name: string } => !!n.name);
	const found = new Map(
		(await q.usersNamed(tx, [...new Set(names.map((n) => n.name))])).map((u) => [u.username, u])
	);
	for (const { field, name } of names) {
		const user = found.get(name);
		if (!user) throw new ValidationError({ reason: 'errors.incidentPersonUnknown', params: { field, name } });
		if (user.disabled)
			throw new ValidationError({ reason: 'errors.incidentPersonDisabled', params: { field, name } });
		if (field === 'mim' && user.role === 'viewer')
			throw new ValidationError({ reason: 'errors.incidentMimMayNot', params: { name } });
	}
}

async function assertServices(tx: Tx, cutoverId: string, keys: readonly string[]) {
	const known = new Set((await q.servicesOf(tx, cutoverId)).map((s) => s.key));
	const unknown = keys.find((k) => !known.has(k));
	if (unknown !== undefined)
		throw new ValidationError({ reason: 'errors.serviceUnknown', params: { service: unknown } });
}

function assertOrder(
	order: readonly string[],
	affected: readonly AffectedView[] | IncidentOpenInput['affected']
) {
	const problem = restorationOrderProblem(
		order,
		affected.map((a) => a.service)
	);
	if (problem)
		throw new ValidationError({
			reason:
				problem.problem === 'duplicate'
					? 'errors.incidentPriorityDuplicate'
					: 'errors.incidentPriorityNotAffected',
			params: { service: problem.service }
		});
}

/** A P1 or P2 without a MIM: the refusal, and the field a form shows it under. */
const needsMimError = (severity: string) =>
	new ValidationError({ reason: 'errors.incidentNeedsMim', params: { severity } }, [
		fieldIssue('mim', 'mimRequired')
	]);

/**
 * Whether the actor may run this incident: admins and operators, and its named MIM (as themselves, signed in)
 * whatever their role, but never a read-only one.
 */
function requireManage(actor: Actor, row: IncidentRow): void {
	if (can(actor.role, 'incident.manage')) return;
	const isMim = actor.kind === 'user' && actor.username !== null && actor.username === row.mim;
	if (isMim && !readOnly(actor.role)) return;
	require(actor, 'incident.manage', 'run this incident');
}

const sameList = (a: readonly unknown[], b: readonly unknown[]) => JSON.stringify(a) === JSON.stringify(b);

// ---- Writes ----

/** Writes entries for the event about to be recorded at `seq`. */
async function writeEntries(
	tx: Tx,
	incidentId: string,
	seq: number,
	at: Date,
	by: string,
	entries: readonly NewEntry[]
): Promise<TimelineEntry[]> {
	const rows = await q.insertEntries(
		tx,
		entries.map((e) => ({
			incidentId,
			seq,
			at,
			actorName: by,
			kind: e.detail.kind,
			text: e.text ?? null,
			detail: e.detail,
			corrects: e.detail.kind === 'correction' ? e.detail.corrects : null
		}))
	);
	return rows.map(entryToView);
}

/** The seq the next event recorded in this write will get. */
const nextSeq = (w: CutoverWriter, recordedSoFar = 0) => w.cutover.lastSeq + 1 + recordedSoFar;

const impactEntry = (
	changes: { service: string; from: ServiceStatus | null; to: ServiceStatus | null }[]
): NewEntry[] => (changes.length ? [{ detail: { kind: 'services', changes } }] : []);

/**
 * The tester's "problems" sign-off an incident of a wave is opened from, read from its programme's log (the
 * sign-off row stays as it was written), as the incident's timeline says it; refused when there is no such word.
 */
async function signoffEntry(
	w: CutoverWriter,
	link: NonNullable<IncidentOpenInput['signoff']>
): Promise<NewEntry> {
	const programmeId = w.cutover.programmeId;
	const event = programmeId ? await eventAt(w.tx, programmeId, link.seq) : undefined;
	if (
		event?.type !== 'programme.signed_off' ||
		event.data.signoff.system !== link.system ||
		event.data.signoff.verdict !== 'problems' ||
		event.data.system.wave !== w.cutover.slug
	)
		throw new ValidationError({ reason: 'errors.incidentSignoffUnknown', params: link });
	const { testerName, followUpTask } = event.data.signoff;
	return { detail: { kind: 'signoff', ...link, tester: testerName, followUpTask } };
}

export async function openIncident(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	input: IncidentOpenInput
): Promise<IncidentView> {
	require(actor, 'incident.manage', 'open incidents');
	if (mimRefusal(input.severity, input.mim, input.mimPending)) throw needsMimError(input.severity);
	const { result } = await writeCutover(ctx, actor, { slug }, async (w) => {
		const cutoverId = w.cutover.id;
		await assertPeople(w.tx, [
			{ field: 'mim', name: input.mim },
			{ field: 'commsLead', name: input.commsLead },
			{ field: 'scribe', name: input.scribe }
		]);
		await assertServices(
			w.tx,
			cutoverId,
			input.affected.map((a) => a.service)
		);
		assertOrder(input.priorities, input.affected);
		if (input.breach) {
			const event = await eventAt(w.tx, cutoverId, input.breach.seq);
			if (event?.type !== 'metric.breached' || event.data.metric !== input.breach.metric)
				throw new ValidationError({
					reason: 'errors.incidentBreachUnknown',
					params: { metric: input.breach.metric, seq: input.breach.seq }
				});
		}
		const fromSignoff = input.signoff ? [await signoffEntry(w, input.signoff)] : [];
		const now = new Date(ctx.clock.now());
		const seq = nextSeq(w);
		const mim = input.mim ?? null;
		const row = await q.insertIncident(w.tx, {
			cutoverId,
			number: await q.nextIncidentNumber(w.tx, cutoverId),
			title: input.title,
			severity: input.severity,
			status: input.status,
			affected: input.affected.map((a) => ({
				service: a.service,
				impact: a.impact,
				since: now.toISOString(),
				restoredAt: a.impact === 'operational' ? now.toISOString() : null
			})),
			priorities: input.priorities,
			mim,
			mimPending: mim === null && severityNeedsMim(input.severity),
			commsLead: input.commsLead,
			scribe: input.scribe,
			suppliers: input.suppliers,
			breachMetric: input.breach?.metric ?? null,
			breachSeq: input.breach?.seq ?? null,
			signoffSystem: input.signoff?.system ?? null,
			signoffSeq: input.signoff?.seq ?? null,
			startedAt: input.startedAt !== undefined ? new Date(input.startedAt) : now,
			detectedAt: input.detectedAt !== undefined ? new Date(input.detectedAt) : now,
			mimNamedAt: mim ? now : null,
			openedAt: now,
			openedBy: actor.name,
			openedSeq: seq
		});
		const roles: NewEntry[] = (['mim', 'commsLead', 'scribe'] as const)
			.filter((role) => input[role])
			.map((role) => ({ detail: { kind: 'role', role, from: null, to: input[role] ?? null } }));
		const entries = await writeEntries(w.tx, row.id, seq, now, actor.name, [
			{ text: input.note ?? null, detail: { kind: 'opened', severity: row.severity, status: row.status } },
			...(input.breach ? [{ detail: { kind: 'breach', ...input.breach } } as NewEntry] : []),
			...fromSignoff,
			...impactEntry(input.affected.map((a) => ({ service: a.service, from: null, to: a.impact }))),
			...(input.priorities.length
				? [{ detail: { kind: 'priorities', from: [], to: input.priorities } } as NewEntry]
				: []),
			...roles,
			...(input.suppliers.length
				? [{ detail: { kind: 'suppliers', from: [], to: input.suppliers } } as NewEntry]
				: [])
		]);
		const incident = incidentToView(row);
		w.record('incident.opened', { incident, entries });
		return incident;
	});
	return result;
}

interface Act {
	changes: Partial<Omit<IncidentRow, 'id' | 'cutoverId' | 'number'>>;
	entries: NewEntry[];
}

/**
 * Runs one act of the room on an incident under the cutover's lock: `decide` checks the rules and says what
 * changes and what the timeline gets. An act that changes nothing records nothing and answers the incident.
 */
async function act(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	ref: string,
	expectedVersion: number | undefined,
	decide: (row: IncidentRow, w: CutoverWriter, now: Date) => Promise<Act> | Act
): Promise<IncidentView> {
	const { result } = await writeCutover(ctx, actor, { slug }, async (w) => {
		const row = await incidentOf(w.tx, w.cutover.id, ref);
		requireManage(actor, row);
		if (expectedVersion !== undefined && expectedVersion !== row.version)
			throw new ConflictError({ reason: 'errors.incidentChanged' }, { incident: incidentToView(row) });
		const now = new Date(ctx.clock.now());
		const a = await decide(row, w, now);
		if (a.entries.length === 0) return incidentToView(row);
		const updated = await q.updateIncident(w.tx, row.id, a.changes);
		const entries = await writeEntries(w.tx, row.id, nextSeq(w), now, actor.name, a.entries);
		const incident = incidentToView(updated);
		w.record('incident.updated', { incident, changed: Object.keys(a.changes), entries });
		return incident;
	});
	return result;
}

const refuseResolved = (row: IncidentRow) => {
	if (!isOpen(row.status)) throw new ConflictError({ reason: 'errors.incidentResolved' });
};

/**
 * Moves an incident's status. Resolving it stamps its end and restores every affected service not restored yet
 * (their impacts go to operational, each with its time to restore); reopening (back to investigating) clears the
 * end and leaves the impacts for the room to set again.
 */
export function setIncidentStatus(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	ref: string,
	input: IncidentStatusInput
) {
	return act(ctx, actor, slug, ref, input.expectedVersion, (row, w, now) => {
		const refusal = statusRefusal(row.status, input.status);
		if (refusal === 'same')
			throw new ConflictError({ reason: 'errors.incidentStatusSame', params: { status: row.status } });
		if (refusal)
			throw new ConflictError({
				reason: 'errors.incidentStatusNotAllowed',
				params: { from: row.status, to: input.status }
			});
		const entries: NewEntry[] = [
			{ text: input.note ?? null, detail: { kind: 'status', from: row.status, to: input.status } }
		];
		if (input.status === 'resolved') {
			const restored = row.affected.filter((a) => a.impact !== 'operational');
			entries.push(
				...impactEntry(restored.map((a) => ({ service: a.service, from: a.impact, to: 'operational' })))
			);
			return {
				changes: {
					status: 'resolved',
					resolvedAt: now,
					resolvedSeq: nextSeq(w),
					affected: row.affected.map((a) =>
						a.impact === 'operational'
							? a
							: { ...a, impact: 'operational' as const, restoredAt: now.toISOString() }
					)
				},
				entries
			};
		}
		const reopened = row.status === 'resolved' ? { resolvedAt: null, resolvedSeq: null } : {};
		return { changes: { status: input.status, ...reopened }, entries };
	});
}

/** The MIM fields after naming `mim` (or leaving it empty) on an incident of `severity`. */
function mimChange(row: IncidentRow, mim: string | null, pending: boolean, now: Date) {
	return {
		mim,
		mimPending: mim === null && pending,
		mimNamedAt: mim !== null ? (row.mimNamedAt ?? now) : row.mimNamedAt
	};
}

/**
 * Changes an incident's severity. Raising one without a MIM to P1 or P2 carries the MIM, or says it is not known
 * yet (`mimPending`), as opening one does.
 */
export function setIncidentSeverity(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	ref: string,
	input: IncidentSeverityInput
) {
	return act(ctx, actor, slug, ref, input.expectedVersion, async (row, w, now) => {
		refuseResolved(row);
		if (row.severity === input.severity)
			throw new ConflictError({ reason: 'errors.incidentSeveritySame', params: { severity: row.severity } });
		const entries: NewEntry[] = [
			{ text: input.note ?? null, detail: { kind: 'severity', from: row.severity, to: input.severity } }
		];
		let mimFields = {};
		if (severityNeedsMim(input.severity) && !row.mim) {
			const mim = input.mim ?? null;
			// A MIM said to be not known yet stays so between P1 and P2 without saying it again.
			if (mimRefusal(input.severity, mim, input.mimPending ?? row.mimPending))
				throw needsMimError(input.severity);
			await assertPeople(w.tx, [{ field: 'mim', name: mim }]);
			mimFields = mimChange(row, mim, true, now);
			if (mim) entries.push({ detail: { kind: 'role', role: 'mim', from: null, to: mim } });
		} else if (!severityNeedsMim(input.severity)) mimFields = { mimPending: false };
		return { changes: { severity: input.severity, ...mimFields }, entries };
	});
}

/**
 * Names, hands over or clears the incident's roles (those the input leaves out stay). A P1 or P2's MIM may be
 * cleared only by saying the next one is not known yet (`mimPending`). Each change is a timeline entry naming
 * from and to: handing over the MIM is recorded.
 */
export function setIncidentRoles(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	ref: string,
	input: IncidentRolesInput
) {
	return act(ctx, actor, slug, ref, input.expectedVersion, async (row, w, now) => {
		const entries: NewEntry[] = [];
		let changes: Act['changes'] = {};
		const roles: IncidentRole[] = ['mim', 'commsLead', 'scribe'];
		const changing = roles.filter((r) => input[r] !== undefined && input[r] !== row[r]);
		await assertPeople(
			w.tx,
			changing.map((r) => ({ field: r, name: input[r] }))
		);
		for (const role of changing) {
			const to = input[role] ?? null;
			if (role === 'mim') {
				if (mimRefusal(row.severity, to, input.mimPending ?? false)) throw needsMimError(row.severity);
				changes = { ...changes, ...mimChange(row, to, severityNeedsMim(row.severity), now) };
			} else changes = { ...changes, [role]: to };
			entries.push({ text: input.note ?? null, detail: { kind: 'role', role, from: row[role], to } });
		}
		if (input.suppliers !== undefined && !sameList(input.suppliers, row.suppliers)) {
			changes.suppliers = input.suppliers;
			entries.push({
				text: input.note ?? null,
				detail: { kind: 'suppliers', from: row.suppliers, to: input.suppliers }
			});
		}
		return { changes, entries };
	});
}

/**
 * Sets the affected services and their impacts (the list replaces the one there). A service whose impact goes to
 * operational is restored (its time to restore stops); one left out is no longer affected, and leaves the
 * restoration order too.
 */
export function setIncidentServices(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	ref: string,
	input: IncidentServicesInput
) {
	return act(ctx, actor, slug, ref, input.expectedVersion, async (row, w, now) => {
		refuseResolved(row);
		await assertServices(
			w.tx,
			w.cutover.id,
			input.affected.map((a) => a.service)
		);
		const before = new Map(row.affected.map((a) => [a.service, a]));
		const after = new Set(input.affected.map((a) => a.service));
		const at = now.toISOString();
		const changes = [
			...row.affected
				.filter((a) => !after.has(a.service))
				.map((a) => ({ service: a.service, from: a.impact, to: null })),
			...input.affected
				.filter((a) => before.get(a.service)?.impact !== a.impact)
				.map((a) => ({ service: a.service, from: before.get(a.service)?.impact ?? null, to: a.impact }))
		];
		// The same services and impacts (in another order, perhaps): nothing to record.
		if (changes.length === 0) return { changes: {}, entries: [] };
		const affected: AffectedView[] = input.affected.map((a) => {
			const old = before.get(a.service);
			const restoredAt =
				a.impact !== 'operational' ? null : old?.impact === 'operational' ? old.restoredAt : at;
			return { service: a.service, impact: a.impact, since: old?.since ?? at, restoredAt };
		});
		const priorities = row.priorities.filter((p) => after.has(p));
		const entries: NewEntry[] = [{ text: input.note ?? null, detail: { kind: 'services', changes } }];
		if (priorities.length !== row.priorities.length)
			entries.push({ detail: { kind: 'priorities', from: row.priorities, to: priorities } });
		return { changes: { affected, priorities }, entries };
	});
}

/** Sets the restoration order: affected services only, each once, the first to restore first. */
export function setIncidentPriorities(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	ref: string,
	input: IncidentPrioritiesInput
) {
	return act(ctx, actor, slug, ref, input.expectedVersion, (row) => {
		refuseResolved(row);
		assertOrder(input.priorities, row.affected);
		if (sameList(input.priorities, row.priorities)) return { changes: {}, entries: [] };
		return {
			changes: { priorities: input.priorities },
			entries: [
				{
					text: input.note ?? null,
					detail: { kind: 'priorities', from: row.priorities, to: input.priorities }
				}
			]
		};
	});
}

/**
 * Adds a note to an incident's timeline, or a correction naming the entry it corrects (entries are never
 * edited). Written by a person, as themselves: anyone in the room but viewers, never with an API token.
 */
export async function addIncidentNote(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	ref: string,
	input: IncidentNoteInput
): Promise<TimelineEntry> {
	require(actor, 'incident.note', 'write on incident timelines');
	if (actor.kind === 'token') throw new ForbiddenError({ reason: 'errors.incidentNoteByName' });
	const { result } = await writeCutover(ctx, actor, { slug }, async (w) => {
		const row = await incidentOf(w.tx, w.cutover.id, ref);
		if (input.corrects !== undefined && !(await q.entryOf(w.tx, row.id, input.corrects)))
			throw new ValidationError({ reason: 'errors.incidentEntryUnknown', params: { id: input.corrects } });
		const detail: NewEntry['detail'] =
			input.corrects !== undefined ? { kind: 'correction', corrects: input.corrects } : { kind: 'note' };
		const [entry] = await writeEntries(w.tx, row.id, nextSeq(w), new Date(ctx.clock.now()), actor.name, [
			{ text: input.text, detail }
		]);
		w.record('incident.timeline', { ref: incidentToView(row).ref, entry });
		return entry;
	});
	return result;
}

/**
 * Inside a write that restricts a service or lifts its restriction: an entry on the timeline of every open
 * incident affecting it, each its own `incident.timeline` event after the `recordedSoFar` events of the write.
 */
export async function noteRestriction(
	w: CutoverWriter,
	by: string,
	at: Date,
	recordedSoFar: number,
	detail: Extract<TimelineDetail, { kind: 'restriction' }>,
	text: string | null
): Promise<void> {
	const open = (await q.openImpacts(w.tx, w.cutover.id)).filter((i) =>
		i.affected.some((a) => a.service === detail.service)
	);
	let recorded = recordedSoFar;
	for (const incident of open) {
		const row = await q.incidentByNumber(w.tx, w.cutover.id, incident.number);
		const [entry] = await writeEntries(w.tx, row!.id, nextSeq(w, recorded), at, by, [{ text, detail }]);
		w.record('incident.timeline', { ref: incidentToView(row!).ref, entry });
		recorded++;
	}
}
