/**
 * Supplier reports and the root-cause analysis. The MIM (or anyone who may run incidents) asks a supplier contact
 * of the incident for a report: golive makes a link whose token is random (32 bytes), kept only as its SHA-256,
 * scoped to that incident and that request, used once and refused after it expires (72 hours unless the request
 * says otherwise). The supplier needs no account: the token is the credential, and only for sending that report.
 * A correction is a new version (through a new request); the MIM's analysis is versioned the same way. Versions
 * are never edited (the migration's trigger refuses it): the earlier ones stay readable.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ReportDocInput } from '../../shared/incidents/report-doc';
import { incidentNumber, incidentRef } from '../../shared/incidents/rules';
import { can, readOnly } from '../../shared/roles';
import type {
	IncidentReports,
	RcaInput,
	RcaView,
	ReportFormView,
	ReportRequestCreated,
	ReportRequestInput,
	ReportRequestView,
	ReportSubmitInput,
	ReportView
} from '../../shared/schemas/reports';
import { require, type Actor } from '../auth/actor';
import type { Ctx } from '../context';
import type { Db, Tx } from '../db/client';
import type { IncidentRow, RcaRow, ReportRequestRow, ReportRow } from '../db/schema';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { writeCutover } from '../events/event.service';
import { findCutover } from '../runbook/cutover-lookup';
import { getIncident } from './incident.service';
import * as iq from './incidents.queries';
import * as q from './report.queries';

const iso = (d: Date) => d.toISOString();
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** The page a report link opens. */
export const reportPath = (token: string) => `/report/${token}`;

export const requestToView = (row: ReportRequestRow): ReportRequestView => ({
	id: row.id,
	supplier: row.supplier,
	requestedBy: row.requestedBy,
	requestedAt: iso(row.requestedAt),
	expiresAt: iso(row.expiresAt),
	usedAt: row.usedAt ? iso(row.usedAt) : null
});

export const reportToView = (row: ReportRow): ReportView => ({
	version: row.version,
	supplier: row.supplier,
	requestId: row.requestId,
	when: row.when,
	how: row.how,
	what: row.what,
	why: row.why,
	consequences: row.consequences,
	actions: row.actions,
	submittedAt: iso(row.submittedAt),
	seq: row.seq
});

export const rcaToView = (row: RcaRow): RcaView => ({
	version: row.version,
	cause: row.cause,
	contributing: row.contributing,
	wentWell: row.wentWell,
	wentBadly: row.wentBadly,
	actions: row.actions,
	recordedBy: row.recordedBy,
	recordedAt: iso(row.recordedAt),
	seq: row.seq
});

async function incidentOf(db: Db | Tx, cutoverId: string, ref: string): Promise<IncidentRow> {
	const number = incidentNumber(ref);
	const row = number === null ? undefined : await iq.incidentByNumber(db, cutoverId, number);
	if (!row) throw new NotFoundError({ reason: 'errors.incidentNotFound', params: { ref } });
	return row;
}

/** Admins and operators, and the incident's named MIM (signed in, any role that may act). */
function requireManage(actor: Actor, row: IncidentRow, what: string): void {
	if (can(actor.role, 'incident.manage')) return;
	const isMim = actor.kind === 'user' && actor.username !== null && actor.username === row.mim;
	if (isMim && !readOnly(actor.role)) return;
	require(actor, 'incident.manage', what);
}

// ---- Reads ----

/** An incident's report requests, every version of its reports and of its analysis. */
export async function reportsOfIncident(db: Db | Tx, incident: IncidentRow): Promise<IncidentReports> {
	const [requests, reports, rcas] = await Promise.all([
		q.requestsOf(db, incident.id),
		q.reportsOf(db, incident.id),
		q.rcasOf(db, incident.id)
	]);
	return {
		ref: incidentRef(incident.number),
		requests: requests.map(requestToView),
		reports: reports.map(reportToView),
		rcas: rcas.map(rcaToView)
	};
}

export async function getIncidentReports(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	ref: string
): Promise<IncidentReports> {
	const cutover = await findCutover(ctx, actor, slug);
	return ctx.db.transaction(async (tx) => reportsOfIncident(tx, await incidentOf(tx, cutover.id, ref)), {
		isolationLevel: 'repeatable read',
		accessMode: 'read only'
	});
}

/**
 * What the incident report says of the incident: the cutover, the incident with its whole timeline, its reports
 * and analyses (the report's composer adds the metrics of its span).
 */
export async function incidentReportParts(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	ref: string
): Promise<Omit<ReportDocInput, 'metrics'>> {
	const cutover = await findCutover(ctx, actor, slug);
	const incident = await getIncident(ctx, actor, slug, ref);
	const row = await incidentOf(ctx.db, cutover.id, ref);
	return {
		cutover: { name: cutover.name, slug: cutover.slug, timezone: cutover.timezone },
		incident,
		reports: await reportsOfIncident(ctx.db, row)
	};
}

/**
 * The request a token opens, refused as the link's page and the API say: unknown (404), for another incident
 * than the one named (403), used already or expired (409).
 */
function checkToken<F extends { request: ReportRequestRow; incident: IncidentRow }>(
	found: F | undefined,
	now: number,
	ref?: string
): F {
	if (!found) throw new NotFoundError({ reason: 'errors.reportTokenUnknown' });
	const own = incidentRef(found.incident.number);
	if (ref !== undefined && incidentNumber(ref) !== found.incident.number)
		throw new ForbiddenError({ reason: 'errors.reportTokenOtherIncident', params: { ref: own, other: ref } });
	if (found.request.usedAt) throw new ConflictError({ reason: 'errors.reportTokenUsed' });
	if (found.request.expiresAt.getTime() <= now)
		throw new ConflictError({
			reason: 'errors.reportTokenExpired',
			params: { at: iso(found.request.expiresAt) }
		});
	return found;
}

/** What a report link's page shows before the supplier fills it in (refused as sending would be). */
export async function reportForm(ctx: Ctx, token: string): Promise<ReportFormView> {
	const { request, incident, cutoverName, timezone } = checkToken(
		await q.requestByHash(ctx.db, hashOf(token)),
		ctx.clock.now()
	);
	const previous = await q.latestReportOf(ctx.db, incident.id, request.supplier.email);
	return {
		ref: incidentRef(incident.number),
		title: incident.title,
		cutover: cutoverName,
		timezone,
		supplier: request.supplier,
		expiresAt: iso(request.expiresAt),
		previous: previous ? reportToView(previous) : null
	};
}

// ---- Writes ----

/**
 * Asks a supplier contact of the incident (by email) for a report: answers the link's token, once. A new request
 * for a supplier who reported already is how a correction is asked for: what they send becomes a new version.
 */
export async function requestReport(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	ref: string,
	input: ReportRequestInput
): Promise<ReportRequestCreated> {
	const token = randomBytes(32).toString('base64url');
	const { result } = await writeCutover(ctx, actor, { slug }, async (w) => {
		const incident = await incidentOf(w.tx, w.cutover.id, ref);
		requireManage(actor, incident, 'ask suppliers for reports');
		const supplier = incident.suppliers.find((s) => s.email.toLowerCase() === input.email);
		if (!supplier)
			throw new ValidationError({ reason: 'errors.reportSupplierUnknown', params: { email: input.email } });
		const now = ctx.clock.now();
		const row = await q.insertRequest(w.tx, {
			incidentId: incident.id,
			tokenHash: hashOf(token),
			supplier: { name: supplier.name, organisation: supplier.organisation, email: input.email },
			requestedBy: actor.name,
			requestedAt: new Date(now),
			expiresAt: new Date(now + input.expiresInSeconds * 1000),
			seq: w.cutover.lastSeq + 1
		});
		const request = requestToView(row);
		w.record('incident.report_requested', { ref: incidentRef(incident.number), request });
		return { ...request, token, path: reportPath(token) };
	});
	return result;
}

/**
 * A supplier sends their report through their link. The token is checked and used in the same transaction as the
 * report is written (under the cutover's lock, and used only if still unused), so two sends of one link make one
 * report and one refusal; a refused send changes nothing.
 */
export async function submitReport(ctx: Ctx, token: string, input: ReportSubmitInput): Promise<ReportView> {
	const hash = hashOf(token);
	const found = checkToken(await q.requestByHash(ctx.db, hash), ctx.clock.now(), input.incident);
	const { supplier } = found.request;
	const actor: Actor = {
		kind: 'system',
		id: null,
		name: `${supplier.name} (${supplier.organisation})`,
		role: 'viewer',
		username: null,
		team: null,
		cutoverId: found.incident.cutoverId
	};
	const { result } = await writeCutover(ctx, actor, found.incident.cutoverId, async (w) => {
		const now = ctx.clock.now();
		// Read again under the lock: a send that raced this one may have used the link meanwhile.
		const { request, incident } = checkToken(await q.requestByHash(w.tx, hash), now, input.incident);
		if (!(await q.useRequest(w.tx, request.id, new Date(now))))
			throw new ConflictError({ reason: 'errors.reportTokenUsed' });
		const row = await q.insertReport(w.tx, {
			incidentId: incident.id,
			requestId: request.id,
			supplierEmail: supplier.email,
			supplier,
			version: await q.nextReportVersion(w.tx, incident.id, supplier.email),
			when: input.when,
			how: input.how,
			what: input.what,
			why: input.why,
			consequences: input.consequences,
			actions: input.actions,
			submittedAt: new Date(now),
			seq: w.cutover.lastSeq + 1
		});
		const report = reportToView(row);
		w.record('incident.report_submitted', { ref: incidentRef(incident.number), report });
		return report;
	});
	return result;
}

/** The MIM records the root-cause analysis: a new version that supersedes the earlier ones, which stay. */
export async function recordRca(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	ref: string,
	input: RcaInput
): Promise<RcaView> {
	const { result } = await writeCutover(ctx, actor, { slug }, async (w) => {
		const incident = await incidentOf(w.tx, w.cutover.id, ref);
		requireManage(actor, incident, 'record root-cause analyses');
		const row = await q.insertRca(w.tx, {
			incidentId: incident.id,
			version: await q.nextRcaVersion(w.tx, incident.id),
			cause: input.cause,
			contributing: input.contributing,
			wentWell: input.wentWell,
			wentBadly: input.wentBadly,
			actions: input.actions,
			recordedBy: actor.name,
			recordedAt: new Date(ctx.clock.now()),
			seq: w.cutover.lastSeq + 1
		});
		const rca = rcaToView(row);
		w.record('incident.rca_recorded', { ref: incidentRef(incident.number), rca });
		return rca;
	});
	return result;
}
