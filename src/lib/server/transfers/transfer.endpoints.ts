/** The data transfers' API: the streams, their definitions, and the progress reports migration scripts send. */
import { z } from 'zod';
import { cutoverParams, transferParams } from '../../shared/schemas/api';
import {
	transferCreateInput,
	transferPatchInput,
	transferProgressInput,
	transferView
} from '../../shared/schemas/transfers';
import { endpoint } from '../http/endpoint';
import {
	createTransfer,
	getTransfer,
	listTransfers,
	reportProgress,
	updateTransfer
} from './transfer.service';

const TRANSFERS = '/api/v1/cutovers/{slug}/transfers';

export const transferEndpoints = [
	endpoint({
		id: 'listTransfers',
		method: 'GET',
		path: TRANSFERS,
		tag: 'transfers',
		summary: 'The data transfer streams with rate, ETA and band',
		params: cutoverParams,
		ok: { schema: z.object({ items: z.array(transferView) }), description: 'Every stream in board order' },
		errors: [400, 401, 403, 404],
		handle: async ({ ctx, actor, params }) => ({ items: await listTransfers(ctx, actor, params.slug) })
	}),
	endpoint({
		id: 'createTransfer',
		method: 'POST',
		path: TRANSFERS,
		tag: 'transfers',
		summary: 'Define a data transfer stream',
		description: 'dependsOn names tasks that must finish before the transfer starts.',
		access: { permission: 'runbook.edit' },
		params: cutoverParams,
		body: transferCreateInput,
		idempotent: true,
		ok: { status: 201, schema: transferView, description: 'Created' },
		errors: [400, 401, 403, 404, 409, 413],
		handle: ({ ctx, actor, params, body }) => createTransfer(ctx, actor, params.slug, body)
	}),
	endpoint({
		id: 'getTransfer',
		method: 'GET',
		path: `${TRANSFERS}/{key}`,
		tag: 'transfers',
		summary: 'One stream',
		params: transferParams,
		ok: { schema: transferView, description: 'The stream' },
		errors: [400, 401, 403, 404],
		handle: ({ ctx, actor, params }) => getTransfer(ctx, actor, params.slug, params.key)
	}),
	endpoint({
		id: 'updateTransfer',
		method: 'PATCH',
		path: `${TRANSFERS}/{key}`,
		tag: 'transfers',
		summary: "Edit a stream's definition (name, unit, total, plan, stall time)",
		access: { permission: 'runbook.edit' },
		params: transferParams,
		body: transferPatchInput,
		ok: { schema: transferView, description: 'The changed stream' },
		errors: [400, 401, 403, 404, 409, 413],
		handle: ({ ctx, actor, params, body }) => updateTransfer(ctx, actor, params.slug, params.key, body)
	}),
	endpoint({
		id: 'reportProgress',
		method: 'POST',
		path: `${TRANSFERS}/{key}/progress`,
		tag: 'transfers',
		summary: 'Report progress (migration scripts, with a token)',
		description:
			'{ done, total?, at?, reset? }. done may not exceed the total; progress that goes backwards (in done or in time) is refused with 409 unless reset is true (the stream restarted). at may be at most 5 minutes ahead of the server clock. Boards get the latest state within about half a second (coalesced). A retried report is harmless without a key: a report is applied once per distinct state.',
		access: { permission: 'transfer.report' },
		params: transferParams,
		body: transferProgressInput,
		ok: { schema: transferView, description: 'The stream after the report' },
		errors: [400, 401, 403, 404, 409, 413],
		handle: ({ ctx, actor, params, body }) => reportProgress(ctx, actor, params.slug, params.key, body)
	})
];
