/**
 * What other areas may read and change of the runbook inside their own transaction (a go completing its
 * checkpoint, an extension moving the window, the forecast reading the tasks). The runbook's queries stay private
 * to this area: lint refuses an import of another area's `*.queries`. It imports only other areas' leaves.
 */
export {
	cutoverById as cutoverRow,
	cutoverBySlug,
	insertCutover,
	listTasks as tasksOf,
	listTasksForForecast as tasksForForecast,
	statusesOf as taskStatuses,
	systemTaskStatuses,
	taskWithPhase,
	updateCutover as setCutover,
	updateTask as setTask
} from './runbook.queries';
export {
	addTask,
	finishTask,
	moveSystemTasks,
	replaceSystemTasks,
	systemTasksOf,
	taskKeysOf
} from './system-tasks';
export type { SystemTaskInput } from './system-tasks';
export { recordWindowChange } from './window-history';
