/** The API of a programme's weekly snapshots: take the current week's, list them. */
import { z } from 'zod';
import { cutoverParams } from '../../shared/schemas/api';
import { snapshotView } from '../../shared/schemas/progress';
import { endpoint } from '../http/endpoint';
import { PROGRAMME } from './programme.endpoints';
import { listSnapshots, takeSnapshot } from './progress.service';

const SNAPSHOTS = `${PROGRAMME}/snapshots`;

export const progressEndpoints = [
	endpoint({
		id: 'takeProgrammeSnapshot',
		method: 'POST',
		path: SNAPSHOTS,
		tag: 'programmes',
		summary: "Keep the programme's counts for the current week",
		description:
			"The counts as they stand now, kept for the current ISO week on the programme's calendar, unless that week has them already (then they are kept as they were and returned). A scheduler takes each week's at its start anyway.",
		access: { permission: 'programme.manage' },
		params: cutoverParams,
		ok: {
			schema: snapshotView.extend({ created: z.boolean() }),
			description: "The week's snapshot, and whether this call took it"
		},
		errors: [400, 401, 403, 404],
		handle: async ({ ctx, actor, params }) => {
			const { snapshot, created } = await takeSnapshot(ctx, actor, params.slug);
			return { ...snapshot, created };
		}
	}),
	endpoint({
		id: 'listProgrammeSnapshots',
		method: 'GET',
		path: SNAPSHOTS,
		tag: 'programmes',
		summary: "The programme's weekly snapshots, the latest week first",
		params: cutoverParams,
		ok: { schema: z.object({ items: z.array(snapshotView) }), description: 'Every week kept' },
		errors: [400, 401, 403, 404],
		handle: async ({ ctx, actor, params }) => ({ items: await listSnapshots(ctx, actor, params.slug) })
	})
];
