/**
 * The authorization matrix, generated from the OpenAPI document and the one roles table: every mutating operation
 * of the document (each declares who may call it in `x-golive-access`) and every socket command, for every role
 * signed in and with a token, with no credentials, and with a token scoped to another cutover; over HTTP and over
 * the socket, and again after a demotion and a revoke on open sockets. Allowed callers get a 2xx, the others a 401
 * or 403 that changes nothing. On the production build and PostgreSQL (the CLI runs beside the server).
 */
import postgres from 'postgres';
import { io as connectClient, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, postgresReachable } from '../../src/lib/server/db/test-db';
import { QUIET_EVENTS, type EventType } from '../../src/lib/shared/events';
import { ROLES, can, mayRead, readOnly, type Permission, type Role } from '../../src/lib/shared/roles';
import { TestServer, type Answer } from './harness';

const PASSWORD = 'matrix password 1';
const HOUR = 3_600_000;
const MAIN = 'main';
const OTHER = 'other';
const C = `/api/v1/cutovers/${MAIN}`;

interface Access {
	permission: Permission;
	owner?: Permission;
	named?: 'voter' | 'chair' | 'mim';
	sessionOnly?: boolean;
}

interface Principal {
	label: string;
	kind: 'session' | 'token' | 'scoped' | 'none';
	role: Role | null;
	/** A session cookie or a token. */
	auth?: string;
	username?: string;
}

/** One call of the matrix. */
interface Call {
	method: string;
	path: string;
	body?: unknown;
	/** The body's media type when it is a file, not JSON. */
	contentType?: string;
}

const usernameOf = (role: Role) => `as-${role}`;

let server: TestServer;
let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
let setup = '';
const principals: Principal[] = [];
let counter = 0;
const next = () => ++counter;

async function ok(answer: Promise<Answer>): Promise<Answer> {
	const a = await answer;
	if (a.status >= 300) throw new Error(`setup call failed: ${a.status} ${a.text}`);
	return a;
}

const task = (key: string, owner: string) => ({
	key,
	title: key,
	phase: 'Matrix',
	owner,
	durationMinutes: 10
});

async function newTask(owner: string): Promise<string> {
	const key = `T${next()}`;
	await ok(server.call('POST', `${C}/tasks`, setup, task(key, owner)));
	return key;
}

async function newStream(): Promise<string> {
	const key = `s${next()}`;
	await ok(
		server.call('POST', `${C}/transfers`, setup, {
			key,
			name: key,
			unit: 'rows',
			total: 1000,
			plannedMinutes: 60
		})
	);
	return key;
}

async function newMetric(): Promise<string> {
	const key = `m${next()}`;
	await ok(server.call('POST', `${C}/metrics`, setup, { key, name: key }));
	return key;
}

/** Nothing listens on the discard port: a webhook there fails at once, quietly. */
const NOWHERE = 'http://127.0.0.1:9/hook';

async function newWebhook(): Promise<string> {
	return (await ok(server.call('POST', `${C}/webhooks`, setup, { url: NOWHERE, events: ['webhook.none'] })))
		.body.id;
}

/** A source that refuses at once (the discard port): a pull of it ends quickly, down. */
async function newSource(): Promise<string> {
	const key = `s${next()}`;
	await ok(
		server.call('POST', `${C}/metric-sources`, setup, {
			key,
			kind: 'scrape',
			url: 'http://127.0.0.1:9/metrics'
		})
	);
	return key;
}

const OPENING_PLAN = {
	stages: Array.from({ length: 20 }, (_, i) => ({ key: `s${i + 1}`, name: `Stage ${i + 1}` })),
	parts: [{ key: 'market', name: 'Expert marketplace' }]
};

/**
 * The main cutover's opening in a state where `act` is allowed (held before a resume, a stage open before a step
 * back, room for one more stage before an advance...), set up as an admin.
 */
async function openingFor(act: 'advance' | 'step-back' | 'hold' | 'resume' | 'restrict' | 'lift') {
	const get = async () => (await server.call('GET', `${C}/opening`, setup)).body;
	let opening = await get();
	if (!opening?.stages) {
		await ok(server.call('PUT', `${C}/opening/plan`, setup, OPENING_PLAN));
		opening = await get();
	}
	const run = (path: string, body: object = {}) =>
		ok(server.call('POST', `${C}/opening/${path}`, setup, { note: 'Setting up', ...body }));
	const held = opening.held !== null;
	const restricted = opening.restrictions.length > 0;
	if (act === 'resume' ? !held : held) await run(held ? 'resume' : 'hold');
	if (act === 'lift' ? !restricted : restricted && act === 'restrict')
		await run(restricted ? 'lift' : 'restrict', { part: 'market' });
	if (act === 'step-back' && opening.reached === 0) await run('advance');
	if (act === 'advance' && opening.reached >= OPENING_PLAN.stages.length) await run('step-back');
}

const openingAct =
	(act: Parameters<typeof openingFor>[0], body: object = {}) =>
	async () => {
		await openingFor(act);
		return { method: 'POST', path: `${C}/opening/${act}`, body: { note: 'By the matrix', ...body } };
	};

async function newService(): Promise<string> {
	const key = `svc${next()}`;
	await ok(server.call('POST', `${C}/services`, setup, { key, name: key }));
	return key;
}

/** The Major Incident Manager of the matrix's incidents: a steering member, who may run them as themselves. */
const MIM = usernameOf('steering');

/** A fresh P2 with its MIM (affecting a fresh service when asked): its reference. */
async function newIncident(affecting = false): Promise<string> {
	const affected = affecting ? [{ service: await newService(), impact: 'major_outage' }] : [];
	return (
		await ok(
			server.call('POST', `${C}/incidents`, setup, { title: 'Matrix', severity: 'P2', mim: MIM, affected })
		)
	).body.ref;
}

const NOTICE_TEXTS = {
	fi: { title: 'Tiedote', body: 'Palvelu on käytettävissä.' },
	sv: { title: 'Meddelande', body: 'Tjänsten är tillgänglig.' }
};

/**
 * A fresh notice made by the setup token: a draft (of a cutover asking for no second approval, or asking for one:
 * `submittable`), one awaiting approval, or published. Its reference.
 */
async function newNotice(state: 'draft' | 'submittable' | 'awaiting' | 'published'): Promise<string> {
	const secondApproval = state === 'submittable' || state === 'awaiting';
	await ok(server.call('PUT', `${C}/notice-settings`, setup, { secondApproval }));
	const ref = (await ok(server.call('POST', `${C}/notices`, setup, { kind: 'info', texts: NOTICE_TEXTS })))
		.body.ref;
	if (state === 'awaiting') await ok(server.call('POST', `${C}/notices/${ref}/submit`, setup, {}));
	if (state === 'published') await ok(server.call('POST', `${C}/notices/${ref}/publish`, setup, {}));
	return ref;
}

/** A supplier contact of an incident, whom the matrix asks for a report. */
const SUPPLIER = { name: 'Sanna Supplier', organisation: 'Supplier Oy', email: 'sanna@supplier.example' };

const VOTERS = ROLES.filter((r) => can(r, 'decision.vote')).map(usernameOf);
const CHAIR = usernameOf('steering');

async function newDecision(criterionOwner = 'nobody'): Promise<{ key: string; criterion: string }> {
	const key = `D${next()}`;
	const opened = await ok(
		server.call('POST', `${C}/decisions`, setup, {
			key,
			title: key,
			voters: VOTERS,
			mandatoryVoters: [],
			chair: CHAIR,
			quorum: 1,
			criteria: [{ title: 'Evidence', owner: criterionOwner }]
		})
	);
	return { key, criterion: opened.body.criteria[0].id };
}

/** The matrix's programme: its template ("go", then the testers' sign-off), made once by the setup token. */
const P = '/api/v1/programmes/matrix-programme';
const TESTER = { name: 'Tove Tester', email: 'tove@example.org' };
const PROGRAMME_STEPS = [
	{ key: 'go', title: 'Go', phase: 'Move', durationMinutes: 10, owner: '@contact', kind: 'work' },
	{
		key: 'signoff',
		title: 'Sign-off',
		phase: 'Check',
		durationMinutes: 10,
		owner: '@tester',
		kind: 'signoff'
	}
];
let programmeMade: Promise<unknown> | undefined;
const programme = () =>
	(programmeMade ??= (async () => {
		await ok(
			server.call('POST', '/api/v1/programmes', setup, {
				slug: 'matrix-programme',
				name: 'Matrix programme',
				timezone: 'UTC',
				windowStart: new Date(Date.now() - 24 * HOUR).toISOString(),
				windowEnd: new Date(Date.now() + 365 * 24 * HOUR).toISOString()
			})
		);
		await ok(server.call('PUT', `${P}/templates/vm`, setup, { name: 'VM', steps: PROGRAMME_STEPS }));
	})());

const programmeSystem = (key: string) => ({
	key,
	name: key,
	agency: 'Matrix agency',
	environment: 'test',
	vmCount: 1,
	criticality: 'low',
	contactName: 'Kari Contact',
	contactEmail: 'kari@example.org',
	testers: [TESTER],
	templateKey: 'vm'
});

/** A fresh system of the matrix's programme: in no wave, in a fresh wave, or moved (its work done). */
async function newSystem(state: 'unplanned' | 'planned' | 'moved' = 'unplanned') {
	await programme();
	const key = `S${next()}`;
	await ok(server.call('PUT', `${P}/systems`, setup, { systems: [programmeSystem(key)] }));
	const wave = `matrix-wave-${next()}`;
	if (state !== 'unplanned')
		await ok(
			server.call('POST', `${P}/waves`, setup, {
				slug: wave,
				name: wave,
				windowStart: new Date(Date.now() - HOUR).toISOString(),
				windowEnd: new Date(Date.now() + HOUR).toISOString(),
				systems: [{ key }]
			})
		);
	if (state === 'moved')
		for (const to of ['in_progress', 'done'])
			await ok(server.call('POST', `/api/v1/cutovers/${wave}/tasks/${key}.go/transition`, setup, { to }));
	return { key, wave };
}

/**
 * How to make each mutating operation of the document valid for one caller, on fresh records (so an allowed
 * caller gets a 2xx, not a conflict). `own`: the record is the caller's (its task or criterion owner).
 */
const FIXTURES: Record<string, (p: Principal, own: boolean) => Promise<Call>> = {
	'POST /api/v1/programmes': async () => ({
		method: 'POST',
		path: '/api/v1/programmes',
		body: {
			slug: `programme-${next()}`,
			name: 'Made',
			timezone: 'UTC',
			windowStart: '2030-01-01T00:00:00Z',
			windowEnd: '2031-01-01T00:00:00Z'
		}
	}),
	'PUT /api/v1/programmes/{slug}/systems': async () => {
		await programme();
		return { method: 'PUT', path: `${P}/systems`, body: { systems: [programmeSystem(`S${next()}`)] } };
	},
	'POST /api/v1/programmes/{slug}/inventory': async () => {
		await programme();
		return {
			method: 'POST',
			path: `${P}/inventory`,
			contentType: 'text/csv',
			body: `key,name,agency,environment,vms,criticality,contactName,contactEmail\nF${next()},Filed,Agency,test,1,low,Kari,kari@example.org\n`
		};
	},
	'PATCH /api/v1/programmes/{slug}/systems/{key}': async () => ({
		method: 'PATCH',
		path: `${P}/systems/${(await newSystem()).key}`,
		body: { name: `Renamed ${next()}` }
	}),
	'PUT /api/v1/programmes/{slug}/settings': async () => {
		await programme();
		// A value of its own each time, so an allowed call changes something.
		return { method: 'PUT', path: `${P}/settings`, body: { announceDaysAhead: 1 + (next() % 90) } };
	},
	'PUT /api/v1/programmes/{slug}/systems/{key}/window': async () => {
		const start = Date.UTC(2030, 0, 1) + next() * 60_000;
		return {
			method: 'PUT',
			path: `${P}/systems/${(await newSystem('planned')).key}/window`,
			body: {
				windowStart: new Date(start).toISOString(),
				windowEnd: new Date(start + 3_600_000).toISOString()
			}
		};
	},
	'POST /api/v1/programmes/{slug}/snapshots': async () => {
		await programme();
		return { method: 'POST', path: `${P}/snapshots` };
	},
	'POST /api/v1/cutovers/{slug}/rehearsals': async () => {
		const slug = `matrix-rehearsal-${next()}`;
		return {
			method: 'POST',
			path: `${C}/rehearsals`,
			body: { slug, name: slug, windowStart: '2030-01-01T00:00:00Z', windowEnd: '2030-01-02T00:00:00Z' }
		};
	},
	'POST /api/v1/cutovers/{slug}/rehearsal-figures': async () => {
		// Each rehearsal's figures are recorded once: every call gets a rehearsal of its own.
		const slug = `matrix-rehearsed-${next()}`;
		await ok(
			server.call('POST', `${C}/rehearsals`, setup, {
				slug,
				name: slug,
				windowStart: '2030-01-01T00:00:00Z',
				windowEnd: '2030-01-02T00:00:00Z'
			})
		);
		return { method: 'POST', path: `/api/v1/cutovers/${slug}/rehearsal-figures`, body: {} };
	},
	'PUT /api/v1/programmes/{slug}/templates/{key}': async () => {
		await programme();
		return { method: 'PUT', path: `${P}/templates/t${next()}`, body: { name: 'T', steps: PROGRAMME_STEPS } };
	},
	'POST /api/v1/programmes/{slug}/waves': async () => {
		const { key } = await newSystem();
		const slug = `matrix-wave-${next()}`;
		return {
			method: 'POST',
			path: `${P}/waves`,
			body: {
				slug,
				name: slug,
				windowStart: '2030-01-01T00:00:00Z',
				windowEnd: '2030-01-02T00:00:00Z',
				systems: [{ key }]
			}
		};
	},
	'POST /api/v1/programmes/{slug}/waves/{wave}/reapply': async () => ({
		method: 'POST',
		path: `${P}/waves/${(await newSystem('planned')).wave}/reapply`
	}),
	'POST /api/v1/programmes/{slug}/systems/{key}/signoff-links': async () => ({
		method: 'POST',
		path: `${P}/systems/${(await newSystem()).key}/signoff-links`,
		body: { testerEmail: TESTER.email }
	}),
	'POST /api/v1/programmes/{slug}/systems/{key}/signoffs': async () => ({
		method: 'POST',
		path: `${P}/systems/${(await newSystem('moved')).key}/signoffs`,
		body: { testerEmail: TESTER.email, verdict: 'works' }
	}),
	'POST /api/v1/cutovers': async () => ({
		method: 'POST',
		path: '/api/v1/cutovers',
		body: {
			slug: `made-${next()}`,
			name: 'Made',
			timezone: 'UTC',
			windowStart: '2030-01-01T00:00:00Z',
			windowEnd: '2030-01-02T00:00:00Z'
		}
	}),
	'PATCH /api/v1/cutovers/{slug}': async () => ({
		method: 'PATCH',
		path: C,
		body: { name: `Main ${next()}` }
	}),
	'POST /api/v1/cutovers/{slug}/tasks': async () => ({
		method: 'POST',
		path: `${C}/tasks`,
		body: task(`N${next()}`, 'nobody')
	}),
	'PATCH /api/v1/cutovers/{slug}/tasks/{key}': async () => ({
		method: 'PATCH',
		path: `${C}/tasks/${await newTask('nobody')}`,
		body: { title: 'Renamed' }
	}),
	'POST /api/v1/cutovers/{slug}/tasks/{key}/transition': async (p, own) => ({
		method: 'POST',
		path: `${C}/tasks/${await newTask(own && p.username ? p.username : 'nobody')}/transition`,
		body: { to: 'in_progress' }
	}),
	'PUT /api/v1/cutovers/{slug}/runbook': async () => ({
		method: 'PUT',
		path: `${C}/runbook`,
		// Replacing the runbook is refused once a task has moved: it is tried on the main cutover only for a
		// refusal's sake; allowed callers replace a fresh cutover's runbook instead (see `target` below).
		body: { phases: ['Matrix'], tasks: [task('ONLY', 'nobody')] }
	}),
	'POST /api/v1/cutovers/{slug}/transfers': async () => ({
		method: 'POST',
		path: `${C}/transfers`,
		body: { key: `n${next()}`, name: 'New', unit: 'rows', total: 10, plannedMinutes: 5 }
	}),
	'PATCH /api/v1/cutovers/{slug}/transfers/{key}': async () => ({
		method: 'PATCH',
		path: `${C}/transfers/${await newStream()}`,
		body: { name: 'Renamed' }
	}),
	'POST /api/v1/cutovers/{slug}/transfers/{key}/progress': async () => ({
		method: 'POST',
		path: `${C}/transfers/${await newStream()}/progress`,
		body: { done: 1 }
	}),
	'POST /api/v1/cutovers/{slug}/metrics': async () => ({
		method: 'POST',
		path: `${C}/metrics`,
		body: { key: `n${next()}`, name: 'New' }
	}),
	'PATCH /api/v1/cutovers/{slug}/metrics/{key}': async () => ({
		method: 'PATCH',
		path: `${C}/metrics/${await newMetric()}`,
		body: { name: 'Renamed' }
	}),
	'DELETE /api/v1/cutovers/{slug}/metrics/{key}': async () => ({
		method: 'DELETE',
		path: `${C}/metrics/${await newMetric()}`
	}),
	'POST /api/v1/cutovers/{slug}/metrics/samples': async () => ({
		method: 'POST',
		path: `${C}/metrics/samples`,
		body: { samples: [{ metric: await newMetric(), at: Date.now(), value: 1 }] }
	}),
	'POST /api/v1/cutovers/{slug}/webhooks': async () => ({
		method: 'POST',
		path: `${C}/webhooks`,
		body: { url: NOWHERE, events: ['webhook.none'] }
	}),
	'PATCH /api/v1/cutovers/{slug}/webhooks/{id}': async () => ({
		method: 'PATCH',
		path: `${C}/webhooks/${await newWebhook()}`,
		body: { description: 'Renamed' }
	}),
	'DELETE /api/v1/cutovers/{slug}/webhooks/{id}': async () => ({
		method: 'DELETE',
		path: `${C}/webhooks/${await newWebhook()}`
	}),
	'POST /api/v1/cutovers/{slug}/webhooks/{id}/test': async () => ({
		method: 'POST',
		path: `${C}/webhooks/${await newWebhook()}/test`
	}),
	'PUT /api/v1/cutovers/{slug}/opening/plan': async () => ({
		method: 'PUT',
		path: `${C}/opening/plan`,
		body: OPENING_PLAN
	}),
	'POST /api/v1/cutovers/{slug}/opening/advance': openingAct('advance'),
	'POST /api/v1/cutovers/{slug}/opening/step-back': openingAct('step-back'),
	'POST /api/v1/cutovers/{slug}/opening/hold': openingAct('hold'),
	'POST /api/v1/cutovers/{slug}/opening/resume': openingAct('resume'),
	'POST /api/v1/cutovers/{slug}/opening/restrict': openingAct('restrict', { part: 'market' }),
	'POST /api/v1/cutovers/{slug}/opening/lift': openingAct('lift', { part: 'market' }),
	'POST /api/v1/cutovers/{slug}/metric-sources': async () => ({
		method: 'POST',
		path: `${C}/metric-sources`,
		body: { key: `n${next()}`, kind: 'promql', url: 'http://127.0.0.1:9' }
	}),
	'PATCH /api/v1/cutovers/{slug}/metric-sources/{key}': async () => ({
		method: 'PATCH',
		path: `${C}/metric-sources/${await newSource()}`,
		body: { intervalSeconds: 30 }
	}),
	'DELETE /api/v1/cutovers/{slug}/metric-sources/{key}': async () => ({
		method: 'DELETE',
		path: `${C}/metric-sources/${await newSource()}`
	}),
	'POST /api/v1/cutovers/{slug}/metric-sources/{key}/pull': async () => ({
		method: 'POST',
		path: `${C}/metric-sources/${await newSource()}/pull`
	}),
	'POST /api/v1/cutovers/{slug}/decisions': async () => ({
		method: 'POST',
		path: `${C}/decisions`,
		body: {
			key: `O${next()}`,
			title: 'Opened',
			voters: VOTERS,
			mandatoryVoters: [],
			chair: CHAIR,
			quorum: 1,
			criteria: [{ title: 'Evidence', owner: 'nobody' }]
		}
	}),
	'PATCH /api/v1/cutovers/{slug}/decisions/{key}/criteria/{id}': async (p, own) => {
		const { key, criterion } = await newDecision(own && p.username ? p.username : 'nobody');
		return { method: 'PATCH', path: `${C}/decisions/${key}/criteria/${criterion}`, body: { state: 'met' } };
	},
	'POST /api/v1/cutovers/{slug}/decisions/{key}/votes': async () => ({
		method: 'POST',
		path: `${C}/decisions/${(await newDecision()).key}/votes`,
		body: { vote: 'go' }
	}),
	'POST /api/v1/cutovers/{slug}/services': async () => ({
		method: 'POST',
		path: `${C}/services`,
		body: { key: `n${next()}`, name: 'New' }
	}),
	'PATCH /api/v1/cutovers/{slug}/services/{key}': async () => ({
		method: 'PATCH',
		path: `${C}/services/${await newService()}`,
		body: { name: 'Renamed' }
	}),
	'DELETE /api/v1/cutovers/{slug}/services/{key}': async () => ({
		method: 'DELETE',
		path: `${C}/services/${await newService()}`
	}),
	'POST /api/v1/cutovers/{slug}/services/{key}/status': async () => ({
		method: 'POST',
		path: `${C}/services/${await newService()}/status`,
		body: { status: 'degraded_performance', note: 'By the matrix' }
	}),
	'POST /api/v1/cutovers/{slug}/services/{key}/restrict': async () => ({
		method: 'POST',
		path: `${C}/services/${await newService()}/restrict`,
		body: { reason: 'By the matrix' }
	}),
	'POST /api/v1/cutovers/{slug}/services/{key}/lift': async () => {
		const key = await newService();
		await ok(server.call('POST', `${C}/services/${key}/restrict`, setup, { reason: 'Setting up' }));
		return { method: 'POST', path: `${C}/services/${key}/lift`, body: {} };
	},
	'POST /api/v1/cutovers/{slug}/incidents': async () => ({
		method: 'POST',
		path: `${C}/incidents`,
		body: { title: 'By the matrix', severity: 'P3' }
	}),
	'POST /api/v1/cutovers/{slug}/incidents/{ref}/status': async () => ({
		method: 'POST',
		path: `${C}/incidents/${await newIncident()}/status`,
		body: { status: 'identified' }
	}),
	'POST /api/v1/cutovers/{slug}/incidents/{ref}/severity': async () => ({
		method: 'POST',
		path: `${C}/incidents/${await newIncident()}/severity`,
		body: { severity: 'P3' }
	}),
	'PUT /api/v1/cutovers/{slug}/incidents/{ref}/roles': async () => ({
		method: 'PUT',
		path: `${C}/incidents/${await newIncident()}/roles`,
		body: { scribe: usernameOf('comms') }
	}),
	'PUT /api/v1/cutovers/{slug}/incidents/{ref}/services': async () => ({
		method: 'PUT',
		path: `${C}/incidents/${await newIncident()}/services`,
		body: { affected: [{ service: await newService(), impact: 'partial_outage' }] }
	}),
	'PUT /api/v1/cutovers/{slug}/incidents/{ref}/priorities': async () => {
		const ref = await newIncident(true);
		const incident = (await ok(server.call('GET', `${C}/incidents/${ref}`, setup))).body;
		return {
			method: 'PUT',
			path: `${C}/incidents/${ref}/priorities`,
			body: { priorities: [incident.affected[0].service] }
		};
	},
	'POST /api/v1/cutovers/{slug}/incidents/{ref}/notes': async () => ({
		method: 'POST',
		path: `${C}/incidents/${await newIncident()}/notes`,
		body: { text: 'By the matrix' }
	}),
	'POST /api/v1/cutovers/{slug}/incidents/{ref}/report-requests': async () => {
		const ref = (
			await ok(
				server.call('POST', `${C}/incidents`, setup, {
					title: 'Matrix',
					severity: 'P2',
					mim: MIM,
					suppliers: [SUPPLIER]
				})
			)
		).body.ref;
		return { method: 'POST', path: `${C}/incidents/${ref}/report-requests`, body: { email: SUPPLIER.email } };
	},
	'POST /api/v1/cutovers/{slug}/incidents/{ref}/rca': async () => ({
		method: 'POST',
		path: `${C}/incidents/${await newIncident()}/rca`,
		body: { cause: 'Cause', contributing: 'Factors', wentWell: 'Well', wentBadly: 'Badly' }
	}),
	'POST /api/v1/cutovers/{slug}/decisions/{key}/outcomes': async () => ({
		method: 'POST',
		path: `${C}/decisions/${(await newDecision()).key}/outcomes`,
		body: { kind: 'no_go', rationale: 'Not ready yet' }
	}),
	'POST /api/v1/cutovers/{slug}/notices': async () => ({
		method: 'POST',
		path: `${C}/notices`,
		body: { kind: 'info', texts: NOTICE_TEXTS }
	}),
	'PATCH /api/v1/cutovers/{slug}/notices/{ref}': async () => ({
		method: 'PATCH',
		path: `${C}/notices/${await newNotice('draft')}`,
		body: { texts: NOTICE_TEXTS }
	}),
	'POST /api/v1/cutovers/{slug}/notices/{ref}/submit': async () => ({
		method: 'POST',
		path: `${C}/notices/${await newNotice('submittable')}/submit`,
		body: {}
	}),
	// Made by the setup token: any caller allowed to approve is another person.
	'POST /api/v1/cutovers/{slug}/notices/{ref}/approve': async () => ({
		method: 'POST',
		path: `${C}/notices/${await newNotice('awaiting')}/approve`,
		body: {}
	}),
	'POST /api/v1/cutovers/{slug}/notices/{ref}/publish': async () => ({
		method: 'POST',
		path: `${C}/notices/${await newNotice('draft')}/publish`,
		body: {}
	}),
	'POST /api/v1/cutovers/{slug}/notices/{ref}/entries': async () => ({
		method: 'POST',
		path: `${C}/notices/${await newNotice('published')}/entries`,
		body: { kind: 'update', texts: NOTICE_TEXTS }
	}),
	'POST /api/v1/cutovers/{slug}/notices/{ref}/withdraw': async () => ({
		method: 'POST',
		path: `${C}/notices/${await newNotice('published')}/withdraw`,
		body: { reason: 'By the matrix' }
	}),
	'POST /api/v1/cutovers/{slug}/notices/from-incident/{incidentRef}': async () => ({
		method: 'POST',
		path: `${C}/notices/from-incident/${await newIncident(true)}`
	}),
	'POST /api/v1/cutovers/{slug}/notice-preview': async () => ({
		method: 'POST',
		path: `${C}/notice-preview`,
		body: { bodies: { fi: 'Katko **yöllä**.' } }
	}),
	'PUT /api/v1/cutovers/{slug}/notice-settings': async () => ({
		method: 'PUT',
		path: `${C}/notice-settings`,
		body: { requiredLanguages: ['fi', 'sv'] }
	}),
	// A webhook is disabled only after about 17.5 hours of failures: the record is written as the sender leaves it.
	'POST /api/v1/subscriptions/subscribers/{id}/enable': async () => {
		const sql = postgres(database.url, { max: 1, onnotice: () => {} });
		try {
			const [row] = await sql<{ id: string }[]>`insert into subscribers
				(channel, address, language, created_at, confirmed_at, disabled_at, disabled_reason)
				values ('webhook', ${`https://hooks.example.org/matrix-${next()}`}, 'en', now(), now(), now(), 'HTTP 500')
				returning id`;
			return { method: 'POST', path: `/api/v1/subscriptions/subscribers/${row.id}/enable` };
		} finally {
			await sql.end({ timeout: 5 });
		}
	}
};

/** What the roles table says about this principal and call. */
function allowed(access: Access, p: Principal, own: boolean): boolean {
	if (p.kind === 'none' || p.kind === 'scoped' || !p.role) return false;
	if (access.sessionOnly && p.kind !== 'session') return false;
	const role = p.role;
	if (access.named === 'voter') return can(role, access.permission) && VOTERS.includes(p.username ?? '');
	// The incident's named MIM runs it as themselves, signed in (the matrix names a steering member).
	if (access.named === 'mim')
		return can(role, access.permission) || (p.kind === 'session' && p.username === MIM && !readOnly(role));
	if (access.named === 'chair')
		return can(role, 'decision.record_any') || (can(role, access.permission) && p.username === CHAIR);
	if (can(role, access.permission)) return true;
	return !!access.owner && own && !!p.username && can(role, access.owner);
}

const expectedRefusal = (p: Principal) => (p.kind === 'none' ? 401 : 403);

async function lastSeq(slug = MAIN): Promise<number> {
	return (await ok(server.call('GET', `/api/v1/cutovers/${slug}`, setup))).body.lastSeq;
}

/** A metric source's change of state, written by the server's own puller after a source is defined. */
const PULLED_EVENTS: readonly EventType[] = ['metric_source.up', 'metric_source.down'];

/**
 * The events logged after `seq` that someone caused: the forecast, coalesced transfer progress and the state of a
 * metric source are written by the server on its own, after earlier changes, and say nothing about the call in
 * between.
 */
async function changesAfter(seq: number): Promise<string[]> {
	const events = (await ok(server.call('GET', `${C}/events?after=${seq}`, setup))).body.items as {
		type: EventType;
	}[];
	return events
		.map((e) => e.type)
		.filter((type) => !QUIET_EVENTS.includes(type) && !PULLED_EVENTS.includes(type));
}

async function cutoverCount(): Promise<number> {
	return (await ok(server.call('GET', '/api/v1/cutovers?limit=1000', setup))).body.items.length;
}

async function cli(args: string[]) {
	const run = await server.cli(args);
	if (run.code !== 0) throw new Error(`${args.join(' ')}: ${run.stderr}`);
	return run.stdout;
}

describe.runIf(postgresReachable())('the authorization matrix', () => {
	const operations: { key: string; access: Access | undefined }[] = [];

	beforeAll(async () => {
		database = await createPostgresDatabase();
		server = new TestServer('golive-authz-');
		server.env.DATABASE_URL = database.url;
		for (const role of ROLES)
			await cli([
				'user',
				'add',
				'--username',
				usernameOf(role),
				'--name',
				role,
				'--role',
				role,
				'--password',
				PASSWORD
			]);
		setup = await server.tokenFor('setup', 'admin');
		const tokens: Partial<Record<Role, string>> = {};
		for (const role of ROLES) tokens[role] = await server.tokenFor(`as ${role}`, role);
		await server.start();
		const now = Date.now();
		for (const slug of [MAIN, OTHER])
			await ok(
				server.call('POST', '/api/v1/cutovers', setup, {
					slug,
					name: slug,
					timezone: 'UTC',
					windowStart: new Date(now - HOUR).toISOString(),
					windowEnd: new Date(now + 8 * HOUR).toISOString()
				})
			);
		const scoped = JSON.parse(
			await cli(['token', 'create', '--name', 'scoped', '--role', 'operator', '--cutover', OTHER, '--json'])
		).token;
		for (const role of ROLES) {
			principals.push({
				label: `${role} signed in`,
				kind: 'session',
				role,
				username: usernameOf(role),
				auth: await server.sessionCookie(usernameOf(role), PASSWORD)
			});
			principals.push({ label: `${role} token`, kind: 'token', role, auth: tokens[role] });
		}
		principals.push({
			label: 'metrics token (samples only)',
			kind: 'token',
			role: 'metrics',
			auth: await server.tokenFor('monitoring', 'metrics')
		});
		principals.push({
			label: 'token scoped to another cutover',
			kind: 'scoped',
			role: 'operator',
			auth: scoped
		});
		principals.push({ label: 'no credentials', kind: 'none', role: null });

		const doc = (await ok(server.call('GET', '/api/v1/openapi.json'))).body;
		for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, unknown>>))
			for (const method of ['post', 'put', 'patch', 'delete'])
				// A public operation (a supplier's report, sent with its link's token) has no role to check: its own
				// suite refuses the token used twice, expired or for another incident.
				if (item[method] && (item[method] as { security?: unknown[] }).security?.length !== 0)
					operations.push({
						key: `${method.toUpperCase()} ${path}`,
						access: (item[method] as { 'x-golive-access'?: Access })['x-golive-access']
					});
	}, 300_000);

	afterAll(async () => {
		await server?.stop();
		await database?.drop();
	});

	it('covers every mutating operation of the document, each with who may call it', () => {
		expect(operations.length).toBeGreaterThanOrEqual(13);
		for (const op of operations) expect(op.access, `${op.key} declares x-golive-access`).toBeDefined();
		expect(operations.map((o) => o.key).sort()).toEqual(Object.keys(FIXTURES).sort());
	});

	it('over HTTP: allowed callers succeed, everyone else gets 401 or 403 and changes nothing', async () => {
		const failures: string[] = [];
		for (const { key, access } of operations) {
			const variants = access!.owner ? [false, true] : [false];
			for (const own of variants)
				for (const p of principals) {
					const call = await FIXTURES[key](p, own);
					const expectOk = allowed(access!, p, own);
					// Replacing a runbook needs an untouched cutover: allowed callers get a fresh one.
					if (key === 'PUT /api/v1/cutovers/{slug}/runbook' && expectOk) {
						const slug = `rb-${next()}`;
						await ok(
							server.call('POST', '/api/v1/cutovers', setup, {
								slug,
								name: slug,
								timezone: 'UTC',
								windowStart: '2030-01-01T00:00:00Z',
								windowEnd: '2030-01-02T00:00:00Z'
							})
						);
						call.path = `/api/v1/cutovers/${slug}/runbook`;
					}
					const [seq, cutovers] = [await lastSeq(), await cutoverCount()];
					const answer = await server.call(call.method, call.path, p.auth, call.body, call.contentType);
					const label = `${key}${own ? ' (own record)' : ''} as ${p.label}`;
					if (expectOk) {
						if (answer.status >= 300)
							failures.push(`${label}: expected 2xx, got ${answer.status} ${answer.text}`);
					} else {
						if (answer.status !== expectedRefusal(p))
							failures.push(`${label}: expected ${expectedRefusal(p)}, got ${answer.status} ${answer.text}`);
						const changes = await changesAfter(seq);
						if (changes.length || (await cutoverCount()) !== cutovers)
							failures.push(`${label}: refused, but something changed (${changes.join(', ')})`);
					}
				}
		}
		expect(failures).toEqual([]);
	}, 120_000);

	describe('over the socket', () => {
		const sockets: Socket[] = [];
		afterAll(() => sockets.forEach((s) => s.close()));

		function connect(p: Principal): Promise<Socket> {
			const socket = connectClient(server.base, {
				transports: ['websocket'],
				reconnection: false,
				forceNew: true,
				...(p.kind === 'session'
					? { extraHeaders: { cookie: p.auth! } }
					: p.auth
						? { auth: { token: p.auth } }
						: {})
			});
			sockets.push(socket);
			return new Promise((resolve, reject) => {
				socket.once('connect', () => resolve(socket));
				socket.once('connect_error', reject);
			});
		}

		const send = (socket: Socket, event: string, payload: unknown) =>
			socket.timeout(5000).emitWithAck(event, payload) as Promise<{ ok: boolean; error?: { code: string } }>;

		it('joins, leaves and moves exactly as the roles table says', async () => {
			const failures: string[] = [];
			const move: Access = { permission: 'task.move_any', owner: 'task.move_own' };
			for (const p of principals) {
				if (p.kind === 'none') {
					await expect(connect(p)).rejects.toThrow('unauthenticated');
					continue;
				}
				// A samples-only token opens no board.
				if (p.role && !mayRead(p.role)) {
					await expect(connect(p)).rejects.toThrow('forbidden');
					continue;
				}
				const socket = await connect(p);
				const joined = await send(socket, 'cutover:join', { slug: MAIN });
				const mayJoin = p.kind !== 'scoped';
				if (joined.ok !== mayJoin) failures.push(`join as ${p.label}: ${JSON.stringify(joined)}`);
				if (!mayJoin && joined.error?.code !== 'forbidden')
					failures.push(`join as ${p.label}: not forbidden`);
				for (const own of [false, true]) {
					const key = await newTask(own && p.username ? p.username : 'nobody');
					const before = await lastSeq();
					const moved = await send(socket, 'task:transition', { slug: MAIN, key, to: 'in_progress' });
					const expectOk = allowed(move, p, own);
					if (moved.ok !== expectOk)
						failures.push(`move (${own ? 'own' : 'other'}) as ${p.label}: ${JSON.stringify(moved)}`);
					if (!expectOk && (await changesAfter(before)).length)
						failures.push(`move (${own ? 'own' : 'other'}) as ${p.label}: refused but changed`);
				}
				const left = await send(socket, 'cutover:leave', { slug: MAIN });
				if (left.ok !== mayJoin) failures.push(`leave as ${p.label}: ${JSON.stringify(left)}`);
			}
			expect(failures).toEqual([]);
		});

		// It calls every operation of the table again, each after its fixture's setup: more than the default time.
		it('after a demotion and a revoke, open sockets act with what is left, over HTTP and the socket', async () => {
			const operator = principals.find((p) => p.kind === 'session' && p.role === 'operator')!;
			const adminSession = principals.find((p) => p.kind === 'session' && p.role === 'admin')!;
			const revokable = await server.tokenFor('to revoke', 'operator');
			const demotedSocket = await connect(operator);
			const tokenSocket = await connect({ ...operator, kind: 'token', auth: revokable });
			for (const s of [demotedSocket, tokenSocket])
				expect((await send(s, 'cutover:join', { slug: MAIN })).ok).toBe(true);
			const tokenEnded = new Promise<void>((resolve) =>
				tokenSocket.on('disconnect', (reason) => reason === 'io server disconnect' && resolve())
			);

			// The demotion, through the users page as an admin does it; the revoke, from the CLI.
			const users = JSON.parse(await cli(['user', 'list', '--json'])) as { id: string; username: string }[];
			const id = users.find((u) => u.username === operator.username)!.id;
			const demoted = await fetch(`${server.base}/admin/users?/update`, {
				method: 'POST',
				headers: {
					cookie: adminSession.auth!,
					origin: server.base,
					accept: 'application/json',
					'content-type': 'application/x-www-form-urlencoded'
				},
				body: new URLSearchParams({ id, displayName: 'operator', role: 'viewer', team: '' })
			});
			expect((await demoted.json()).type).toBe('success');
			const tokens = JSON.parse(await cli(['token', 'list', '--json'])) as { id: string; name: string }[];
			await cli(['token', 'revoke', tokens.find((t) => t.name === 'to revoke')!.id]);

			const key = await newTask('nobody');
			const before = await lastSeq();
			const refused = await send(demotedSocket, 'task:transition', { slug: MAIN, key, to: 'in_progress' });
			expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
			await tokenEnded;
			expect(await changesAfter(before)).toEqual([]);
			// A viewer may change nothing: every mutating operation is now a 403 for the demoted session.
			const viewer = { ...operator, role: 'viewer' as const };
			for (const op of operations) {
				expect(allowed(op.access!, viewer, false)).toBe(false);
				const call = await FIXTURES[op.key](viewer, false);
				const answer = await server.call(call.method, call.path, operator.auth, call.body, call.contentType);
				expect(answer.status, `${op.key} as the demoted operator`).toBe(403);
			}
			expect((await server.call('GET', '/api/v1/cutovers', revokable)).status).toBe(401);
		}, 120_000);
	});
});
