/**
 * What the subscriptions tests and benchmark need of notices without the notices' own service: a public
 * cutover's services and notices, and publishing an entry as the notices' publish transaction does (writing
 * the entry and queueing its deliveries in one transaction).
 */
import { eq } from 'drizzle-orm';
import type { NoticeEntryKind, NoticeKind, NoticeTexts } from '../../shared/notices/rules';
import type { App } from '../app';
import { cutovers, noticeEntries, notices, services } from '../db/schema';
import { queueNoticeDeliveries } from './subscriptions.tx';

let numbers = 0;

/** Shows a cutover on the public status page (or not), with these services. */
export async function makePublic(app: App, cutoverId: string, keys: string[], shown = true): Promise<void> {
	const [row] = await app.db.select().from(cutovers).where(eq(cutovers.id, cutoverId));
	await app.db
		.update(cutovers)
		.set({ noticeSettings: { ...row.noticeSettings, publicStatus: shown } })
		.where(eq(cutovers.id, cutoverId));
	if (keys.length)
		await app.db
			.insert(services)
			.values(keys.map((key, position) => ({ cutoverId, key, name: `Service ${key}`, position })));
}

/** A published notice's entry written and its deliveries queued in one transaction; answers the entry and count. */
export async function publishEntry(
	app: App,
	cutoverId: string,
	fields: {
		texts: NoticeTexts;
		services?: string[];
		kind?: NoticeKind;
		entryKind?: NoticeEntryKind;
		reason?: string;
	},
	at = new Date()
): Promise<{ entryId: number; queued: number }> {
	return app.db.transaction(async (tx) => {
		const [notice] = await tx
			.insert(notices)
			.values({
				cutoverId,
				number: ++numbers,
				kind: fields.kind ?? 'info',
				status: 'published',
				services: fields.services ?? [],
				texts: fields.texts,
				createdBy: 'comms',
				createdAt: at,
				publishedAt: at
			})
			.returning();
		const [entry] = await tx
			.insert(noticeEntries)
			.values({
				noticeId: notice.id,
				seq: 1,
				at,
				actorName: 'comms',
				kind: fields.entryKind ?? 'published',
				texts: fields.texts,
				reason: fields.reason ?? null
			})
			.returning();
		return { entryId: entry.id, queued: await queueNoticeDeliveries(tx, entry.id, at) };
	});
}
