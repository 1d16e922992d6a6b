/** A programme's progress over time: its weekly snapshots of the counts. */
import { z } from 'zod';
import { programmeCountsView } from './programmes';

export const snapshotView = z.object({
	/** The ISO week it stands for, on the programme's calendar, e.g. 2026-W49. */
	week: z.string(),
	takenAt: z.string(),
	counts: programmeCountsView
});
export type SnapshotView = z.infer<typeof snapshotView>;
