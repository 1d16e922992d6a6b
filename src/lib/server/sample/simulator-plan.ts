/**
 * The simulator's draws: how long each task and stream of the sample takes in a demo run, and which tasks fail
 * once, all from the run's seed (the same seed and key always draw the same). From them, where a run's named
 * moments come (`npm run demo -- --from transfers|behind|go|opening`): the sample's plan with this run's draws.
 */
import type { DemoMomentName } from '../../shared/demo-moment';
import { createRandom } from '../../shared/forecast/random';
import { plannedSchedule } from '../../shared/schedule';
import type { TaskView } from '../../shared/schemas/runbook';
import { CUSTOMER_CHAIN_PREFIX, CUSTOMER_TRANSFER, sampleRunbook } from './sample-runbook';
import { SAMPLE_CHECKPOINT } from './sample-steering';
import { SPIKE_AFTER_GO_MINUTES } from './simulator-load';

export interface Plan {
	/** Actual over planned duration. */
	factor: number;
	/** Fraction of the run after which the first attempt fails, or null. */
	failAt: number | null;
	/** Simulated minutes between a failure and the retry. */
	retryAfter: number;
	failure: [failed: string, retry: string];
	/** Whether the simulator's planned failure has happened (the retry then runs the rest). */
	failed: boolean;
}

const FAILURES: Record<string, [string, string][]> = {
	dba: [
		['Load aborted: tablespace full', 'Storage extended; rerunning from the last checkpoint'],
		['Deadlock in the load job', 'Rerunning the batch with lower parallelism']
	],
	infra: [['A node failed its health check', 'Node replaced; carrying on']],
	app: [['Deployment rolled back: readiness probe timed out', 'Probe timeout raised; redeploying']],
	integration: [['Partner endpoint refused the TLS handshake', 'Certificate chain fixed; reconnecting']],
	test: [['Blocking defect found', 'Fix deployed; testing again']],
	security: [['Scan flagged a misconfigured header', 'Header fixed; scanning again']]
};

/** Seeded randomness per task: the same seed and key always give the same plan. */
export function random(seed: number, key: string): () => number {
	let h = seed >>> 0;
	for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 2654435761) >>> 0;
	return createRandom(h);
}

/** How a task plays: `minutes` is its full-scale planned duration. */
export function planFor(seed: number, task: Pick<TaskView, 'key' | 'owner'>, minutes: number): Plan {
	const r = random(seed, task.key);
	const customerChain = task.key.startsWith(CUSTOMER_CHAIN_PREFIX);
	// The customer-data chain is consistently slow (as in scenario 1); other tasks vary around the plan.
	const factor = customerChain ? 1.5 + 0.2 * r() : r() < 0.35 ? 0.7 + 0.8 * r() : 0.9 + 0.2 * r();
	const failures = FAILURES[task.owner];
	const fails = failures !== undefined && minutes >= 20 && r() < 0.06;
	return {
		factor,
		failAt: fails ? 0.3 + 0.5 * r() : null,
		retryAfter: 10 + 20 * r(),
		failure: failures ? failures[Math.floor(r() * failures.length)] : ['', ''],
		failed: false
	};
}

/** Actual over planned duration of a stream: the customer data as slow as its chain, the others near the plan. */
export function transferFactor(seed: number, key: string): number {
	const r = random(seed, `transfer:${key}`);
	return key === CUSTOMER_TRANSFER ? 1.5 + 0.2 * r() : 0.9 + 0.2 * r();
}

const MINUTE = 60_000;
/** A stream in the schedule below, as a task its checking task waits for. */
const STREAM = 'stream:';

/**
 * When each named moment's event comes in the run of `seed`: simulated minutes since the window opened. The
 * sample's plan with the run's draws: each task as long as it runs (a failed one also waits for its retry), each
 * stream as long as it flows from when the tasks before it have finished, each checking task after its stream.
 */
export function momentEvents(seed: number): Record<DemoMomentName, number> {
	const { runbook, transfers } = sampleRunbook(0, 'UTC');
	const slots = plannedSchedule(
		[
			...runbook.tasks.map((t) => {
				const plan = planFor(seed, t, t.durationMinutes);
				return {
					key: t.key,
					durationMinutes: t.durationMinutes * plan.factor + (plan.failAt === null ? 0 : plan.retryAfter),
					dependsOn: [...t.dependsOn, ...t.dependsOnTransfers.map((k) => STREAM + k)],
					notBefore: t.notBefore ?? null
				};
			}),
			...transfers.map((s) => ({
				key: STREAM + s.key,
				durationMinutes: s.plannedMinutes! * transferFactor(seed, s.key),
				dependsOn: s.dependsOn,
				notBefore: null
			}))
		].map((t) => ({ ...t, status: 'not_started' as const, actualStart: null, actualEnd: null })),
		0
	);
	const startOf = (key: string) => slots.get(key)!.start / MINUTE;
	const endOf = (key: string) => slots.get(key)!.end / MINUTE;
	return {
		// The first stream starts reporting.
		transfers: Math.min(...transfers.map((s) => startOf(STREAM + s.key))),
		// The customer stream starts, hours behind its plan; the forecast turns "at risk" once it reports its rate.
		behind: startOf(STREAM + CUSTOMER_TRANSFER),
		// The steering group meets at the go/no-go checkpoint.
		go: startOf(SAMPLE_CHECKPOINT),
		// The users arrive at once, two hours after the chair's go ends the checkpoint (simulator-load.ts).
		opening: endOf(SAMPLE_CHECKPOINT) + SPIKE_AFTER_GO_MINUTES
	};
}
