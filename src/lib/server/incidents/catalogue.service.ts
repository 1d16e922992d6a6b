/**
 * A cutover's catalogue of services: operators define them, set a status by hand (with a note, recorded) and
 * restrict them (with a reason and an expected end). What a service shows is derived: the worst impact of the open
 * incidents affecting it, else its own status, or under maintenance while a published maintenance holds it
 * (shared/incidents/rules.ts), so every view is built with the open incidents and the maintenances in progress at
 * hand, and a board derives it again from its incidents as their events arrive.
 */
import type {
	ServiceCreateInput,
	ServiceLiftInput,
	ServicePatchInput,
	ServiceRestrictInput,
	ServiceStatusInput,
	ServiceView
} from '../../shared/schemas/incidents';
import { incidentRef } from '../../shared/incidents/rules';
import { require, type Actor } from '../auth/actor';
import type { Ctx } from '../context';
import type { Db, Tx } from '../db/client';
import type { ServiceRow } from '../db/schema';
import { ConflictError, NotFoundError } from '../errors';
import { writeCutover, type CutoverWriter } from '../events/event.service';
import { servicesUnderMaintenance } from '../notices/notice.tx';
import { findCutover } from '../runbook/cutover-lookup';
import { noteRestriction } from './incident.service';
import * as q from './incidents.queries';
import { serviceToView } from './views';

const KEEP = 'keep the services';

/** The catalogue in order, each service with the status it shows now. */
export async function servicesOf(db: Db | Tx, cutoverId: string): Promise<ServiceView[]> {
	const open = await q.openImpacts(db, cutoverId);
	const maintained = await servicesUnderMaintenance(db, cutoverId);
	return (await q.servicesOf(db, cutoverId)).map((s) =>
		serviceToView(s, open, maintained.get(s.key) ?? null)
	);
}

export async function listServices(ctx: Ctx, actor: Actor, slug: string): Promise<ServiceView[]> {
	const cutover = await findCutover(ctx, actor, slug);
	return servicesOf(ctx.db, cutover.id);
}

async function serviceOf(tx: Tx, cutoverId: string, key: string): Promise<ServiceRow> {
	const row = await q.serviceByKey(tx, cutoverId, key);
	if (!row) throw new NotFoundError({ reason: 'errors.serviceNotFound', params: { key } });
	return row;
}

async function view(tx: Tx, cutoverId: string, row: ServiceRow): Promise<ServiceView> {
	const maintained = await servicesUnderMaintenance(tx, cutoverId);
	return serviceToView(row, await q.openImpacts(tx, cutoverId), maintained.get(row.key) ?? null);
}

export async function createService(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	input: ServiceCreateInput
): Promise<ServiceView> {
	require(actor, 'service.manage', KEEP);
	const { result } = await writeCutover(ctx, actor, { slug }, async (w) => {
		if (await q.serviceByKey(w.tx, w.cutover.id, input.key))
			throw new ConflictError({ reason: 'errors.serviceKeyTaken', params: { key: input.key } });
		const row = await q.insertService(w.tx, {
			cutoverId: w.cutover.id,
			key: input.key,
			name: input.name,
			status: input.status,
			position: input.position ?? (await q.nextServicePosition(w.tx, w.cutover.id))
		});
		const service = await view(w.tx, w.cutover.id, row);
		w.record('service.created', { service });
		return service;
	});
	return result;
}

interface Change {
	changes: Parameters<typeof q.updateService>[2];
	note: string | null;
	/** After the service's event: entries on the timelines of the open incidents affecting it. */
	after?: (w: CutoverWriter, row: ServiceRow) => Promise<void>;
}

/** Changes one service under the cutover's lock, refusing when it moved since the caller saw `expectedVersion`. */
async function change(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	key: string,
	expectedVersion: number | undefined,
	decide: (row: ServiceRow, now: Date) => Change
): Promise<ServiceView> {
	require(actor, 'service.manage', KEEP);
	const { result } = await writeCutover(ctx, actor, { slug }, async (w) => {
		const current = await serviceOf(w.tx, w.cutover.id, key);
		if (expectedVersion !== undefined && expectedVersion !== current.version)
			throw new ConflictError(
				{ reason: 'errors.serviceChanged' },
				{ service: await view(w.tx, w.cutover.id, current) }
			);
		const c = decide(current, new Date(ctx.clock.now()));
		const row = await q.updateService(w.tx, current.id, c.changes);
		const service = await view(w.tx, w.cutover.id, row);
		w.record('service.updated', { service, changed: Object.keys(c.changes), note: c.note });
		await c.after?.(w, row);
		return service;
	});
	return result;
}

export function updateService(ctx: Ctx, actor: Actor, slug: string, key: string, input: ServicePatchInput) {
	const { expectedVersion, ...changes } = input;
	return change(ctx, actor, slug, key, expectedVersion, () => ({ changes, note: null }));
}

/** Sets a service's own status by hand, with the note why (what it shows still follows open incidents). */
export function setServiceStatus(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	key: string,
	input: ServiceStatusInput
) {
	return change(ctx, actor, slug, key, input.expectedVersion, (_row, now) => ({
		changes: { status: input.status, statusNote: input.note, statusBy: actor.name, statusAt: now },
		note: input.note
	}));
}

/** Restricts a service, with the reason and the expected end; the open incidents affecting it note it. */
export function restrictService(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	key: string,
	input: ServiceRestrictInput
) {
	return change(ctx, actor, slug, key, input.expectedVersion, (row, now) => {
		if (row.restriction && row.restriction.liftedAt === null)
			throw new ConflictError({ reason: 'errors.serviceAlreadyRestricted', params: { key } });
		const expectedEnd = input.expectedEnd === null ? null : new Date(input.expectedEnd).toISOString();
		return {
			changes: {
				restriction: {
					reason: input.reason,
					expectedEnd,
					since: now.toISOString(),
					by: actor.name,
					liftedAt: null,
					liftedBy: null
				}
			},
			note: input.reason,
			after: (w) =>
				noteRestriction(
					w,
					actor.name,
					now,
					1,
					{ kind: 'restriction', service: key, action: 'restricted', reason: input.reason, expectedEnd },
					null
				)
		};
	});
}

/** Lifts a service's restriction: it stays shown, lifted, until the next one. */
export function liftServiceRestriction(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	key: string,
	input: ServiceLiftInput
) {
	return change(ctx, actor, slug, key, input.expectedVersion, (row, now) => {
		const restriction = row.restriction;
		if (!restriction || restriction.liftedAt !== null)
			throw new ConflictError({ reason: 'errors.serviceNotRestricted', params: { key } });
		return {
			changes: { restriction: { ...restriction, liftedAt: now.toISOString(), liftedBy: actor.name } },
			note: input.note ?? null,
			after: (w) =>
				noteRestriction(
					w,
					actor.name,
					now,
					1,
					{
						kind: 'restriction',
						service: key,
						action: 'lifted',
						reason: restriction.reason,
						expectedEnd: restriction.expectedEnd
					},
					input.note ?? null
				)
		};
	});
}

/** Removes a service no open incident affects (resolved incidents keep naming it). */
export async function removeService(ctx: Ctx, actor: Actor, slug: string, key: string): Promise<void> {
	require(actor, 'service.manage', KEEP);
	await writeCutover(ctx, actor, { slug }, async (w) => {
		const current = await serviceOf(w.tx, w.cutover.id, key);
		const using = (await q.openImpacts(w.tx, w.cutover.id)).find((i) =>
			i.affected.some((a) => a.service === key)
		);
		if (using)
			throw new ConflictError({
				reason: 'errors.serviceInUse',
				params: { key, ref: incidentRef(using.number) }
			});
		await q.deleteService(w.tx, current.id);
		w.record('service.removed', { key });
	});
}
