/**
 * The OpenAPI 3.1 document of the JSON API, built from the zod schemas that validate the requests (converted with
 * io 'input') and type the answers (io 'output'), so the document cannot drift from what the server does. It is
 * built once per process and cached.
 */
import { z } from 'zod';
import {
	SESSION_COOKIE,
	joinCommand,
	joinResult,
	leaveCommand,
	transitionCommand
} from '../../shared/realtime';
import {
	IDEMPOTENCY_HEADER,
	cutoverParams,
	errorBody,
	eventsQuery,
	health,
	idempotencyKey,
	listQuery,
	pageOf,
	taskParams,
	transferParams
} from '../../shared/schemas/api';
import { boardSnapshot, cutoverEvent } from '../../shared/schemas/events';
import {
	forecastPoint,
	forecastView,
	transferCreateInput,
	transferPatchInput,
	transferProgressInput,
	transferView
} from '../../shared/schemas/transfers';
import {
	cutoverCreateInput,
	cutoverPatchInput,
	cutoverView,
	phaseView,
	runbookImportInput,
	runbookImportResult,
	taskCreateInput,
	taskPatchInput,
	taskTransitionInput,
	taskView
} from '../../shared/schemas/runbook';
import {
	criterionParams,
	criterionUpdateInput,
	criterionView,
	decisionLogQuery,
	decisionOpenInput,
	decisionParams,
	decisionRecorded,
	decisionView,
	noticeDraftView,
	outcomeInput,
	tallyView,
	voteInput,
	voteView,
	windowChangeView
} from '../../shared/schemas/decisions';
import { ROLES, can, type Permission } from '../../shared/roles';
import { auditQuery, auditView } from '../../shared/schemas/audit';
import type { importRunbook } from '../runbook/task.service';

type Json = Record<string, unknown>;
type JsonSchema = z.core.JSONSchema.BaseSchema;

const errorResponse = z.object({ error: errorBody });

// ---- Components ----

const inputs = {
	CutoverCreate: cutoverCreateInput,
	CutoverPatch: cutoverPatchInput,
	TaskCreate: taskCreateInput,
	TaskPatch: taskPatchInput,
	TaskTransition: taskTransitionInput,
	RunbookImport: runbookImportInput,
	TransferCreate: transferCreateInput,
	TransferPatch: transferPatchInput,
	TransferProgress: transferProgressInput,
	DecisionOpen: decisionOpenInput,
	CriterionUpdate: criterionUpdateInput,
	Vote: voteInput,
	Outcome: outcomeInput
};

const outputs = {
	Error: errorResponse,
	ErrorBody: errorBody,
	Cutover: cutoverView,
	Phase: phaseView,
	Task: taskView,
	Event: cutoverEvent,
	BoardSnapshot: boardSnapshot,
	CutoverPage: pageOf(cutoverView),
	TaskPage: pageOf(taskView),
	EventPage: z.object({
		items: z.array(cutoverEvent),
		lastSeq: z.number().int().meta({
			description: 'The newest seq of the cutover; more events follow while the last item is below it'
		})
	}),
	// The service's answer is typed on its own; this keeps the two from drifting apart.
	RunbookImportResult: runbookImportResult satisfies z.ZodType<Awaited<ReturnType<typeof importRunbook>>>,
	Transfer: transferView,
	TransferList: z.object({ items: z.array(transferView) }),
	Forecast: forecastView,
	ForecastState: z.object({ forecast: forecastView.nullable(), history: z.array(forecastPoint) }),
	JoinResult: joinResult,
	Health: health,
	Decision: decisionView,
	DecisionList: z.object({ items: z.array(decisionView) }),
	Criterion: criterionView,
	VoteResult: z.object({ vote: voteView, tally: tallyView }),
	DecisionRecorded: decisionRecorded,
	WindowHistory: z.object({ items: z.array(windowChangeView) }),
	AuditPage: z.object({
		items: z
			.array(auditView)
			.meta({ description: 'Newest first; pass the last one’s at as ?before= for more' })
	}),
	NoticeDraftList: z.object({ items: z.array(noticeDraftView) })
};

type SchemaName = keyof typeof inputs | keyof typeof outputs;
const ref = (name: SchemaName) => ({ $ref: `#/components/schemas/${name}` });

/**
 * Drops what is noise in an API document: zod's regex for date-times and the safe-integer bounds of `.int()`.
 * Answers also lose `additionalProperties: false`, because fields may be added to them (requests stay strict).
 */
const tidy =
	(io: 'input' | 'output') =>
	({ jsonSchema }: { jsonSchema: JsonSchema }) => {
		if (jsonSchema.format === 'date-time') delete jsonSchema.pattern;
		if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
		if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
		if (io === 'output' && jsonSchema.additionalProperties === false) delete jsonSchema.additionalProperties;
	};

function components(schemas: Record<string, z.ZodType>, io: 'input' | 'output'): Record<string, JsonSchema> {
	const registry = z.registry<{ id: string }>();
	for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
	const { schemas: out } = z.toJSONSchema(registry, {
		io,
		uri: (id) => `#/components/schemas/${id}`,
		override: tidy(io)
	});
	for (const schema of Object.values(out)) {
		delete schema.$schema;
		delete schema.$id;
	}
	return out;
}

function standalone(schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema {
	const out = z.toJSONSchema(schema, { io, override: tidy(io) });
	delete out.$schema;
	return out;
}

function parameters(schema: z.ZodObject, where: 'path' | 'query'): Json[] {
	const js = standalone(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
	return Object.entries(js.properties ?? {}).map(([name, s]) => ({
		name,
		in: where,
		required: where === 'path' || (js.required ?? []).includes(name),
		schema: s
	}));
}

const ERRORS = {
	400: ['BadRequest', 'The input is invalid: the message names each bad field; details lists them'],
	401: ['Unauthenticated', 'No valid session cookie or bearer token'],
	403: ['Forbidden', 'The role (or a token limited to another cutover) does not allow this'],
	404: ['NotFound', 'No such cutover or task'],
	409: [
		'Conflict',
		'The change breaks a rule of the current state, or expectedVersion is stale; details carry the current record'
	],
	413: ['PayloadTooLarge', 'The body is larger than the server accepts']
} as const;
type ErrorStatus = keyof typeof ERRORS;

/**
 * Who may call an operation, from the one roles table: shown in the document (`x-golive-access` and the
 * description) and read by the authorization matrix test, which expects every mutating operation to have one.
 */
interface Access {
	/** The permission the caller's role needs. */
	permission: Permission;
	/** Also allowed: the record's owner (a username or team) whose role has this permission. */
	owner?: Permission;
	/** Only the person the record names (the voter; the chair, or any admin), with the permission. */
	named?: 'voter' | 'chair';
	/** A signed-in person only: an API token is refused. */
	sessionOnly?: boolean;
}

function accessText(a: Access): string {
	const roles = ROLES.filter((r) => can(r, a.permission)).join(', ');
	const parts = [`Allowed to: ${roles}`];
	if (a.owner)
		parts.push(
			`or the owner (a username or team) with role ${ROLES.filter((r) => can(r, a.owner!)).join(', ')}`
		);
	if (a.named === 'voter') parts.push('and only a named voter');
	if (a.named === 'chair')
		parts.push(
			`and only the named chair (or: ${ROLES.filter((r) => can(r, 'decision.record_any')).join(', ')})`
		);
	if (a.sessionOnly) parts.push('signed in (not with an API token)');
	return `${parts.join('; ')}.`;
}

interface Operation {
	summary: string;
	description?: string;
	tag: string;
	params?: z.ZodObject;
	query?: z.ZodObject;
	body?: keyof typeof inputs;
	idempotent?: boolean;
	ok: [200 | 201, SchemaName, string];
	errors: ErrorStatus[];
	public?: boolean;
	access?: Access;
}

function operation(op: Operation): Json {
	const responses: Json = {
		[op.ok[0]]: { description: op.ok[2], content: { 'application/json': { schema: ref(op.ok[1]) } } }
	};
	for (const status of op.errors) responses[status] = { $ref: `#/components/responses/${ERRORS[status][0]}` };
	const params = [
		...(op.params ? parameters(op.params, 'path') : []),
		...(op.query ? parameters(op.query, 'query') : []),
		...(op.idempotent ? [{ $ref: '#/components/parameters/IdempotencyKey' }] : [])
	];
	const description = [op.description, op.access && accessText(op.access)].filter(Boolean).join('\n\n');
	return {
		tags: [op.tag],
		summary: op.summary,
		...(description ? { description } : {}),
		...(op.access ? { 'x-golive-access': op.access } : {}),
		...(params.length ? { parameters: params } : {}),
		...(op.body
			? { requestBody: { required: true, content: { 'application/json': { schema: ref(op.body) } } } }
			: {}),
		responses,
		...(op.public ? { security: [] } : {})
	};
}

const DESCRIPTION = `golive's JSON API: what migration scripts, monitoring and other tools use to drive a cutover. The web UI
calls the same services.

- **Authentication**: \`Authorization: Bearer <token>\` (tokens are created by an admin in the UI or with
  \`npm run golive -- token create --name N --role R [--cutover SLUG]\`), or the browser's session cookie.
- **Times** are ISO 8601 with an offset (\`2024-10-10T18:00:00+03:00\`).
- **Errors** are \`{ "error": { "code", "message", "details"? } }\` with a 4xx (400, 401, 403, 404, 405, 409, 413, 429
  or 431); bad input is never a 500. Unknown fields are refused.
- **Optimistic concurrency**: records carry \`version\`; a write that sends \`expectedVersion\` and finds another gets
  409 with the current record in \`details\`.
- **Idempotency**: a POST with an \`${IDEMPOTENCY_HEADER}\` header (at most 200 characters) is applied at most once per
  caller; a retry with the same key and body gets the first answer again (with \`Idempotent-Replayed: true\`).
  Keys are kept for 24 hours.
- **Lists** are ordered and paginated with \`?limit=&cursor=\`; pass \`nextCursor\` back until it is null.
- **Realtime**: socket.io on the same origin (path \`/socket.io\`), described in \`x-socket-io\`. Send \`cutover:join\`
  \`{ slug, afterSeq?, encoding? }\`; the ack carries a snapshot (no afterSeq; gzipped and shared when encoding is "gzip") or the events after afterSeq; then every logged
  event arrives as \`cutover:event\` in seq order. A client that sees a gap in seq joins again with its last seq,
  so nothing is missed. \`GET /events?after=<seq>\` reads the same log over HTTP.`;

function socketProtocol(): Json {
	const ack = (data: Json) => ({
		oneOf: [
			{ type: 'object', properties: { ok: { const: true }, data }, required: ['ok', 'data'] },
			{
				type: 'object',
				properties: { ok: { const: false }, error: ref('ErrorBody') },
				required: ['ok', 'error']
			}
		]
	});
	return {
		path: '/socket.io',
		authentication: `The ${SESSION_COOKIE} session cookie, or an API token as the handshake's auth: { token }. Origins are checked.`,
		clientToServer: {
			'cutover:join': {
				description:
					"Join a cutover's room. Without afterSeq the ack carries a snapshot; with one, the events after it (or a snapshot when too far behind). Events committed after the join arrive as cutover:event.",
				payload: standalone(joinCommand),
				ack: ack(ref('JoinResult'))
			},
			'cutover:leave': {
				description: "Leave a cutover's room: { slug }.",
				payload: standalone(leaveCommand),
				ack: ack({ type: 'null' })
			},
			'task:transition': {
				description:
					'Move a task, exactly as POST /api/v1/cutovers/{slug}/tasks/{key}/transition. An illegal move fails with code conflict and the current task in details.',
				payload: standalone(transitionCommand),
				ack: ack(ref('Task'))
			}
		},
		serverToClient: {
			'cutover:event': {
				description: 'Every logged event of the joined cutovers, in seq order.',
				payload: ref('Event')
			},
			'command:error': {
				description: 'A command that came without an ack callback, answered here instead.',
				payload: {
					type: 'object',
					properties: { command: { type: 'string' }, error: ref('ErrorBody') },
					required: ['command', 'error']
				}
			}
		}
	};
}

function build(version: string): Json {
	const v1 = '/api/v1/cutovers';
	const cutover = `${v1}/{slug}`;
	const task = `${cutover}/tasks/{key}`;
	const responses = Object.fromEntries(
		Object.values(ERRORS).map(([name, description]) => [
			name,
			{ description, content: { 'application/json': { schema: ref('Error') } } }
		])
	);
	return {
		openapi: '3.1.0',
		info: {
			title: 'golive API',
			version,
			description: DESCRIPTION,
			license: { name: 'Apache-2.0', identifier: 'Apache-2.0' }
		},
		servers: [{ url: '/' }],
		security: [{ bearerAuth: [] }, { cookieAuth: [] }],
		tags: [
			{ name: 'meta', description: 'Health and this document' },
			{
				name: 'access',
				description: 'The access audit log: sign-ins, lockouts, changes to users and tokens (admins only)'
			},
			{ name: 'cutovers', description: 'Cutovers and their windows' },
			{ name: 'tasks', description: 'The runbook: phases, tasks and their moves' },
			{ name: 'events', description: 'The event log and board snapshots' },
			{ name: 'transfers', description: 'Data transfer streams, their progress, and the window forecast' },
			{
				name: 'decisions',
				description:
					'Go/no-go decision points: readiness criteria, named votes, outcomes, window extensions and notice drafts'
			}
		],
		paths: {
			'/api/health': {
				get: {
					...operation({
						tag: 'meta',
						summary: 'Liveness and database check',
						ok: [200, 'Health', 'Up'],
						errors: [],
						public: true
					}),
					responses: {
						200: { description: 'Up', content: { 'application/json': { schema: ref('Health') } } },
						503: {
							description: 'The database is unreachable',
							content: { 'application/json': { schema: ref('Health') } }
						}
					}
				}
			},
			'/api/v1/openapi.json': {
				get: {
					tags: ['meta'],
					summary: 'This document',
					security: [],
					responses: { 200: { description: 'The OpenAPI document', content: { 'application/json': {} } } }
				}
			},
			'/api/v1/audit': {
				get: operation({
					tag: 'access',
					summary: 'The access audit log, newest first (admins)',
					query: auditQuery,
					ok: [200, 'AuditPage', 'A page of entries'],
					errors: [400, 401, 403]
				})
			},
			[v1]: {
				get: operation({
					tag: 'cutovers',
					summary: 'List cutovers (by window start)',
					query: listQuery,
					ok: [200, 'CutoverPage', 'A page of cutovers'],
					errors: [400, 401]
				}),
				post: operation({
					tag: 'cutovers',
					summary: 'Create a cutover',
					access: { permission: 'cutover.create' },
					body: 'CutoverCreate',
					idempotent: true,
					ok: [201, 'Cutover', 'Created'],
					errors: [400, 401, 403, 409, 413]
				})
			},
			[cutover]: {
				get: operation({
					tag: 'cutovers',
					summary: 'One cutover',
					params: cutoverParams,
					ok: [200, 'Cutover', 'The cutover'],
					errors: [400, 401, 403, 404]
				}),
				patch: operation({
					tag: 'cutovers',
					summary: 'Edit a cutover (name, time zone, window)',
					access: { permission: 'cutover.edit' },
					params: cutoverParams,
					body: 'CutoverPatch',
					ok: [200, 'Cutover', 'The changed cutover'],
					errors: [400, 401, 403, 404, 409, 413]
				})
			},
			[`${cutover}/tasks`]: {
				get: operation({
					tag: 'tasks',
					summary: 'List tasks in runbook order',
					params: cutoverParams,
					query: listQuery,
					ok: [200, 'TaskPage', 'A page of tasks'],
					errors: [400, 401, 403, 404]
				}),
				post: operation({
					tag: 'tasks',
					summary: 'Add a task (a new phase name creates the phase at the end)',
					access: { permission: 'runbook.edit' },
					description: 'Unknown dependencies and cycles are refused with 400, naming them.',
					params: cutoverParams,
					body: 'TaskCreate',
					idempotent: true,
					ok: [201, 'Task', 'Created'],
					errors: [400, 401, 403, 404, 409, 413]
				})
			},
			[task]: {
				get: operation({
					tag: 'tasks',
					summary: 'One task',
					params: taskParams,
					ok: [200, 'Task', 'The task'],
					errors: [400, 401, 403, 404]
				}),
				patch: operation({
					tag: 'tasks',
					summary: "Edit a task's planned fields",
					access: { permission: 'runbook.edit' },
					params: taskParams,
					body: 'TaskPatch',
					ok: [200, 'Task', 'The changed task'],
					errors: [400, 401, 403, 404, 409, 413]
				})
			},
			[`${task}/transition`]: {
				post: operation({
					tag: 'tasks',
					summary: 'Move a task to another status',
					access: { permission: 'task.move_any', owner: 'task.move_own' },
					description:
						'not_started -> in_progress -> done | failed | skipped, plus blocked; a failed task is retried by starting it again. An illegal move, unmet dependencies or a stale expectedVersion get 409 with the current task in details.task. Only the task owner (a user or team) or an operator or admin may move a task.',
					params: taskParams,
					body: 'TaskTransition',
					idempotent: true,
					ok: [200, 'Task', 'The moved task'],
					errors: [400, 401, 403, 404, 409, 413]
				})
			},
			[`${cutover}/runbook`]: {
				put: operation({
					tag: 'tasks',
					summary: 'Replace the whole runbook',
					access: { permission: 'runbook.edit' },
					description: 'Phases in order, then tasks. Refused with 409 once any task has moved.',
					params: cutoverParams,
					body: 'RunbookImport',
					ok: [200, 'RunbookImportResult', 'How many phases and tasks were loaded'],
					errors: [400, 401, 403, 404, 409, 413]
				})
			},
			[`${cutover}/events`]: {
				get: operation({
					tag: 'events',
					summary: 'The event log after a sequence number, in seq order',
					params: cutoverParams,
					query: eventsQuery,
					ok: [200, 'EventPage', 'Events after ?after, oldest first'],
					errors: [400, 401, 403, 404]
				})
			},
			[`${cutover}/transfers`]: {
				get: operation({
					tag: 'transfers',
					summary: 'The data transfer streams with rate, ETA and band',
					params: cutoverParams,
					ok: [200, 'TransferList', 'Every stream in board order'],
					errors: [400, 401, 403, 404]
				}),
				post: operation({
					tag: 'transfers',
					summary: 'Define a data transfer stream',
					access: { permission: 'runbook.edit' },
					description: 'dependsOn names tasks that must finish before the transfer starts.',
					params: cutoverParams,
					body: 'TransferCreate',
					idempotent: true,
					ok: [201, 'Transfer', 'Created'],
					errors: [400, 401, 403, 404, 409, 413]
				})
			},
			[`${cutover}/transfers/{key}`]: {
				get: operation({
					tag: 'transfers',
					summary: 'One stream',
					params: transferParams,
					ok: [200, 'Transfer', 'The stream'],
					errors: [400, 401, 403, 404]
				}),
				patch: operation({
					tag: 'transfers',
					summary: "Edit a stream's definition (name, unit, total, plan, stall time)",
					access: { permission: 'runbook.edit' },
					params: transferParams,
					body: 'TransferPatch',
					ok: [200, 'Transfer', 'The changed stream'],
					errors: [400, 401, 403, 404, 409, 413]
				})
			},
			[`${cutover}/transfers/{key}/progress`]: {
				post: operation({
					tag: 'transfers',
					summary: 'Report progress (migration scripts, with a token)',
					access: { permission: 'transfer.report' },
					description:
						'{ done, total?, at?, reset? }. done may not exceed the total; progress that goes backwards (in done or in time) is refused with 409 unless reset is true (the stream restarted). at may be at most 5 minutes ahead of the server clock. Boards get the latest state within about half a second (coalesced).',
					params: transferParams,
					body: 'TransferProgress',
					ok: [200, 'Transfer', 'The stream after the report'],
					errors: [400, 401, 403, 404, 409, 413]
				})
			},
			[`${cutover}/forecast`]: {
				get: operation({
					tag: 'transfers',
					summary: 'The window forecast and how it moved',
					description:
						'The newest forecast (P50/P90 end, probability of finishing inside the window, the steps that drive it) with the seq it was computed at, and the history of earlier ones. Recomputed on the server after changes (debounced) and while the window is open.',
					params: cutoverParams,
					ok: [200, 'ForecastState', 'The forecast (null until one is computed) and its history'],
					errors: [400, 401, 403, 404]
				})
			},
			[`${cutover}/decisions`]: {
				get: operation({
					tag: 'decisions',
					summary: 'Every decision point with its criteria, votes and outcomes, in the order opened',
					params: cutoverParams,
					ok: [200, 'DecisionList', 'The decision points'],
					errors: [400, 401, 403, 404]
				}),
				post: operation({
					tag: 'decisions',
					summary: 'Open a decision point (operators and admins)',
					access: { permission: 'decision.open' },
					description:
						'Voters, mandatory voters and the chair are usernames of users who can sign in; checkpointTask names a runbook task that cannot be done, and nothing after it can start, until the outcome is go (or accept_risk). reviews names an earlier decision whose standing outcome ordered fixes, and which of its follow-up items this one re-reviews. The forecast at opening is kept with the point. A taken key is 409.',
					params: cutoverParams,
					body: 'DecisionOpen',
					idempotent: true,
					ok: [201, 'Decision', 'Opened'],
					errors: [400, 401, 403, 404, 409, 413]
				})
			},
			[`${cutover}/decisions/log`]: {
				get: {
					tags: ['decisions'],
					summary: 'The decision log as a Markdown or CSV download',
					description:
						'Every decision with its criteria, votes, outcomes, evidence and rationale (Markdown also carries the window history); CSV has one row per criterion, vote and outcome.',
					parameters: [...parameters(cutoverParams, 'path'), ...parameters(decisionLogQuery, 'query')],
					responses: {
						200: {
							description: 'The log as an attachment',
							content: {
								'text/markdown': { schema: { type: 'string' } },
								'text/csv': { schema: { type: 'string' } }
							}
						},
						...Object.fromEntries(
							([400, 401, 403, 404] as const).map((s) => [
								s,
								{ $ref: `#/components/responses/${ERRORS[s][0]}` }
							])
						)
					}
				}
			},
			[`${cutover}/decisions/{key}`]: {
				get: operation({
					tag: 'decisions',
					summary: 'One decision point',
					params: decisionParams,
					ok: [200, 'Decision', 'The decision point'],
					errors: [400, 401, 403, 404]
				})
			},
			[`${cutover}/decisions/{key}/criteria/{id}`]: {
				patch: operation({
					tag: 'decisions',
					summary: 'Update a readiness criterion (its state and evidence)',
					access: { permission: 'decision.open', owner: 'criterion.keep_own' },
					description:
						'By operators, admins or the criterion owner (a user or their team). waived needs a reason. Evidence left out is kept; sent empty it is cleared. A stale expectedVersion is 409 with the current criterion.',
					params: criterionParams,
					body: 'CriterionUpdate',
					ok: [200, 'Criterion', 'The updated criterion'],
					errors: [400, 401, 403, 404, 409, 413]
				})
			},
			[`${cutover}/decisions/{key}/votes`]: {
				post: operation({
					tag: 'decisions',
					summary: 'Vote go, no-go or abstain (voters only, signed in)',
					access: { permission: 'decision.vote', named: 'voter', sessionOnly: true },
					description:
						'Votes go by name, so an API token cannot vote (403), nor can anyone who is not a voter (403). A no-go needs a comment. A changed vote is a new vote that supersedes the previous one. After the outcome or the closing time: 409.',
					params: decisionParams,
					body: 'Vote',
					ok: [200, 'VoteResult', 'The vote and the new tally'],
					errors: [400, 401, 403, 404, 409, 413]
				})
			},
			[`${cutover}/decisions/{key}/outcomes`]: {
				post: operation({
					tag: 'decisions',
					summary: 'Record the outcome (the chair or an admin, signed in)',
					access: { permission: 'decision.chair', named: 'chair', sessionOnly: true },
					description:
						'go and accept_risk need the quorum and no mandatory no-go (409). extend needs a newWindowEnd after the current end (400) and moves the window at once (a cutover.updated event in the same write). A second outcome is 409 unless it supersedes the standing one (a correction). go, rollback and extend leave a notice draft in English, Finnish and Swedish; go also completes the checkpoint task.',
					params: decisionParams,
					body: 'Outcome',
					ok: [201, 'DecisionRecorded', 'Recorded'],
					errors: [400, 401, 403, 404, 409, 413]
				})
			},
			[`${cutover}/window-history`]: {
				get: operation({
					tag: 'decisions',
					summary: "The window's history: the planned end, then each change, who and why",
					params: cutoverParams,
					ok: [200, 'WindowHistory', 'Oldest first'],
					errors: [400, 401, 403, 404]
				})
			},
			[`${cutover}/notice-drafts`]: {
				get: operation({
					tag: 'decisions',
					summary: 'User notice drafts left by go, rollback and extension outcomes',
					params: cutoverParams,
					ok: [200, 'NoticeDraftList', 'Newest first'],
					errors: [400, 401, 403, 404]
				})
			},
			[`${cutover}/snapshot`]: {
				get: operation({
					tag: 'events',
					summary: 'The whole board at one seq',
					params: cutoverParams,
					ok: [200, 'BoardSnapshot', 'Cutover, phases and tasks as of seq'],
					errors: [400, 401, 403, 404]
				})
			}
		},
		components: {
			schemas: { ...components(inputs, 'input'), ...components(outputs, 'output') },
			responses,
			parameters: {
				IdempotencyKey: {
					name: IDEMPOTENCY_HEADER,
					in: 'header',
					required: false,
					description: 'Apply this POST at most once; a retry with the same key gets the first answer.',
					schema: standalone(idempotencyKey)
				}
			},
			securitySchemes: {
				bearerAuth: {
					type: 'http',
					scheme: 'bearer',
					description: 'An API token (glv_...) created by an admin'
				},
				cookieAuth: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'The browser session' }
			}
		},
		'x-socket-io': socketProtocol()
	};
}

let cached: { version: string; doc: Json } | undefined;

/** The OpenAPI document, built on first use. */
export function openApiDocument(version: string): Json {
	if (cached?.version !== version) cached = { version, doc: build(version) };
	return cached.doc;
}
