import { transferNodeKey } from '../../shared/forecast/graph';
import type { Refusal } from '../../shared/i18n';
import { describeGraphProblems, graphProblems, type GraphProblems } from '../../shared/schedule';
import { ValidationError } from '../errors';

interface TaskDeps {
	key: string;
	dependsOn: readonly string[];
	dependsOnTransfers: readonly string[];
}
interface TransferDeps {
	key: string;
	dependsOn: readonly string[];
}

/**
 * Refuses a runbook whose tasks and transfers cannot be scheduled together: unknown or duplicate keys, or a
 * cycle through either (a transfer waiting for a task that waits for the transfer).
 */
export function assertSchedulable(tasks: readonly TaskDeps[], transfers: readonly TransferDeps[]): void {
	const nodes = [
		...tasks.map((t) => ({
			key: t.key,
			dependsOn: [...t.dependsOn, ...t.dependsOnTransfers.map(transferNodeKey)]
		})),
		...transfers.map((t) => ({ key: transferNodeKey(t.key), dependsOn: t.dependsOn }))
	];
	const problems = graphProblems(nodes);
	const problem = describeGraphProblems(problems);
	if (problem)
		throw new ValidationError(graphRefusal(problems) ?? `the runbook cannot be scheduled: ${problem}`);
}

/**
 * The graph's one kind of problem as a reason; several kinds at once (rare: an import with everything wrong)
 * keep the English sentence that names them all. English uses describeGraphProblems' words, others the keys.
 */
function graphRefusal({ duplicates, unknown, cycle }: GraphProblems): Refusal | null {
	const kinds = [duplicates.length > 0, unknown.length > 0, cycle !== null].filter(Boolean).length;
	if (kinds !== 1) return null;
	if (duplicates.length) return { reason: 'errors.duplicateKeys', params: { keys: duplicates.join(', ') } };
	if (cycle) return { reason: 'errors.dependencyCycle', params: { cycle: cycle.join(' -> ') } };
	return {
		reason: 'errors.unknownDependencies',
		params: {
			dependencies: unknown.map((u) => `${u.task} depends on ${u.dependsOn}`).join('; '),
			pairs: unknown.map((u) => `${u.task} → ${u.dependsOn}`).join('; ')
		}
	};
}
