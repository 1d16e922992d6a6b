/**
 * The access audit log: sign-ins (failed ones too), lockouts, and changes to users and tokens. Entries are
 * written in the transaction of the change they record; only admins read them.
 */
import type { AuditKind, AuditQuery, AuditView } from '../../shared/schemas/audit';
import { require, type Actor } from '../auth/actor';
import type { Ctx } from '../context';
import type { Db, Tx } from '../db/client';
import * as q from './audit.queries';

export interface AuditEntry {
	kind: AuditKind;
	/** Who acted; null for someone not signed in. */
	actor: Actor | null;
	subject?: string | null;
	address?: string | null;
	detail?: Record<string, unknown>;
}

/** The name an actor goes by in the log. */
export const auditName = (actor: Actor): string =>
	actor.kind === 'user' ? (actor.username ?? actor.name) : actor.kind === 'token' ? actor.name : 'system';

export async function recordAudit(db: Db | Tx, entry: AuditEntry): Promise<void> {
	await q.insertAudit(db, {
		kind: entry.kind,
		actor: entry.actor ? auditName(entry.actor) : null,
		subject: entry.subject ?? null,
		address: entry.address ?? null,
		detail: entry.detail ?? {}
	});
}

export async function listAudit(ctx: Ctx, actor: Actor, query: AuditQuery): Promise<AuditView[]> {
	require(actor, 'audit.read', 'read the audit log');
	const rows = await q.listAudit(ctx.db, {
		kind: query.kind,
		before: query.before !== undefined ? new Date(query.before) : undefined,
		limit: query.limit
	});
	return rows.map((r) => ({
		id: r.id,
		at: r.at.toISOString(),
		kind: r.kind as AuditKind,
		actor: r.actor,
		subject: r.subject,
		address: r.address,
		detail: r.detail
	}));
}
