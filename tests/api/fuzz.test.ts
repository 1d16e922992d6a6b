/**
 * Fuzzing the API from its own description: every operation of `/api/v1/openapi.json` with a body, path or query
 * parameters, and the socket commands of its `x-socket-io`, get requests generated from their JSON Schemas
 * (tests/api/fuzz-schema.ts): near-valid values at the edges, and hostile ones (wrong types, huge strings, control
 * characters and NUL, Unicode, deep nesting, numbers out of range, unknown and missing properties), hostile raw
 * bodies (invalid JSON, wrong content types, empty, near and over the size limit) and hostile path segments and
 * query strings (`%00`, `%ZZ`, overlong UTF-8...). Against the production build on a PostgreSQL database of its
 * own, with an admin's credentials so that authorization hides nothing, every answer must be below 500, every 4xx
 * must be the API's error shape, and a refused request must leave every table as it was (a digest of each table
 * before and after). A request that happens to succeed moves the baseline.
 *
 * A fixed seed by default; GOLIVE_FUZZ_SEED=<n> and GOLIVE_FUZZ_RUNS=<runs per operation> explore further.
 */
import fc from 'fast-check';
import postgres from 'postgres';
import { io as connectClient, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, postgresReachable } from '../../src/lib/server/db/test-db';
import { MAX_JSON_BYTES } from '../../src/lib/server/http/json-body';
import {
	RawJson,
	SchemaFuzzer,
	encodeURIComponentLoose,
	hostileQueryValue,
	hostileSegment,
	jsonText,
	type Fuzzed,
	type JsonSchema
} from './fuzz-schema';
import { TestServer, type Answer } from './harness';

const SEED = Number(process.env.GOLIVE_FUZZ_SEED ?? 20_251_111);
const RUNS = Number(process.env.GOLIVE_FUZZ_RUNS ?? 40);
const replay = `replay with GOLIVE_FUZZ_SEED=${SEED} GOLIVE_FUZZ_RUNS=${RUNS} (GOLIVE_FUZZ_ONLY=<regex of "METHOD /path"> narrows it)`;

/**
 * Tables that legitimately move on a refused request: the access audit log and the rate limiters' counters (a
 * refused sign-in or token is counted and logged). Idempotency keys are not among them: a refused request's claim
 * is removed again, so that table must be as it was too.
 */
const MOVING_TABLES = new Set(['audit_log', 'rate_limits']);
/**
 * Columns that move on their own: a token's last use (at most once a minute), a session's sliding expiry, and a
 * cutover's last seq, which the forecast and the coalesced progress feed move in the background after an applied
 * change (the events they append are left out below; the invariants check last_seq against the log).
 */
const MOVING_COLUMNS: Record<string, string[]> = {
	api_tokens: ['last_used_at'],
	sessions: ['expires_at'],
	cutovers: ['last_seq'],
	// The metrics feed judges pushed samples a second later.
	metrics: ['level', 'level_since', 'tracks', 'last_at', 'last_raw', 'last_value'],
	// The source puller pulls a new source at its next round, and notes how it went.
	metric_sources: ['state', 'last_error', 'last_pull_at', 'last_success_at']
};
/**
 * Rows written in the background after an applied change: forecasts and their events, coalesced progress and
 * metric readings, a metric source's change of state, and samples older than the raw age, which move into rollups
 * once a minute.
 */
const BACKGROUND_ROWS: Record<string, string> = {
	forecasts: 'false',
	events: `x.type not in ('forecast.computed', 'transfer.progressed', 'metrics.updated', 'metric.breached', 'metric.cleared', 'metric_source.up', 'metric_source.down')`,
	metric_samples: `x.at > now() - interval '23 hours'`,
	metric_rollups: 'false'
};
/** What must hold at every commit, whatever ran: each cutover's log is dense and ends at its last_seq. */
const INVARIANTS = `select 'invariant: every log dense, ending at last_seq' as t, count(*)::text as d from cutovers c
	where c.last_seq <> (select count(*) from events e where e.cutover_id = c.id)
	or c.last_seq <> coalesce((select max(seq) from events e where e.cutover_id = c.id), 0)`;

const ADMIN = { username: 'root', password: 'correct horse battery' };
const STEERING = { username: 'stella', password: 'steering password' };
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

interface Parameter {
	name?: string;
	in?: string;
	$ref?: string;
	schema?: JsonSchema;
}
interface Operation {
	method: string;
	path: string;
	parameters: Parameter[];
	body?: JsonSchema;
	idempotent: boolean;
}

/** One generated request, as sent. */
interface FuzzRequest {
	path: string;
	headers: Record<string, string>;
	body?: Buffer;
	chunked?: boolean;
}

/** How deep a JSON text nests (brackets inside strings counted too: an upper bound is enough here). */
function depth(text: string): number {
	let deepest = 0;
	let now = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++now);
		else if (c === 0x5d || c === 0x7d) now--;
	}
	return deepest;
}

/** A 32-bit FNV-1a hash of a string. */
function hash(s: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
	return h >>> 0;
}

/**
 * Checks `check` on `runs` values generated from `seed`, stopping at the first failure, which is thrown with its
 * own words (never the generated value, which may be megabytes) and the seed to replay it.
 */
async function fuzz<T>(
	arbitrary: fc.Arbitrary<T>,
	seed: number,
	runs: number,
	check: (value: T) => Promise<void>
) {
	const details = await fc.check(fc.asyncProperty(arbitrary, check), {
		seed,
		numRuns: runs,
		endOnFailure: true
	});
	if (!details.failed) return;
	const cause =
		details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
	throw new Error(`${cause}\n(run ${details.numRuns} from seed ${seed}; ${replay})`);
}

const excerpt = (s: string | Buffer | undefined, n = 300) => {
	const text = s === undefined ? '' : String(s);
	return JSON.stringify(text.length > n ? `${text.slice(0, n)}… (${text.length} chars)` : text);
};

describe.runIf(postgresReachable())('fuzzing the API from its OpenAPI document', () => {
	const server = new TestServer('golive-fuzz-');
	let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
	let sql: postgres.Sql;
	let token = '';
	let cookie = '';
	let doc: {
		paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: unknown }>>;
		components: { schemas: Record<string, JsonSchema>; parameters: Record<string, Parameter> };
		'x-socket-io': { clientToServer: Record<string, { payload: JsonSchema }> };
	};
	const targets = {
		slugs: ['fuzz', 'fuzz-fresh'],
		tasks: ['PREP-01', 'PREP-02', 'VAL-01', 'GO-01', 'OPEN-01', 'F-01', 'F-02'],
		transfers: ['customers', 'orders'],
		decisions: ['GO', 'EXT'],
		metrics: ['p95', 'users'],
		criteria: [] as string[]
	};
	/** Answers by operation and status, printed at the end: shows what the fuzz reached. */
	const tally = new Map<string, Map<number, number>>();
	/** How long each operation's runs took (ms). */
	const timings = new Map<string, number>();
	let fuzzer: SchemaFuzzer;
	let socketFuzzer: SchemaFuzzer;
	let baseline: Map<string, string>;
	let tables: string[] = [];
	/** Where the server's output stood when the fuzz began. */
	let fuzzStart = 0;

	async function addUser(user: { username: string; password: string }, role: string) {
		const run = await server.cli([
			'user',
			'add',
			'--username',
			user.username,
			'--name',
			user.username,
			'--role',
			role,
			'--password',
			user.password
		]);
		expect(run.code, run.stderr).toBe(0);
	}

	async function must(method: string, path: string, body?: unknown): Promise<Answer> {
		const res = await server.call(method, path, token, body);
		if (res.status >= 300) throw new Error(`setup: ${method} ${path} answered ${res.status}: ${res.text}`);
		return res;
	}

	/**
	 * A digest of every application table, by table: its row count and the md5 of its rows as text, less what moves
	 * legitimately (above), and the invariants. One query.
	 */
	async function digest(): Promise<Map<string, string>> {
		const parts = tables.map((t) => {
			const drop = MOVING_COLUMNS[t] ?? [];
			const row = drop.length ? `to_jsonb(x) - array[${drop.map((c) => `'${c}'`).join(',')}]` : 'to_jsonb(x)';
			const where = BACKGROUND_ROWS[t] ?? 'true';
			return `select '${t}' as t, count(*) || ':' || md5(coalesce(string_agg(r, '|' order by r), '')) as d from (select (${row})::text as r from "${t}" x where ${where}) s`;
		});
		const rows = await sql.unsafe<{ t: string; d: string }[]>([...parts, INVARIANTS].join(' union all '));
		return new Map(rows.map((r) => [r.t, r.d]));
	}

	const changed = (a: Map<string, string>, b: Map<string, string>) =>
		[...new Set([...a.keys(), ...b.keys()])].filter((t) => a.get(t) !== b.get(t));

	/** The part of the server's output since `mark` that reports an unexpected error. */
	function serverErrors(mark: number): string[] {
		return server.log
			.slice(mark)
			.split('\n')
			.filter((l) => /"level":"(error|fatal)"|failed|Error:|Unhandled|uncaught/i.test(l));
	}

	function count(op: string, status: number) {
		const byStatus = tally.get(op) ?? new Map<number, number>();
		byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
		tally.set(op, byStatus);
	}

	beforeAll(async () => {
		database = await createPostgresDatabase();
		server.env.DATABASE_URL = database.url;
		// Forecasts at once after a change, and no clock-driven refresh meanwhile.
		server.env.GOLIVE_FORECAST_DEBOUNCE_MS = '0';
		server.env.GOLIVE_FORECAST_REFRESH_SECONDS = '3600';
		server.env.GOLIVE_FORECAST_SAMPLES = '200';
		await addUser(ADMIN, 'admin');
		await addUser(STEERING, 'steering');
		token = await server.tokenFor('fuzz', 'admin');
		await server.start();
		cookie = await server.sessionCookie(ADMIN.username, ADMIN.password);
		sql = postgres(database.url, { max: 1, onnotice: () => {} });

		// Real targets for every path, made through the API itself. The window opens in a week, so no clock moves
		// the forecast while the fuzz runs.
		const start = Date.now() + 7 * DAY;
		const window = { timezone: 'Europe/Helsinki', windowStart: iso(start), windowEnd: iso(start + 2 * DAY) };
		await must('POST', '/api/v1/cutovers', { slug: 'fuzz', name: 'Fuzz target', ...window });
		const C = '/api/v1/cutovers/fuzz';
		const task = (key: string, phase: string, extra: Record<string, unknown> = {}) =>
			must('POST', `${C}/tasks`, {
				key,
				title: `Task ${key}`,
				phase,
				owner: 'root',
				durationMinutes: 30,
				...extra
			});
		await task('PREP-01', 'Prepare');
		await task('PREP-02', 'Prepare', {
			dependsOn: ['PREP-01'],
			estimate: { optimistic: 10, likely: 30, pessimistic: 90 }
		});
		await must('POST', `${C}/transfers`, {
			key: 'customers',
			name: 'Customer data',
			unit: 'rows',
			total: 1_000_000,
			plannedMinutes: 120,
			dependsOn: ['PREP-01']
		});
		await must('POST', `${C}/transfers`, {
			key: 'orders',
			name: 'Orders',
			unit: 'rows',
			total: 5000,
			plannedRatePerHour: 1000
		});
		await task('VAL-01', 'Validate', {
			dependsOn: ['PREP-02'],
			dependsOnTransfers: ['customers'],
			rehearsalMinutes: [25, 40]
		});
		await task('GO-01', 'Validate', { dependsOn: ['VAL-01'] });
		await task('OPEN-01', 'Open', { dependsOn: ['GO-01'], notBefore: iso(start + DAY) });
		await must('POST', `${C}/decisions`, {
			key: 'GO',
			title: 'Go for opening',
			checkpointTask: 'GO-01',
			voters: ['root', 'stella'],
			mandatoryVoters: ['stella'],
			chair: 'root',
			quorum: 1,
			criteria: [
				{ title: 'Security audit', owner: 'root' },
				{ title: 'Rollback rehearsed', owner: 'ops' }
			]
		});
		await must('POST', `${C}/decisions`, {
			key: 'EXT',
			title: 'Extend?',
			voters: ['root'],
			chair: 'root',
			quorum: 1
		});
		await must('POST', `${C}/tasks/PREP-01/transition`, {
			to: 'in_progress',
			force: true,
			note: 'started early'
		});
		await must('POST', `${C}/transfers/customers/progress`, { done: 1000, total: 1_000_000 });
		await must('POST', `${C}/metrics`, { key: 'p95', name: 'p95 response time', unit: 'ms', warning: 800 });
		await must('POST', `${C}/metrics`, { key: 'users', name: 'Logged-in users', kind: 'gauge' });
		await must('POST', `${C}/metrics/samples`, { samples: [{ metric: 'p95', at: Date.now(), value: 412 }] });
		await must('POST', '/api/v1/cutovers', { slug: 'fuzz-fresh', name: 'Nothing moved yet', ...window });
		await must('PUT', '/api/v1/cutovers/fuzz-fresh/runbook', {
			phases: ['Only'],
			tasks: [
				{ key: 'F-01', title: 'First', phase: 'Only', owner: 'root', durationMinutes: 10 },
				{
					key: 'F-02',
					title: 'Second',
					phase: 'Only',
					owner: 'root',
					durationMinutes: 10,
					dependsOn: ['F-01']
				}
			]
		});
		const go = await must('GET', `${C}/decisions/GO`);
		targets.criteria = go.body.criteria.map((c: { id: string }) => c.id);

		doc = (await must('GET', '/api/v1/openapi.json')).body;
		const hints = {
			slug: targets.slugs,
			key: [...targets.tasks, ...targets.transfers, ...targets.decisions, ...targets.metrics],
			metric: targets.metrics,
			dependsOn: targets.tasks,
			dependsOnTransfers: targets.transfers,
			checkpointTask: targets.tasks,
			decision: targets.decisions,
			voters: [ADMIN.username, STEERING.username],
			mandatoryVoters: [ADMIN.username, STEERING.username],
			chair: [ADMIN.username, STEERING.username],
			owner: ['root', 'ops'],
			phase: ['Prepare', 'Validate', 'Only'],
			timezone: ['Europe/Helsinki', 'UTC', 'Asia/Kolkata'],
			unit: ['rows'],
			id: targets.criteria
		};
		fuzzer = new SchemaFuzzer(doc.components.schemas, hints);
		// A socket command's `key` is a task's.
		socketFuzzer = new SchemaFuzzer(doc.components.schemas, { ...hints, key: targets.tasks });
		const found = await sql<{ table_name: string }[]>`
			select table_name from information_schema.tables
			where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`;
		tables = found.map((r) => r.table_name).filter((t) => !MOVING_TABLES.has(t));
		baseline = await digest();
		expect(baseline.get('invariant: every log dense, ending at last_seq')).toBe('0');
		fuzzStart = server.log.length;
	}, 240_000);

	afterAll(async () => {
		if (tally.size) {
			const lines = [...tally].map(
				([op, byStatus]) =>
					`  ${op}: ${[...byStatus]
						.sort(([a], [b]) => a - b)
						.map(([s, n]) => `${s}×${n}`)
						.join(' ')}${timings.has(op) ? ` (${(timings.get(op)! / 1000).toFixed(1)} s)` : ''}`
			);
			console.log(`fuzz (seed ${SEED}, ${RUNS} runs per operation), answers by status:\n${lines.join('\n')}`);
		}
		await sql?.end({ timeout: 5 });
		await server.stop();
		await database?.drop();
	});

	/** The operations worth fuzzing: every one with a body, path parameters or query parameters. */
	function operations(): Operation[] {
		const ops: Operation[] = [];
		for (const [path, methods] of Object.entries(doc.paths))
			for (const [method, op] of Object.entries(methods)) {
				const parameters = (op.parameters ?? []).map((p) =>
					p.$ref ? doc.components.parameters[p.$ref.split('/').pop()!] : p
				);
				const content = (op.requestBody as { content?: Record<string, { schema: JsonSchema }> } | undefined)
					?.content;
				const body = content?.['application/json']?.schema;
				const idempotent = parameters.some((p) => p.in === 'header' && p.name === 'Idempotency-Key');
				const own = parameters.filter((p) => p.in === 'path' || p.in === 'query');
				if (body || own.length)
					ops.push({ method: method.toUpperCase(), path, parameters: own, body, idempotent });
			}
		return ops;
	}

	/** The real records a path parameter can name, by where it stands in the path. */
	function known(path: string, name: string): string[] {
		if (name === 'slug') return targets.slugs;
		if (name === 'id') return targets.criteria;
		if (path.includes('/transfers/{key}')) return targets.transfers;
		if (path.includes('/decisions/{key}')) return targets.decisions;
		if (path.includes('/metrics/{key}')) return targets.metrics;
		return targets.tasks;
	}

	/** The path with its parameters: real records when `good`, otherwise also made-up and hostile segments. */
	function pathArbitrary(op: Operation, good: boolean): fc.Arbitrary<string> {
		const names = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
		const segments = names.map((name) => {
			const schema = op.parameters.find((p) => p.in === 'path' && p.name === name)?.schema ?? {
				type: 'string'
			};
			const valid = fuzzer.valid(schema, name).map((v) => encodeURIComponentLoose(String(v)));
			const real = fc.constantFrom(...known(op.path, name));
			if (good) return real;
			return fc.oneof(
				{ weight: 1, arbitrary: real },
				{ weight: 1, arbitrary: valid },
				{ weight: 3, arbitrary: hostileSegment }
			);
		});
		return fc.tuple(...segments).map((values) => {
			let path = op.path;
			names.forEach((name, i) => (path = path.replace(`{${name}}`, values[i])));
			return path;
		});
	}

	/**
	 * The query string: the operation's parameters with values their schemas allow when `good`; otherwise hostile
	 * values, repeated parameters, and parameters nobody asked for (every query is checked for control characters).
	 */
	function queryArbitrary(op: Operation, good: boolean): fc.Arbitrary<string> {
		const params = op.parameters.filter((p) => p.in === 'query');
		const junk = fc.array(
			fc.tuple(
				fc.constantFrom('x', '%00', '%ZZ', 'limit', 'a%0Ab', '__proto__', 'cursor[]'),
				hostileQueryValue
			),
			{ minLength: good ? 0 : 1, maxLength: good ? 0 : 2 }
		);
		const pairs = params.map((p) => {
			const valid = fuzzer.valid(p.schema ?? {}, p.name).map((v) => encodeURIComponentLoose(String(v)));
			return fc.option(good ? valid : fc.oneof(valid, hostileQueryValue), { freq: 3 });
		});
		return fc.tuple(fc.tuple(...pairs), junk, fc.boolean()).map(([values, extra, repeat]) => {
			const parts: string[] = [];
			params.forEach((p, i) => {
				if (values[i] === null) return;
				parts.push(`${p.name}=${values[i]}`);
				if (repeat && !good) parts.push(`${p.name}=${values[i]}`);
			});
			for (const [k, v] of extra) parts.push(`${k}=${v}`);
			return parts.length ? `?${parts.join('&')}` : '';
		});
	}

	/** Bodies no schema describes: broken JSON, other media types, nothing at all, and the size limit. */
	const rawBody: fc.Arbitrary<{ contentType?: string; body: Buffer; chunked?: boolean }> = fc.oneof(
		fc
			.tuple(
				fc.constantFrom('application/json', 'application/json; charset=utf-8', undefined),
				fc.constantFrom(
					'',
					'{',
					'{"a":}',
					"{'to':'done'}",
					'NaN',
					'\u0000',
					'\ufeff{}',
					'[1,]',
					'{"a":1}}',
					'nul',
					'"',
					'{"__proto__":{"isAdmin":true}}',
					'1e999',
					'{"to":"done",}',
					'{"a":"\\ud800"}',
					'{"a":"\\u0000"}',
					' '.repeat(1000)
				)
			)
			.map(([contentType, body]) => ({ contentType, body: Buffer.from(body) })),
		fc
			.constantFrom(
				'text/plain',
				'application/x-www-form-urlencoded',
				'multipart/form-data; boundary=x',
				'application/xml',
				'APPLICATION/JSON',
				'application/json-patch+json',
				'*/*',
				''
			)
			.map((contentType) => ({ contentType, body: Buffer.from('{"to":"done","done":1}') })),
		fc.constant({
			contentType: 'application/json',
			body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0x22, 0x7d])
		}),
		fc
			.tuple(fc.constantFrom(MAX_JSON_BYTES - 100, MAX_JSON_BYTES + 1, 5_300_000), fc.boolean())
			.map(([size, chunked]) => ({
				contentType: 'application/json',
				body: Buffer.from(`{"note":"${'a'.repeat(size - 12)}"}`),
				chunked
			}))
	);

	/** Where a request is attacked: nowhere (to reach the services' rules), one part of it, or everywhere. */
	type Focus = 'none' | 'path' | 'query' | 'body' | 'raw' | 'header' | 'all';

	/**
	 * One request for `op`: everything near-valid (real records in the path, values the schemas allow) but for the
	 * part in focus, so that most requests pass every gate but one, and some pass them all.
	 */
	function requestArbitrary(op: Operation): fc.Arbitrary<FuzzRequest> {
		const auth: Record<string, string> = /\/(votes|outcomes)$/.test(op.path)
			? { cookie } // votes and outcomes go by name: the admin, signed in (a voter and the chair)
			: { authorization: `Bearer ${token}` };
		const json = (a: fc.Arbitrary<Fuzzed>) =>
			a.map((v) => ({ contentType: 'application/json', body: Buffer.from(jsonText(v)) }));
		type Body = { contentType?: string; body?: Buffer; chunked?: boolean };
		const body = (focus: Focus): fc.Arbitrary<Body> => {
			if (!op.body) return fc.constant({});
			if (focus === 'raw') return rawBody;
			if (focus === 'body' || focus === 'all') return json(fuzzer.body(op.body));
			return json(fuzzer.valid(op.body, '', true));
		};
		const key = (focus: Focus): fc.Arbitrary<string | null> => {
			if (!op.idempotent) return fc.constant(null);
			const valid = fc.stringMatching(/^[\x21-\x7e]{1,200}$/);
			if (focus !== 'header' && focus !== 'all') return fc.option(valid, { freq: 4 });
			return fc.constantFrom('x'.repeat(201), 'a b', '', 'é', '\t', ' leading');
		};
		const weights: Record<Focus, number> = {
			none: 4,
			path: op.parameters.some((p) => p.in === 'path') ? 2 : 0,
			query: 1,
			body: op.body ? 4 : 0,
			raw: op.body ? 1 : 0,
			header: op.idempotent ? 1 : 0,
			all: 1
		};
		// Each focus's arbitrary is built once (building one compiles its patterns: too slow to do per run).
		const requests = (Object.keys(weights) as Focus[])
			.filter((focus) => weights[focus] > 0)
			.map((focus) => ({
				weight: weights[focus],
				arbitrary: fc
					.tuple(
						pathArbitrary(op, focus !== 'path' && focus !== 'all'),
						queryArbitrary(op, focus !== 'query' && focus !== 'all'),
						body(focus),
						key(focus)
					)
					.map(([path, query, b, idempotencyKey]): FuzzRequest => {
						const headers: Record<string, string> = { ...auth, accept: 'application/json' };
						if (b.contentType !== undefined) headers['content-type'] = b.contentType;
						if (idempotencyKey !== null) headers['idempotency-key'] = idempotencyKey;
						return { path: path + query, headers, body: b.body, chunked: b.chunked };
					})
			}));
		return fc.oneof(...requests);
	}

	/** Sends one request and checks the answer and the tables; returns a failure's description, or null. */
	async function probe(op: Operation, req: FuzzRequest): Promise<string | null> {
		const mark = server.log.length;
		const res = await server.raw(op.method, req.path, {
			headers: req.headers,
			body: req.body,
			chunked: req.chunked
		});
		count(`${op.method} ${op.path}`, res.status);
		// A request refused before its body is read (over the limit, a bad path, a URL over Node's 16 KB header
		// limit) is answered and closed on: a client still sending megabytes sees the connection reset instead of
		// the answer. The tables are checked all the same.
		const large = (req.body?.length ?? 0) > 1_000_000 || req.path.length > 16_000;
		if (res.status === 0) {
			const health = await fetch(`${server.base}/api/health`).then(
				(r) => `health ${r.status}`,
				(err: Error) => `health unreachable: ${String(err.cause ?? err)}`
			);
			if (!large || health !== 'health 200')
				return `the connection closed without an answer (${res.text}; ${health}; ${serverErrors(mark).join('\n')})`;
		}
		if (res.status >= 500) return `answered ${res.status}: ${excerpt(res.text)}`;
		if (res.status >= 400) {
			const error = res.body?.error;
			if (typeof error?.code !== 'string' || typeof error?.message !== 'string' || !error.message)
				return `answered ${res.status} without the API's error shape: ${excerpt(res.text)}`;
			if (error.code === 'internal') return `answered ${res.status} with code internal`;
		}
		const applied = res.status >= 200 && res.status < 300 && op.method !== 'GET';
		if (!applied) {
			const after = await digest();
			const moved = changed(baseline, after);
			if (moved.length)
				return `answered ${res.status} (${excerpt(res.text, 200)}) but changed ${moved.join(', ')}`;
		} else baseline = await digest();
		const errors = serverErrors(mark);
		if (errors.length)
			return `the server logged an error (answer ${res.status}): ${excerpt(errors.join('\n'), 1000)}`;
		return null;
	}

	it(
		'answers every generated request below 500, refusals in the error shape, and a refusal changes nothing',
		async () => {
			const only = new RegExp(process.env.GOLIVE_FUZZ_ONLY ?? '');
			const ops = operations().filter((op) => only.test(`${op.method} ${op.path}`));
			if (!process.env.GOLIVE_FUZZ_ONLY) expect(ops.length).toBeGreaterThanOrEqual(20);
			for (const op of ops) {
				// Each operation's own sequence, the same whichever others run (GOLIVE_FUZZ_ONLY).
				const seed = (SEED ^ hash(`${op.method} ${op.path}`)) | 0;
				const started = Date.now();
				await fuzz(requestArbitrary(op), seed, RUNS, async (req) => {
					const failure = await probe(op, req);
					if (failure)
						throw new Error(
							`${op.method} ${excerpt(req.path, 200)} with ${excerpt(req.headers['content-type'])} ` +
								`body ${excerpt(req.body)}: ${failure}`
						);
				});
				timings.set(`${op.method} ${op.path}`, Date.now() - started);
			}
			// The fuzz got past the gates too: some requests were valid and applied.
			const statuses = [...tally.values()].flatMap((byStatus) => [...byStatus.keys()]);
			if (!process.env.GOLIVE_FUZZ_ONLY) expect(statuses.some((s) => s >= 200 && s < 300)).toBe(true);
			expect(statuses.some((s) => s === 400)).toBe(true);
		},
		Math.max(300_000, RUNS * 30 * 400)
	);

	describe('socket commands', () => {
		const sockets: Socket[] = [];
		afterAll(() => sockets.forEach((s) => s.close()));

		async function connect(): Promise<Socket> {
			const socket = connectClient(server.base, {
				transports: ['websocket'],
				reconnection: false,
				forceNew: true,
				auth: { token }
			});
			sockets.push(socket);
			await new Promise<void>((resolve, reject) => {
				socket.once('connect', () => resolve());
				socket.once('connect_error', reject);
			});
			return socket;
		}

		/** Answers by command and outcome, printed at the end. */
		const outcomes = new Map<string, number>();
		const countCommand = (name: string, outcome: string) =>
			outcomes.set(`${name} → ${outcome}`, (outcomes.get(`${name} → ${outcome}`) ?? 0) + 1);
		afterAll(() => {
			if (outcomes.size)
				console.log(
					`socket commands (seed ${SEED}):\n${[...outcomes]
						.sort()
						.map(([k, n]) => `  ${k}: ${n}`)
						.join('\n')}`
				);
		});

		/**
		 * Sends a command as raw socket.io text (so nesting no client would encode still goes out) with ack id `id`,
		 * and waits for that ack, or for the server to drop the connection. With `binary`, the payload travels with
		 * a binary attachment, which the server's parser puts back into place by walking the whole payload.
		 */
		function rawCommand(
			socket: Socket,
			id: number,
			event: string,
			payload: string,
			waitMs: number,
			binary = false
		) {
			const engine = socket.io.engine;
			return new Promise<{ ack?: unknown; closed?: string }>((resolve) => {
				const timer = setTimeout(() => finish({ closed: 'no ack' }), waitMs);
				const onMessage = (data: unknown) => {
					// An ack is `3<id>[...]`, or `6<attachments>-<id>[...]` when it carries bytes (a gzipped snapshot).
					const ack = /^(?:3|6\d+-)(\d+)(\[.*)$/s.exec(String(data));
					if (ack && Number(ack[1]) === id) finish({ ack: JSON.parse(ack[2])[0] });
				};
				const onClose = (reason: string) => finish({ closed: reason });
				function finish(result: { ack?: unknown; closed?: string }) {
					clearTimeout(timer);
					engine.off('message', onMessage);
					engine.off('close', onClose);
					resolve(result);
				}
				engine.on('message', onMessage);
				engine.on('close', onClose);
				if (binary) {
					engine.write(`51-${id}[${JSON.stringify(event)},[${payload},{"_placeholder":true,"num":0}]]`);
					engine.write(Buffer.from('attachment'));
				} else engine.write(`2${id}[${JSON.stringify(event)},${payload}]`);
			});
		}

		it(
			'answers every generated command without code internal, stays up, and a refusal changes nothing',
			async () => {
				const commands = doc['x-socket-io'].clientToServer;
				expect(Object.keys(commands).sort()).toEqual(['cutover:join', 'cutover:leave', 'task:transition']);
				let socket = await connect();
				let ackId = 1_000;
				// Near-valid payloads often (to reach the services' rules), hostile ones as often, now and then one over
				// the socket's 100 KB message limit, and events nobody handles.
				const payload = (schema: JsonSchema) =>
					fc.oneof(
						{ weight: 10, arbitrary: socketFuzzer.valid(schema, '', true) },
						{ weight: 10, arbitrary: socketFuzzer.body(schema) },
						{
							weight: 1,
							arbitrary: fc.constant(new RawJson(`{"slug":"fuzz","key":"${'x'.repeat(120_000)}"}`))
						}
					);
				const command = fc.oneof(
					...Object.entries(commands).map(([name, { payload: schema }]) => ({
						weight: 3,
						arbitrary: fc.tuple(fc.constant(name), payload(schema))
					})),
					{
						weight: 1,
						arbitrary: fc.tuple(
							fc.constantFrom('unknown:command', '__proto__', 'cutover:join ', 'constructor'),
							fuzzer.body({ type: 'object' })
						)
					}
				);
				// Most commands with an ack; some without (answered on command:error), some with a binary attachment.
				const mode = fc.constantFrom('ack', 'ack', 'ack', 'noAck', 'binary');
				const seed = (SEED + 104_729) | 0;
				await fuzz(fc.tuple(command, mode), seed, RUNS * 8, async ([[name, value], how]) => {
					const text = jsonText(value);
					const mark = server.log.length;
					let failure: string | null = null;
					let ok = false;
					const known = Object.hasOwn(commands, name);
					// Over the server's message limit (maxHttpBufferSize, 100 KB in bytes), the connection may end.
					const tooBig = Buffer.byteLength(text) > 100_000;
					if (!known) {
						// No handler, so no answer: the server must stay up and keep answering this socket.
						socket.io.engine.write(`2${ackId++}[${JSON.stringify(name)},${text}]`);
						const pong = await socket
							.timeout(10_000)
							.emitWithAck('cutover:leave', { slug: 'fuzz' })
							.catch((err: Error) => ({ ok: false, error: err.message }));
						if (pong?.ok === true) countCommand(name, 'no handler');
						else if (tooBig && !socket.connected) {
							countCommand(name, 'too big: disconnected');
							socket = await connect();
						} else failure = `after an unknown event, no answer: ${excerpt(JSON.stringify(pong))}`;
					} else if (how === 'noAck' && depth(text) < 500 && text.length < 50_000) {
						// No ack: the server answers on command:error instead.
						const answer = new Promise<{ error?: { code?: string } } | null>((resolve) => {
							const timer = setTimeout(() => {
								socket.off('command:error', heard);
								resolve(null);
							}, 10_000);
							function heard(payload: { error?: { code?: string } }) {
								clearTimeout(timer);
								resolve(payload);
							}
							socket.once('command:error', heard);
						});
						socket.emit(name as 'cutover:leave', JSON.parse(text));
						const err = await answer;
						if (!err) failure = 'no command:error for a command without an ack';
						else if (err.error?.code === 'internal') failure = 'command:error with code internal';
						countCommand(name, `no ack: ${err?.error?.code}`);
					} else {
						const binary = how === 'binary';
						const { ack, closed } = await rawCommand(socket, ackId++, name, text, 10_000, binary);
						if (closed) {
							// Only a message over the socket's size limit may end the connection, or an attachment in
							// a payload nested deeper than the parser walks (it refuses that packet and disconnects).
							const tooDeep = binary && depth(text) >= 1_000;
							if (!tooBig && !tooDeep) failure = `no ack (${closed})`;
							socket = await connect();
							countCommand(name, tooBig ? 'too big: disconnected' : 'too deep: disconnected');
						} else {
							const a = ack as { ok?: boolean; error?: { code?: string; message?: string } };
							ok = a?.ok === true;
							if (!ok && (typeof a?.error?.code !== 'string' || typeof a.error.message !== 'string'))
								failure = `an ack without the error shape: ${excerpt(JSON.stringify(ack))}`;
							else if (!ok && a.error?.code === 'internal') failure = 'an ack with code internal';
							countCommand(name, `${binary ? 'binary: ' : ''}${ok ? 'ok' : String(a?.error?.code)}`);
						}
					}
					if (!failure) {
						if (ok && name === 'task:transition') baseline = await digest();
						else {
							const moved = changed(baseline, await digest());
							if (moved.length)
								failure = `${ok ? 'an accepted read' : 'a refused command'} changed ${moved.join(', ')}`;
						}
					}
					const errors = serverErrors(mark);
					if (!failure && errors.length)
						failure = `the server logged an error: ${excerpt(errors.join('\n'), 1000)}`;
					if (failure) throw new Error(`${name} ${excerpt(text)}: ${failure}`);
				});
				expect((await fetch(`${server.base}/api/health`)).status).toBe(200);
				expect(server.process.exitCode).toBeNull();
			},
			Math.max(300_000, RUNS * 8 * 1_000)
		);
	});

	it('is still up and answering after all of it, and logged no error in the background either', async () => {
		expect(server.process.exitCode).toBeNull();
		const res = await server.call('GET', '/api/v1/cutovers/fuzz', token);
		expect(res.status).toBe(200);
		// The forecasts and progress events that the last changes set off have had time to run.
		await new Promise((r) => setTimeout(r, 1_500));
		expect(serverErrors(fuzzStart)).toEqual([]);
		expect((await digest()).get('invariant: every log dense, ending at last_seq')).toBe('0');
	});
});
