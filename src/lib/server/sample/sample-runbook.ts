/**
 * The sample cutover: a fictional national employment-service e-platform ("Työpolku 2.0" of "Kasvuvirasto")
 * replaces its platform over a long weekend, Thursday 18:00 to Monday 08:00 (scenario 1). About 150 tasks in
 * 8 phases with parallel streams; the customer-data transfer chain drives the critical path. Four data
 * transfer streams (customers, cases, documents, orgs) measure the big loads. Times are offsets in minutes from
 * the window start, so the runbook can be placed on any window.
 *
 * The plan tells scenario 1's story. The data moves from Friday morning to Saturday night, testing runs from
 * the small hours of Sunday to noon, the steering group meets at 18:00 on Sunday, and the staged opening runs
 * from 05:30 to 07:00 on Monday, an hour before the announced end at 08:00: Sunday afternoon and night are the
 * contingency, about 15 hours. At the start the window forecast is comfortably inside (with the default forecast settings about
 * 99 %, P50 at the planned 07:00). The customer loads are estimated tightly, from two dress rehearsals. When the
 * customer data runs about 1.6x slower than planned, as in the real event and in the demo, the forecast drifts
 * only a little while the extracts run late, and turns to "window at risk" as soon as the customer stream
 * reports its rate, on Friday afternoon, more than 60 hours before the window end, with the stream as its first
 * driver.
 */
import { plannedSchedule } from '../../shared/schedule';
import { formatDuration } from '../../shared/time';
import type { MetricCreateInput } from '../../shared/schemas/metrics';
import type { GateConditionInput, OpeningPlanInput } from '../../shared/schemas/opening';
import type { ServiceCreateInput } from '../../shared/schemas/incidents';
import type { CutoverCreateInput, RunbookImportInput, TaskCreateInput } from '../../shared/schemas/runbook';
import type { TransferCreateInput } from '../../shared/schemas/transfers';

/** Owners are team names, so admins can give users these teams and they see their own tasks. */
export const SAMPLE_TEAMS = [
	'steering',
	'service-desk',
	'comms',
	'infra',
	'app',
	'dba',
	'integration',
	'security',
	'test'
] as const;
export type SampleTeam = (typeof SAMPLE_TEAMS)[number];

export const SAMPLE_PHASES = [
	'Preparation & freeze',
	'Shutdown of the old platform',
	'Backups & snapshots',
	'Data transfers',
	'Installation & configuration',
	'Integrations & verification',
	'Testing & acceptance',
	'Opening'
] as const;

/** Keys of the customer-data transfer chain start with this (the chain the simulator runs slow). */
export const CUSTOMER_CHAIN_PREFIX = 'TR-CUS-';
/** The customer-data stream (the simulator runs it slow, as the chain around it). */
export const CUSTOMER_TRANSFER = 'customers';

const HOUR = 60;
/** Thursday 18:00 to Monday 08:00. */
export const SAMPLE_WINDOW_MINUTES = 3 * 24 * HOUR + 14 * HOUR;
/** Sunday 00:00 and Monday 00:00 as offsets from Thursday 18:00, for "not before" times. */
const SUN = 3 * 24 * HOUR - 18 * HOUR;
const MON = SUN + 24 * HOUR;
const at = (hh: number, mm = 0) => MON + hh * HOUR + mm;

interface Def {
	key: string;
	title: string;
	phase: (typeof SAMPLE_PHASES)[number];
	owner: SampleTeam;
	minutes: number;
	dependsOn: string[];
	notBeforeMin?: number;
	description?: string;
	/** Pessimistic factor for a three-point estimate (optimistic 0.8x, likely 1x). */
	risk?: number;
}

type Extra = Pick<Def, 'notBeforeMin' | 'description' | 'risk'>;
/**
 * A data transfer stream, measured by the migration scripts while the load steps run: it may start when the
 * first load step may, is planned to take as long as the load steps together, and its checking task waits for it.
 */
interface StreamDef {
	key: string;
	name: string;
	unit: string;
	total: number;
	loads: string[];
	checkedBy: string;
}

/**
 * One chain step: title, minutes, and optionally another owner, extra dependencies, its own pessimistic factor,
 * a description, or no estimate.
 */
type Step = [
	title: string,
	minutes: number,
	more?: { owner?: SampleTeam; after?: string[]; plain?: boolean; risk?: number; description?: string }
];

function definitions(): { defs: Def[]; streams: StreamDef[] } {
	const defs: Def[] = [];
	const streams: StreamDef[] = [];
	let phase: Def['phase'] = SAMPLE_PHASES[0];
	const task = (
		key: string,
		owner: SampleTeam,
		minutes: number,
		title: string,
		dependsOn: string[] = [],
		extra: Extra = {}
	) => {
		defs.push({ key, title, phase, owner, minutes, dependsOn, ...extra });
		return key;
	};
	/** A transfer stream: each step waits for the one before; the first waits for `start`. Returns the keys. */
	const chain = (prefix: string, owner: SampleTeam, start: string[], risk: number, steps: Step[]) => {
		const keys: string[] = [];
		steps.forEach(([title, minutes, more = {}], i) => {
			const previous = i === 0 ? start : [keys[i - 1]];
			const key = `${prefix}-${String(i + 1).padStart(2, '0')}`;
			keys.push(
				task(key, more.owner ?? owner, minutes, title, [...previous, ...(more.after ?? [])], {
					risk: more.plain ? undefined : (more.risk ?? risk),
					description: more.description
				})
			);
		});
		return keys;
	};

	phase = 'Preparation & freeze';
	task('PREP-01', 'steering', 15, 'Situation room kick-off and roll call', [], {
		notBeforeMin: 0,
		description:
			'All stream leads present in the situation room or on the bridge; confirm the runbook version.'
	});
	task('PREP-02', 'service-desk', 15, 'Confirm on-call contacts of all suppliers', ['PREP-01']);
	task('PREP-03', 'comms', 15, 'Publish the maintenance notice on the front page (fi, sv, en)', ['PREP-01']);
	task('PREP-04', 'comms', 20, 'Send the outage bulletin to partner organisations', ['PREP-03']);
	task('PREP-05', 'app', 10, 'Confirm the code freeze in the release repository', ['PREP-01']);
	task('PREP-06', 'infra', 10, 'Confirm the infrastructure change freeze', ['PREP-01']);
	task('PREP-07', 'infra', 20, 'Check that the new production environment is reachable', ['PREP-06']);
	task('PREP-08', 'dba', 30, 'Check transfer tooling, credentials and disk space', ['PREP-01']);
	task('PREP-09', 'app', 20, 'Disable scheduled batch jobs of the old platform', ['PREP-05']);
	task('PREP-10', 'integration', 15, 'Pause outbound e-mail and text messages', ['PREP-05']);
	task('PREP-11', 'service-desk', 30, 'Brief the service desk and publish scripted answers', [
		'PREP-02',
		'PREP-03'
	]);
	task('PREP-12', 'security', 15, 'Put security monitoring on heightened watch', ['PREP-01']);
	task('PREP-13', 'steering', 10, 'Freeze checklist signed off', [
		'PREP-04',
		'PREP-07',
		'PREP-08',
		'PREP-09',
		'PREP-10',
		'PREP-11',
		'PREP-12'
	]);

	phase = 'Shutdown of the old platform';
	task('SD-01', 'infra', 10, 'Switch the public site to the maintenance page', ['PREP-13'], {
		notBeforeMin: HOUR,
		description: 'Not before 19:00, when the last regional offices have closed for the day.'
	});
	task('SD-02', 'app', 10, 'Close the customer e-services login', ['SD-01']);
	task('SD-03', 'app', 10, 'Close the employer services login', ['SD-01']);
	task('SD-04', 'app', 10, 'Close the expert marketplace', ['SD-01']);
	task('SD-05', 'app', 20, 'Drain active sessions and work queues', ['SD-02', 'SD-03', 'SD-04']);
	task('SD-06', 'integration', 20, 'Stop inbound interfaces from partner systems', ['SD-01']);
	task('SD-07', 'integration', 30, 'Stop outbound interfaces and flush message queues', ['SD-05', 'SD-06']);
	task('SD-08', 'app', 15, 'Stop background workers and schedulers', ['SD-05']);
	task('SD-09', 'infra', 20, 'Stop the application servers of the old platform', ['SD-07', 'SD-08']);
	task('SD-10', 'dba', 10, 'Set the old databases to read-only', ['SD-09']);
	task('SD-11', 'dba', 15, 'Verify that no writes reach the old databases', ['SD-10']);
	task('SD-12', 'infra', 5, 'Old platform shut down: report to the situation room', ['SD-11']);

	phase = 'Backups & snapshots';
	task('BK-01', 'dba', 150, 'Full backup of the customer database', ['SD-12']);
	task('BK-02', 'dba', 60, 'Full backup of the job-ads database', ['SD-12']);
	task('BK-03', 'dba', 45, 'Full backup of the employer registry', ['SD-12']);
	task('BK-04', 'dba', 120, 'Full backup of the case-history database', ['SD-12']);
	task('BK-05', 'infra', 90, 'Snapshot of the attachment store', ['SD-12']);
	task('BK-06', 'infra', 30, 'VM snapshots of the old application servers', ['SD-12']);
	task('BK-07', 'security', 30, 'Export configuration and the secrets inventory', ['SD-12']);
	task('BK-08', 'dba', 20, 'Record row counts of the source databases (baseline)', ['SD-12']);
	task('BK-09', 'dba', 30, 'Verify backup checksums', ['BK-01', 'BK-02', 'BK-03', 'BK-04']);
	task('BK-10', 'dba', 60, 'Test restore of a sample of the customer backup', ['BK-09']);
	task('BK-11', 'infra', 60, 'Copy backups to the off-site vault', ['BK-09', 'BK-05']);
	task('BK-12', 'steering', 10, 'Rollback point signed off', ['BK-06', 'BK-07', 'BK-08', 'BK-10', 'BK-11'], {
		description: 'From here on, a rollback means restoring these backups and reopening the old platform.'
	});

	phase = 'Data transfers';
	const start = ['BK-12'];
	// The customer loads were timed in two dress rehearsals, so their estimate is tight (up to 1.3x); the real
	// loads run about 1.6x slower (scenario 1, and the demo's simulator).
	const rehearsed = 1.3;
	const cus = chain('TR-CUS', 'dba', start, 1.5, [
		['Extract customer master records', 120],
		['Extract contact details, consents and contact restrictions', 60],
		['Transform customer records to the new data model', 180],
		['Cleanse duplicates and invalid personal identity codes', 90],
		['Transform service plans and customer tasks', 90],
		[
			'Load customers, batch 1 of 4',
			300,
			{
				after: ['IN-03', 'IN-13'],
				risk: rehearsed,
				description:
					'About 1.05 million customers a batch, through the import interface of the new platform. Both dress ' +
					'rehearsals loaded a batch in 4 h 40 min to 5 h 10 min.'
			}
		],
		['Load customers, batch 2 of 4', 300, { risk: rehearsed }],
		['Load customers, batch 3 of 4', 300, { risk: rehearsed }],
		['Load customers, batch 4 of 4', 300, { risk: rehearsed }],
		['Reconcile customer counts against the baseline', 60, { plain: true }],
		['Load service plans and customer tasks', 240],
		['Rebuild customer search indexes', 120, { after: ['IN-09'] }],
		['Verify 500 sampled customer records', 120, { owner: 'test', plain: true }],
		['Verify consents and contact restrictions', 60, { owner: 'security', plain: true }],
		['Customer data transfer signed off', 15, { plain: true }]
	]);
	/** The case history links to customers, so it is loaded once the customer counts reconcile. */
	const customersReconciled = cus[9];
	const cas = chain('TR-CAS', 'dba', start, 1.6, [
		['Extract case history', 240],
		['Transform case events, decisions and statements', 360],
		['Load case history', 420, { after: [customersReconciled] }],
		['Link case history to migrated customers', 300],
		['Reconcile case counts against the baseline', 60, { plain: true }],
		['Verify 200 sampled case timelines', 120, { owner: 'test', plain: true }],
		['Case history transfer signed off', 10, { plain: true }]
	]);
	const att = chain('TR-ATT', 'infra', start, 1.5, [
		['Inventory the attachment store', 60],
		['Copy attachments to the new object storage', 720, { after: ['IN-14'] }],
		['Verify checksums of the copied attachments', 180],
		['Relink attachments to case history', 180, { owner: 'dba', after: [cas[3]] }],
		['Open 300 sampled attachments', 60, { owner: 'test', plain: true }],
		['Attachment transfer signed off', 10, { plain: true }]
	]);
	const job = chain('TR-JOB', 'dba', start, 1.5, [
		['Extract open and archived job ads', 90],
		['Transform job ads and occupational classifications', 180],
		['Load job ads', 150, { after: ['IN-13'] }],
		['Rebuild the job search index', 90, { owner: 'infra', after: ['IN-09'] }],
		['Verify job search results against reference queries', 60, { owner: 'test', plain: true }],
		['Job ads transfer signed off', 10, { plain: true }]
	]);
	const emp = chain('TR-EMP', 'dba', start, 1.5, [
		['Extract employer organisations and contact persons', 60],
		['Transform employer records', 120],
		['Match employers to business identity codes', 90, { owner: 'integration' }],
		['Load employer records', 120, { after: ['IN-03'] }],
		['Link job ads to employers', 60, { after: [job[2]] }],
		['Verify 100 sampled employers', 45, { owner: 'test', plain: true }],
		['Employer records transfer signed off', 10, { plain: true }]
	]);
	const mkt = chain('TR-MKT', 'app', start, 1.5, [
		['Extract expert profiles and service offers', 60],
		['Transform marketplace listings', 90],
		['Load marketplace listings', 90, { after: ['IN-07'] }],
		['Verify listings and expert contact details', 45, { owner: 'test', plain: true }],
		['Marketplace transfer signed off', 10, { plain: true }]
	]);
	const usr = chain('TR-USR', 'security', start, 1.5, [
		['Extract staff user accounts and roles', 30],
		['Map roles to the new authorisation model', 90],
		['Load staff accounts', 45, { after: ['IN-12'] }],
		['Verify role assignments of 50 sampled staff', 60, { plain: true }],
		['Staff accounts transfer signed off', 10, { plain: true }]
	]);
	streams.push(
		{
			key: CUSTOMER_TRANSFER,
			name: 'Customer records',
			unit: 'records',
			total: 4_200_000,
			loads: cus.slice(5, 9),
			checkedBy: customersReconciled
		},
		{
			key: 'cases',
			name: 'Case history',
			unit: 'rows',
			total: 38_600_000,
			loads: [cas[2]],
			checkedBy: cas[4]
		},
		{
			key: 'documents',
			name: 'Attachments',
			unit: 'GB',
			total: 2_450,
			loads: [att[1]],
			checkedBy: att[2]
		},
		{
			key: 'orgs',
			name: 'Employer organisations',
			unit: 'records',
			total: 186_000,
			loads: [emp[3]],
			checkedBy: emp[5]
		}
	);
	const signOffs = [cus, cas, att, job, emp, mkt, usr].map((keys) => keys[keys.length - 1]);
	task('TR-99', 'dba', 10, 'All data transfers signed off', signOffs);

	// Installation runs in parallel with the transfers; the loads wait for its schema and reference data.
	phase = 'Installation & configuration';
	task('IN-01', 'infra', 90, 'Provision the production database cluster', ['PREP-07']);
	task('IN-02', 'dba', 60, 'Configure database replication and backups', ['IN-01']);
	task('IN-03', 'dba', 45, 'Apply the database schema migrations', ['IN-01']);
	task('IN-04', 'app', 60, 'Deploy application release 2.0.0 to the container platform', [
		'PREP-07',
		'PREP-05'
	]);
	task('IN-05', 'app', 30, 'Deploy the customer e-services front end', ['IN-04']);
	task('IN-06', 'app', 30, 'Deploy the employer services front end', ['IN-04']);
	task('IN-07', 'app', 45, 'Deploy the expert marketplace', ['IN-04', 'IN-03']);
	task('IN-08', 'app', 45, 'Deploy staff case management', ['IN-04', 'IN-03']);
	task('IN-09', 'infra', 60, 'Deploy the search service cluster', ['PREP-07']);
	task('IN-10', 'infra', 45, 'Configure load balancers and TLS certificates', [
		'IN-05',
		'IN-06',
		'IN-07',
		'IN-08'
	]);
	task('IN-11', 'security', 60, 'Configure the identity provider for citizen login', ['IN-05']);
	task('IN-12', 'security', 45, 'Configure staff single sign-on and roles', ['IN-08']);
	task('IN-13', 'app', 30, 'Load reference data and code sets', ['IN-03']);
	task('IN-14', 'infra', 30, 'Configure document storage buckets and lifecycle rules', ['PREP-07']);
	task('IN-15', 'app', 45, 'Configure the batch scheduler (jobs disabled until opening)', ['IN-04']);
	task('IN-16', 'integration', 30, 'Configure e-mail and text-message gateways in test mode', ['IN-04']);
	task('IN-17', 'infra', 60, 'Configure monitoring dashboards and alerts', ['IN-10']);
	task('IN-18', 'security', 30, 'Ship logs to the security operations centre', ['IN-17']);
	task('IN-19', 'infra', 45, 'Scale production capacity for opening day', ['IN-10'], {
		description: 'Opening-day load is expected at 3-4x a normal Monday morning.'
	});
	task('IN-20', 'test', 60, 'Smoke test of the installation with empty data', [
		'IN-10',
		'IN-11',
		'IN-12',
		'IN-13'
	]);
	task('IN-21', 'app', 10, 'Installation signed off', [
		'IN-02',
		'IN-09',
		'IN-14',
		'IN-15',
		'IN-16',
		'IN-18',
		'IN-19',
		'IN-20'
	]);

	phase = 'Integrations & verification';
	const connect: [string, SampleTeam, number, string][] = [
		['INT-01', 'integration', 45, 'Connect the population register interface'],
		['INT-02', 'integration', 30, 'Connect the business register interface'],
		['INT-03', 'integration', 45, 'Connect the unemployment fund interface'],
		['INT-04', 'integration', 45, 'Connect the social insurance interface'],
		['INT-05', 'integration', 60, 'Connect the municipal employment services interface'],
		['INT-06', 'integration', 45, 'Connect the European job-ad exchange feed'],
		['INT-07', 'integration', 30, 'Connect the statistics warehouse export'],
		['INT-08', 'integration', 30, 'Connect the archive service']
	];
	for (const [key, owner, minutes, title] of connect) task(key, owner, minutes, title, ['IN-21']);
	task('INT-09', 'integration', 20, 'Switch e-mail and text-message gateways to production', [
		'IN-16',
		'IN-21'
	]);
	task('INT-10', 'integration', 150, 'Replay partner messages queued during the outage', [
		'INT-01',
		'INT-02',
		'INT-03',
		'INT-04',
		'INT-05',
		'INT-06',
		'TR-99'
	]);
	task('INT-11', 'test', 60, 'Verify population register updates for migrated customers', [
		'INT-01',
		'TR-99'
	]);
	task('INT-12', 'test', 60, 'Verify unemployment fund messages round trip', ['INT-03', 'TR-99']);
	task('INT-13', 'test', 45, 'Verify the job-ad feed publishes migrated ads', ['INT-06', 'TR-99']);
	task('INT-14', 'test', 45, 'Verify employer matching with the business register', ['INT-02', 'TR-99']);
	task('INT-15', 'test', 30, 'Verify transfers to the archive service', ['INT-08', 'TR-99']);
	task('INT-16', 'security', 90, 'Security scan of the public endpoints', ['IN-21']);
	task('INT-17', 'integration', 10, 'Integrations signed off', [
		'INT-04',
		'INT-05',
		'INT-07',
		'INT-09',
		'INT-10',
		'INT-11',
		'INT-12',
		'INT-13',
		'INT-14',
		'INT-15',
		'INT-16'
	]);

	phase = 'Testing & acceptance';
	task('TST-01', 'test', 60, 'Smoke test with migrated data', ['INT-17']);
	task('TST-02', 'test', 180, 'Customer e-services: jobseeker registration and profile', ['TST-01']);
	task('TST-03', 'test', 180, 'Customer e-services: service plan, tasks and messages', ['TST-01']);
	task('TST-04', 'test', 120, 'Customer e-services: job search and applications', ['TST-01']);
	task('TST-05', 'test', 120, 'Employer services: publish and manage job ads', ['TST-01']);
	task('TST-06', 'test', 120, 'Employer services: candidate search', ['TST-01']);
	task('TST-07', 'test', 90, 'Expert marketplace: find and contact an expert', ['TST-01']);
	task('TST-08', 'test', 180, 'Staff case management: open a customer and record a decision', ['TST-01']);
	task('TST-09', 'test', 60, 'Accessibility spot checks', ['TST-02', 'TST-05']);
	task('TST-10', 'test', 60, 'Swedish and English language versions', ['TST-02', 'TST-05']);
	task('TST-11', 'test', 240, 'Performance test at opening-day load', ['TST-01', 'IN-19']);
	task('TST-12', 'infra', 60, 'Failover test of the database cluster', ['TST-11']);
	task('TST-13', 'security', 60, 'Review the security scan findings', ['INT-16']);
	task('TST-14', 'security', 60, 'Data protection check of migrated personal data', ['TST-02', 'TST-08']);
	task('TST-15', 'test', 300, 'Business acceptance by the employment-service units', [
		'TST-02',
		'TST-03',
		'TST-04',
		'TST-05',
		'TST-06',
		'TST-07',
		'TST-08'
	]);
	task('TST-16', 'app', 180, 'Fix blocking defects found in testing', [
		'TST-02',
		'TST-03',
		'TST-04',
		'TST-05',
		'TST-06',
		'TST-07',
		'TST-08',
		'TST-09',
		'TST-10'
	]);
	task('TST-17', 'test', 120, 'Regression test of the fixed defects', ['TST-16']);
	task('TST-18', 'test', 30, 'Acceptance report to the steering group', [
		'TST-12',
		'TST-13',
		'TST-14',
		'TST-15',
		'TST-17'
	]);
	task('TST-19', 'steering', 60, 'Steering group go decision', ['TST-18'], {
		notBeforeMin: SUN + 18 * HOUR,
		description:
			'The steering group meets at 18:00 on Sunday. ' +
			'Go when: every transfer is signed off with reconciled counts; no open blocking defects; the ' +
			'performance test passed at opening-day load; security findings accepted. Otherwise extend or roll back.'
	});
	task('TST-20', 'steering', 15, 'Situation room confirms the opening schedule', ['TST-19']);

	phase = 'Opening';
	task('OP-01', 'app', 20, 'Enable batch jobs and outbound notifications', ['TST-20']);
	task('OP-02', 'infra', 20, 'Point public DNS and the load balancers at the new platform', ['TST-20']);
	task('OP-03', 'comms', 15, 'Prepare the "services open" notice (fi, sv, en)', ['TST-20']);
	// The staged opening ends at 07:00, an hour before the announced end of the break at 08:00.
	task('OP-04', 'app', 10, 'Open to internal users (staff case management)', ['OP-01', 'OP-02'], {
		notBeforeMin: at(5, 30)
	});
	task('OP-05', 'service-desk', 20, 'Staff sign-in check from the regional offices', ['OP-04']);
	task('OP-06', 'app', 10, 'Open customer e-services', ['OP-05'], { notBeforeMin: at(6) });
	task('OP-07', 'infra', 30, 'Watch login rates, response times and capacity', ['OP-06']);
	task('OP-08', 'app', 10, 'Open employer services', ['OP-06'], { notBeforeMin: at(6, 30) });
	task('OP-09', 'app', 10, 'Open the expert marketplace', ['OP-08'], { notBeforeMin: at(6, 45) });
	task('OP-10', 'comms', 5, 'Remove the maintenance page and publish the "services open" notice', [
		'OP-03',
		'OP-09'
	]);
	task('OP-11', 'steering', 5, 'Declare go-live and hand over to hypercare', ['OP-07', 'OP-09']);
	return { defs, streams };
}

const MINUTE = 60_000;

/** The services the web tier serves, and the whole public service (the marketplace included). */
const WEB = ['customer', 'employer'];
const PUBLIC = ['customer', 'employer', 'market'];

/**
 * What the situation room watches once the platform opens (scenario 1): the logged-in users against the capacity
 * the platform was sized for, the requests, the p95 response time, the error rate, and CPU and database
 * connections of the two tiers, the public web services and the expert marketplace (restricted for the day, so
 * its lines are lower). Lines are breached after two minutes past them (full scale).
 */
export const SAMPLE_METRICS: MetricCreateInput[] = [
	metric('users', 'Logged-in users', 'users', 'gauge', [40_000, 50_000, 2_000], PUBLIC),
	metric('rps', 'Requests per second', 'req/s', 'rate', [3_000, 4_500, 200], PUBLIC),
	metric('p95', 'Response time (p95)', 'ms', 'quantile', [800, 2_000, 100], PUBLIC),
	metric('errors', 'Error rate', '%', 'gauge', [1, 5, 0.2], PUBLIC),
	metric('web-cpu', 'Web tier CPU', '%', 'gauge', [75, 90, 5], WEB),
	metric('web-db', 'Web tier database connections', 'connections', 'gauge', [320, 380, 20], WEB),
	metric('market-cpu', 'Expert marketplace CPU', '%', 'gauge', [60, 80, 5], ['market']),
	metric(
		'market-db',
		'Expert marketplace database connections',
		'connections',
		'gauge',
		[60, 80, 5],
		['market']
	)
];

/** The lines of a metric: warning, critical and the margin by which a breach clears. */
type Lines = [warning: number, critical: number, clearMargin: number];

function metric(
	key: string,
	name: string,
	unit: string,
	kind: MetricCreateInput['kind'],
	[warning, critical, clearMargin]: Lines,
	services: string[]
): MetricCreateInput {
	return {
		key,
		name,
		unit,
		kind,
		direction: 'above',
		warning,
		critical,
		sustainSeconds: 120,
		clearMargin,
		services,
		source: null,
		selector: null
	};
}

/**
 * The sample runbook and its transfer streams placed on a window starting at `windowStart`. With `timeScale`
 * (the demo's speed) the whole plan is compressed by that factor: the window, "not before" times and durations
 * (rounded so that each task still ends where the compressed plan says), so a board at real time shows the
 * plan played fast. The streams wait for the tasks before their load steps; their checking tasks wait for them.
 * The metrics' lines are breached after as long past them as the compressed plan says.
 */
export function sampleRunbook(
	windowStart: number,
	timeZone: string,
	options: { timeScale?: number; name?: string } = {}
): {
	cutover: Omit<CutoverCreateInput, 'slug'>;
	runbook: RunbookImportInput;
	transfers: TransferCreateInput[];
	metrics: MetricCreateInput[];
	opening: OpeningPlanInput;
	services: ServiceCreateInput[];
} {
	const scale = options.timeScale ?? 1;
	const { defs, streams } = definitions();
	const durations = scale === 1 ? null : compressedDurations(defs, scale);
	const minutesOf = (d: Def) => durations?.get(d.key) ?? d.minutes;
	const byKey = new Map(defs.map((d) => [d.key, d]));
	const tasks: TaskCreateInput[] = defs.map((d) => ({
		key: d.key,
		title: d.title,
		description:
			scale === 1
				? d.description
				: [d.description, `Demo at ${scale}x speed; full-scale plan ${formatDuration(d.minutes)}.`]
						.filter(Boolean)
						.join(' '),
		phase: d.phase,
		owner: d.owner,
		durationMinutes: minutesOf(d),
		notBefore:
			d.notBeforeMin === undefined ? null : windowStart + Math.round((d.notBeforeMin * MINUTE) / scale),
		dependsOn: d.dependsOn,
		dependsOnTransfers: streams.filter((s) => s.checkedBy === d.key).map((s) => s.key),
		rehearsalMinutes: [],
		estimate: d.risk
			? {
					optimistic: Math.round(d.minutes * 0.8) / scale,
					likely: d.minutes / scale,
					pessimistic: Math.round(d.minutes * d.risk) / scale
				}
			: null
	}));
	const transfers = streams.map((s): TransferCreateInput => {
		const loads = s.loads.map((k) => byKey.get(k)!);
		return {
			key: s.key,
			name: s.name,
			unit: s.unit,
			total: s.total,
			// A compressed plan may round short steps to nothing; the schema wants at least a minute.
			plannedMinutes: Math.max(
				1,
				loads.reduce((sum, d) => sum + minutesOf(d), 0)
			),
			dependsOn: loads[0].dependsOn
		};
	});
	return {
		cutover: {
			name: options.name ?? 'Kasvuvirasto: Työpolku 2.0 go-live',
			timezone: timeZone,
			windowStart,
			windowEnd: windowStart + Math.round((SAMPLE_WINDOW_MINUTES * MINUTE) / scale)
		},
		runbook: { phases: [...SAMPLE_PHASES], tasks },
		transfers,
		// Compressed too: a line breached after two simulated minutes past it.
		metrics: SAMPLE_METRICS.map((m) => ({ ...m, sustainSeconds: Math.round(m.sustainSeconds / scale) })),
		opening: sampleOpening(windowStart, scale),
		services: [...SAMPLE_SERVICES]
	};
}

/**
 * Scenario 1's catalogue of services, the ones the public status page will list: when the opening spike crashed
 * the platform, the customer e-services were restored first and the expert marketplace second (restricted for the
 * day). Keys as the opening's parts name them where both speak of one service.
 */
export const SAMPLE_SERVICES: readonly ServiceCreateInput[] = [
	{ key: 'customer', name: 'Customer e-services', status: 'operational' },
	{ key: 'market', name: 'Expert marketplace', status: 'operational' },
	{ key: 'employer', name: 'Employer services', status: 'operational' },
	{ key: 'cases', name: 'Case handling', status: 'operational' }
];

/** When the opening's stages come, in minutes after the window opened: Monday 06:30, 07:00, 07:30 and 08:00. */
export const SAMPLE_STAGE_MINUTES = [30, 60, 90, 120].map((m) => SAMPLE_WINDOW_MINUTES / MINUTE - 120 + m);

/**
 * Scenario 1's staged opening: internal users at 06:30, then 10 % of the public, half, and everyone at 08:00,
 * each stage after the first only while the service is healthy: p95 under its warning line and errors under 1 %
 * over the last ten minutes, users under 80 % of capacity. The expert marketplace is a part the room can
 * restrict. Compressed like the rest of the plan (the windows too: ten simulated minutes).
 */
function sampleOpening(windowStart: number, scale: number): OpeningPlanInput {
	const windowMinutes = Math.max(0.05, Math.round((10 / scale) * 100) / 100);
	const healthy: GateConditionInput[] = [
		{ metric: 'p95', stat: 'max', windowMinutes, op: '<', threshold: 800, of: null },
		{ metric: 'errors', stat: 'max', windowMinutes, op: '<', threshold: 1, of: null },
		{ metric: 'users', stat: 'last', windowMinutes, op: '<', threshold: 80, of: 'critical' }
	];
	const at = (i: number) => windowStart + Math.round((SAMPLE_STAGE_MINUTES[i] * MINUTE) / scale);
	const stage = (i: number, key: string, name: string, audience: string, share: number | null) => ({
		key,
		name,
		audience,
		share,
		notBefore: at(i),
		conditions: i === 0 ? [] : healthy
	});
	return {
		stages: [
			stage(0, 'internal', 'Internal users', 'Kasvuvirasto staff and partner testers', 0),
			stage(1, 'tenth', '10 % of the public', 'One in ten visitors past the waiting room', 10),
			stage(2, 'half', 'Half of the public', 'One in two visitors past the waiting room', 50),
			stage(3, 'everyone', 'Everyone', 'The waiting room switched off', 100)
		],
		parts: [
			{ key: 'web', name: 'Citizen web service' },
			{ key: 'market', name: 'Expert marketplace' }
		]
	};
}

/** Whole-minute durations of the compressed plan: each task ends at its rounded compressed planned end. */
function compressedDurations(defs: Def[], scale: number): Map<string, number> {
	const slots = plannedSchedule(
		defs.map((d) => ({
			key: d.key,
			durationMinutes: d.minutes,
			dependsOn: d.dependsOn,
			notBefore: d.notBeforeMin === undefined ? null : d.notBeforeMin * MINUTE,
			status: 'not_started' as const,
			actualStart: null,
			actualEnd: null
		})),
		0
	);
	const scaled = (ms: number) => Math.round(ms / MINUTE / scale);
	return new Map(
		defs.map((d) => {
			const slot = slots.get(d.key)!;
			return [d.key, Math.max(0, scaled(slot.end) - scaled(slot.start))];
		})
	);
}
