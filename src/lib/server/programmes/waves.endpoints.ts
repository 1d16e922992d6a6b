/** The API of a programme's templates, waves and sign-offs. */
import { z } from 'zod';
import { fieldMessage } from '../../shared/i18n/field-issues';
import { cutoverParams } from '../../shared/schemas/api';
import {
	signoffForInput,
	signoffLinkCreated,
	signoffLinkInput,
	signoffView,
	systemInput,
	systemParams,
	templateParams,
	templateSaveInput,
	templateView,
	waveBuildInput,
	waveBuilt,
	waveParams
} from '../../shared/schemas/programmes';
import { endpoint } from '../http/endpoint';
import { importSystems } from './inventory.service';
import { PROGRAMME } from './programme.endpoints';
import { requestSignoffLink, signOffFor } from './signoff.service';
import { listTemplates, saveTemplate } from './template.service';
import { buildWave, reapplyTemplates } from './wave.service';

const SYSTEM = `${PROGRAMME}/systems/{key}`;

/** Systems as JSON rows, each key once (the inventory's files are read by their own import). */
const systemsBody = z
	.object({
		systems: z
			.array(systemInput)
			.min(1)
			.max(10_000)
			.refine((rows) => new Set(rows.map((s) => s.key)).size === rows.length, fieldMessage('listedTwice'))
	})
	.strict();

export const waveEndpoints = [
	endpoint({
		id: 'putSystems',
		method: 'PUT',
		path: `${PROGRAMME}/systems`,
		tag: 'programmes',
		summary: 'Create or update systems of the inventory by key (JSON rows)',
		description: 'Matched by key: a repeated call updates; a row equal to what is held changes nothing.',
		access: { permission: 'programme.manage' },
		params: cutoverParams,
		body: systemsBody,
		ok: {
			schema: z.object({ created: z.number(), updated: z.number(), unchanged: z.number() }),
			description: 'How many systems each call created, changed or left alone'
		},
		errors: [400, 401, 403, 404, 413],
		handle: async ({ ctx, actor, params, body }) => {
			const { created, updated, unchanged } = await importSystems(ctx, actor, params.slug, body.systems);
			return { created, updated, unchanged };
		}
	}),
	endpoint({
		id: 'listTemplates',
		method: 'GET',
		path: `${PROGRAMME}/templates`,
		tag: 'programmes',
		summary: "The programme's runbook templates, each at its latest version",
		params: cutoverParams,
		ok: { schema: z.object({ items: z.array(templateView) }), description: 'Every template' },
		errors: [400, 401, 403, 404],
		handle: async ({ ctx, actor, params }) => ({ items: await listTemplates(ctx, actor, params.slug) })
	}),
	endpoint({
		id: 'saveTemplate',
		method: 'PUT',
		path: `${PROGRAMME}/templates/{key}`,
		tag: 'programmes',
		summary: 'Save a runbook template (a new version each time)',
		description:
			'Steps run in order, each waiting for the one before. An owner `@contact` is the system’s contact person, `@tester` its first tester. Waves built from an earlier version keep it until the template is re-applied to them. With `expectedVersion`, a save over someone else’s is refused (409).',
		access: { permission: 'programme.manage' },
		params: templateParams,
		body: templateSaveInput,
		ok: { schema: templateView, description: 'The template as saved' },
		errors: [400, 401, 403, 404, 409, 413],
		handle: ({ ctx, actor, params, body }) => saveTemplate(ctx, actor, params.slug, params.key, body)
	}),
	endpoint({
		id: 'buildWave',
		method: 'POST',
		path: `${PROGRAMME}/waves`,
		tag: 'programmes',
		summary: 'Build a wave: a new cutover whose runbook is its systems’ templates',
		description:
			'In one transaction: the wave (a cutover of the programme), its tasks per system from the system’s template (`SYSTEM.step`), and the systems planned in it. A system without a template (400), or already in a wave (409), refuses the whole wave.',
		access: { permission: 'programme.manage' },
		params: cutoverParams,
		body: waveBuildInput,
		idempotent: true,
		ok: { status: 201, schema: waveBuilt, description: 'Built' },
		errors: [400, 401, 403, 404, 409, 413],
		handle: ({ ctx, actor, params, body }) => buildWave(ctx, actor, params.slug, body)
	}),
	endpoint({
		id: 'reapplyTemplates',
		method: 'POST',
		path: `${PROGRAMME}/waves/{wave}/reapply`,
		tag: 'programmes',
		summary: 'Re-apply the templates to a wave: its tasks not yet started are rebuilt',
		access: { permission: 'programme.manage' },
		params: waveParams,
		ok: { schema: waveBuilt, description: 'The wave and its systems after the act' },
		errors: [400, 401, 403, 404, 409],
		handle: ({ ctx, actor, params }) => reapplyTemplates(ctx, actor, params.slug, params.wave)
	}),
	endpoint({
		id: 'requestSignoffLink',
		method: 'POST',
		path: `${SYSTEM}/signoff-links`,
		tag: 'programmes',
		summary: 'Ask a tester of the system for their word through a one-use link',
		description:
			'Answers the token once: it is kept only as its hash. The tester opens `path` without an account and answers "works" or "problems".',
		access: { permission: 'programme.manage' },
		params: systemParams,
		body: signoffLinkInput,
		ok: { status: 201, schema: signoffLinkCreated, description: 'The link, shown once' },
		errors: [400, 401, 403, 404, 409, 413],
		handle: ({ ctx, actor, params, body }) => requestSignoffLink(ctx, actor, params.slug, params.key, body)
	}),
	endpoint({
		id: 'recordSignoff',
		method: 'POST',
		path: `${SYSTEM}/signoffs`,
		tag: 'programmes',
		summary: 'Record a tester’s word on the system on their behalf',
		description:
			'Only after the system’s move (409 before). All testers saying "works" migrates the system and ticks its sign-off step; "problems" (with a note) adds a follow-up task to the wave.',
		access: { permission: 'programme.manage' },
		params: systemParams,
		body: signoffForInput,
		ok: { status: 201, schema: signoffView, description: 'The sign-off' },
		errors: [400, 401, 403, 404, 409, 413],
		handle: ({ ctx, actor, params, body }) => signOffFor(ctx, actor, params.slug, params.key, body)
	})
];
