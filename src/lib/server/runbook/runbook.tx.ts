/**
 * What other areas may read and change of the runbook inside their own transaction (a go completing its
 * checkpoint, an extension moving the window, the forecast reading the tasks). The runbook's queries stay private
 * to this area: lint refuses an import of another area's `*.queries`. A leaf: it imports no other area.
 */
export {
	cutoverById as cutoverRow,
	listTasks as tasksOf,
	listTasksForForecast as tasksForForecast,
	statusesOf as taskStatuses,
	taskWithPhase,
	updateCutover as setCutover,
	updateTask as setTask
} from './runbook.queries';
