import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { auditLog } from '../db/schema';

export async function insertAudit(db: Db | Tx, values: typeof auditLog.$inferInsert): Promise<void> {
	await db.insert(auditLog).values(values);
}

export async function listAudit(db: Db, filter: { kind?: string; before?: Date; limit: number }) {
	const where: SQL[] = [];
	if (filter.kind) where.push(eq(auditLog.kind, filter.kind));
	if (filter.before) where.push(lt(auditLog.at, filter.before));
	return db
		.select()
		.from(auditLog)
		.where(and(...where))
		.orderBy(desc(auditLog.at), desc(auditLog.id))
		.limit(filter.limit);
}
