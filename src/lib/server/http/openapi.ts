/**
 * The OpenAPI 3.1 document, generated from the API table (api-table.ts): every path, method, parameter, body and
 * answer comes from an endpoint and the zod schemas it names, requests converted as the validator reads them (io
 * 'input') and answers as they are sent (io 'output'). Nothing here restates a route or a shape. Schemas that
 * several operations share are named components; the rest are named after their operation.
 */
import { z } from 'zod';
import { ROLES, can } from '../../shared/roles';
import {
	SESSION_COOKIE,
	joinCommand,
	joinResult,
	leaveCommand,
	transitionCommand
} from '../../shared/realtime';
import {
	IDEMPOTENCY_HEADER,
	errorBody,
	errorResponse,
	health,
	readiness,
	idempotencyKey
} from '../../shared/schemas/api';
import { criterionView, decisionView } from '../../shared/schemas/decisions';
import { incidentView, serviceView, timelineEntry } from '../../shared/schemas/incidents';
import { metricView } from '../../shared/schemas/metrics';
import { noticeView } from '../../shared/schemas/notices';
import {
	statuspageComponent,
	statuspageIncident,
	statuspageMaintenance,
	statuspagePage,
	statuspageStatus
} from '../../shared/schemas/statuspage';
import { boardSnapshot, cutoverEvent } from '../../shared/schemas/events';
import { cutoverView, phaseView, taskView } from '../../shared/schemas/runbook';
import { forecastView, transferView } from '../../shared/schemas/transfers';
import { webhookView } from '../../shared/schemas/webhooks';
import type { Access, Operation } from './endpoint';

type Json = Record<string, unknown>;
type JsonSchema = z.core.JSONSchema.BaseSchema;

/** Answer shapes that several operations (and the socket protocol) share, named once. */
const SHARED = {
	Error: errorResponse,
	ErrorBody: errorBody,
	Cutover: cutoverView,
	Phase: phaseView,
	Task: taskView,
	Event: cutoverEvent,
	BoardSnapshot: boardSnapshot,
	Transfer: transferView,
	Forecast: forecastView,
	Decision: decisionView,
	Criterion: criterionView,
	Metric: metricView,
	Webhook: webhookView,
	Service: serviceView,
	Incident: incidentView,
	TimelineEntry: timelineEntry,
	Notice: noticeView,
	StatuspagePage: statuspagePage,
	StatuspageStatus: statuspageStatus,
	StatuspageComponent: statuspageComponent,
	StatuspageIncident: statuspageIncident,
	StatuspageMaintenance: statuspageMaintenance,
	JoinResult: joinResult,
	Health: health,
	Readiness: readiness
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const pascal = (id: string) => id[0].toUpperCase() + id.slice(1);

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
	413: ['PayloadTooLarge', 'The body is larger than the server accepts'],
	429: ['TooManyRequests', 'Too many requests of this kind: send it again after Retry-After seconds'],
	503: [
		'Unavailable',
		'The server cannot reach its database: nothing was changed; send it again after Retry-After seconds'
	]
} as const;
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
	if (a.named === 'mim') parts.push("or the incident's named Major Incident Manager, signed in");
	if (a.sessionOnly) parts.push('signed in (not with an API token)');
	return `${parts.join('; ')}.`;
}

function operation(e: Operation, names: Names): Json {
	// A download (contentTypes) has no named JSON answer: only asked for where one is sent.
	const answer = () => ({ 'application/json': { schema: ref(names.answer(e)) } });
	const okContent = e.ok.contentTypes
		? Object.fromEntries(e.ok.contentTypes.map((t) => [t, { schema: standalone(e.ok.schema, 'output') }]))
		: answer();
	const responses: Json = { [e.ok.status ?? 200]: { description: e.ok.description, content: okContent } };
	for (const more of e.ok.more ?? [])
		responses[more.status] = {
			description: more.description,
			...(more.empty ? {} : { content: answer() })
		};
	// Every call that needs the database may meet it away (public rows do not read it, or say so themselves).
	const statuses = e.public ? e.errors : [...e.errors, 503 as const];
	for (const status of statuses) responses[status] = { $ref: `#/components/responses/${ERRORS[status][0]}` };
	const params = [
		...(e.params ? parameters(e.params, 'path') : []),
		...(e.query ? parameters(e.query, 'query') : []),
		...(e.idempotent ? [{ $ref: '#/components/parameters/IdempotencyKey' }] : [])
	];
	const description = [e.description, e.access && accessText(e.access)].filter(Boolean).join('\n\n');
	return {
		operationId: e.id,
		tags: [e.tag],
		summary: e.summary,
		...(description ? { description } : {}),
		...(e.access ? { 'x-golive-access': e.access } : {}),
		...(params.length ? { parameters: params } : {}),
		...(e.body
			? {
					requestBody: {
						required: true,
						content: { 'application/json': { schema: ref(names.body(e)) } }
					}
				}
			: {}),
		...(e.file
			? {
					requestBody: {
						required: true,
						description: e.file.description,
						content: Object.fromEntries(
							e.file.contentTypes.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])
						)
					}
				}
			: {}),
		responses,
		...(e.public ? { security: [] } : {})
	};
}

interface Names {
	body(e: Operation): string;
	answer(e: Operation): string;
}

/**
 * Every schema the document names, as JSON Schema: the shared answers and each operation's own body and answer,
 * converted together so a schema met again inside another becomes a $ref.
 */
function components(table: readonly Operation[]): { schemas: Record<string, JsonSchema>; names: Names } {
	const inputs = z.registry<{ id: string }>();
	const outputs = z.registry<{ id: string }>();
	for (const [id, schema] of Object.entries(SHARED)) outputs.add(schema, { id });
	for (const e of table) {
		if (e.body && !inputs.has(e.body)) inputs.add(e.body, { id: `${pascal(e.id)}Input` });
		if (!e.ok.contentTypes && !outputs.has(e.ok.schema))
			outputs.add(e.ok.schema, { id: `${pascal(e.id)}Result` });
	}
	const convert = (registry: typeof inputs, io: 'input' | 'output') => {
		const { schemas } = z.toJSONSchema(registry, {
			io,
			uri: (id) => `#/components/schemas/${id}`,
			override: tidy(io)
		});
		for (const schema of Object.values(schemas)) {
			delete schema.$schema;
			delete schema.$id;
		}
		return schemas;
	};
	return {
		schemas: { ...convert(inputs, 'input'), ...convert(outputs, 'output') },
		names: {
			body: (e) => inputs.get(e.body!)!.id,
			answer: (e) => outputs.get(e.ok.schema)!.id
		}
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

function build(version: string, table: readonly Operation[]): Json {
	const { schemas, names } = components(table);
	const paths: Record<string, Json> = {};
	for (const e of table) (paths[e.path] ??= {})[e.method.toLowerCase()] = operation(e, names);
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
		tags: TAGS,
		paths,
		components: {
			schemas,
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

const TAGS = [
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
	},
	{ name: 'metrics', description: 'Load metrics: definitions with capacity lines, sample pushes, series' },
	{
		name: 'opening',
		description:
			"The staged opening: stages with gates over metrics, and the room's acts (advance, hold, step back, restrict)"
	},
	{
		name: 'services',
		description:
			"The catalogue of services: each one's status (Statuspage's component statuses) and restriction"
	},
	{
		name: 'incidents',
		description:
			'Incidents: severity, affected services, the Major Incident Manager and other roles, restoration order, clocks and the timeline'
	},
	{
		name: 'subscriptions',
		description:
			'Public subscriptions to notices by e-mail (double opt-in) or signed webhook, and their delivery log (admins)'
	},
	{
		name: 'notices',
		description:
			'User notices in Finnish, Swedish and English: drafts, second approval, publication now or scheduled, updates, corrections, withdrawal, planned maintenance'
	},
	{
		name: 'status',
		description:
			"The public status page's data as Atlassian Statuspage's public API v2 (`/api/v2/*.json`), in Finnish, Swedish or English; no credentials"
	},
	{
		name: 'programmes',
		description:
			"Programmes of many waves: the inventory of systems, runbook templates, waves built from them, testers' sign-offs and the counts"
	}
];

let cached: { version: string; table: readonly Operation[]; doc: Json } | undefined;

/** The OpenAPI document of `table` (the API table's endpoints and the operations served ahead of it), built on first use. */
export function openApiDocument(version: string, table: readonly Operation[]): Json {
	if (cached?.version !== version || cached.table !== table)
		cached = { version, table, doc: build(version, table) };
	return cached.doc;
}
