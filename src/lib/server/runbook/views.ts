/** Rows to the wire shapes of `$lib/shared/schemas/runbook` (times as ISO strings). */
import type { BoardTask, CutoverView, PhaseView, TaskView } from '../../shared/schemas/runbook';
import type { TaskStatus } from '../../shared/task-status';
import type { CutoverRow, PhaseRow, TaskRow } from '../db/schema';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const cutoverToView = (c: CutoverRow): CutoverView => ({
	id: c.id,
	slug: c.slug,
	kind: c.kind,
	programmeId: c.programmeId,
	rehearsalOfId: c.rehearsalOf,
	name: c.name,
	timezone: c.timezone,
	windowStart: c.windowStart.toISOString(),
	windowEnd: c.windowEnd.toISOString(),
	version: c.version,
	lastSeq: c.lastSeq,
	createdAt: c.createdAt.toISOString()
});

export const phaseToView = (p: PhaseRow): PhaseView => ({ id: p.id, name: p.name, position: p.position });

export const taskToView = (t: TaskRow, phaseName: string): TaskView => ({
	id: t.id,
	key: t.key,
	title: t.title,
	description: t.description,
	phase: phaseName,
	owner: t.owner,
	durationMinutes: t.durationMinutes,
	notBefore: iso(t.notBefore),
	dependsOn: t.dependsOn,
	dependsOnTransfers: t.dependsOnTransfers,
	estimate: t.estimate ?? null,
	rehearsalMinutes: t.rehearsalMinutes,
	status: t.status as TaskStatus,
	actualStart: iso(t.actualStart),
	actualEnd: iso(t.actualEnd),
	lastNote: t.lastNote,
	position: t.position,
	version: t.version,
	updatedAt: t.updatedAt.toISOString()
});

export function taskToBoardTask(t: TaskRow, phaseName: string): BoardTask {
	const { id: _id, ...task } = taskToView(t, phaseName);
	return task;
}
