import { transferNodeKey } from '../../shared/forecast/graph';
import { describeGraphProblems, graphProblems } from '../../shared/schedule';
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
	const problem = describeGraphProblems(graphProblems(nodes));
	if (problem) throw new ValidationError(`the runbook cannot be scheduled: ${problem}`);
}
