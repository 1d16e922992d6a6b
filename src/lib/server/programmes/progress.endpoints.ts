/**
 * The API of a programme's weekly snapshots (take the current week's, list them), and the smallest import of
 * systems as JSON the board's tests and scripts need (the inventory's file import is its own).
 */
import { z } from 'zod';
import { cutoverParams } from '../../shared/schemas/api';
import { systemInput, systemView } from '../../shared/schemas/programmes';
import { snapshotView } from '../../shared/schemas/progress';
import { fieldMessage } from '../../shared/i18n/field-issues';
import { endpoint } from '../http/endpoint';
import { importSystems } from './inventory.service';
import { PROGRAMME } from './programme.endpoints';
import { listSnapshots, takeSnapshot } from './progress.service';

const SNAPSHOTS = `${PROGRAMME}/snapshots`;

const systemsImport = z
	.object({ systems: z.array(systemInput).min(1).max(10_000) })
	.strict()
	.refine((b) => new Set(b.systems.map((s) => s.key)).size === b.systems.length, {
		path: ['systems'],
		message: fieldMessage('listedTwice')
	});

export const progressEndpoints = [
	endpoint({
		id: 'importProgrammeSystems',
		method: 'POST',
		path: `${PROGRAMME}/systems`,
		tag: 'programmes',
		summary: 'Create or update systems of the inventory by key',
		description:
			'Systems matched by their stable key: new keys are created, changed ones updated, equal ones left alone; one event for the whole import.',
		access: { permission: 'programme.manage' },
		params: cutoverParams,
		body: systemsImport,
		ok: {
			schema: z.object({
				created: z.number(),
				updated: z.number(),
				unchanged: z.number(),
				systems: z.array(systemView)
			}),
			description: 'What the import changed'
		},
		errors: [400, 401, 403, 404, 413],
		handle: ({ ctx, actor, params, body }) => importSystems(ctx, actor, params.slug, body.systems)
	}),
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
