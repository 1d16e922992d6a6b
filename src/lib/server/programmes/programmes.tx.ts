/**
 * What the runbook calls of programmes inside its own write: a wave's task that moves a system was moved, so the
 * system's progress and stage follow, in the programme's stream too (lock order: the wave, then its programme).
 */
import { systemProgress } from '../../shared/programmes/templates';
import type { StepKind } from '../../shared/programmes/rules';
import type { CutoverWriter } from '../events/event.service';
import * as runbook from '../runbook/runbook.tx';
import { saveSystem } from './system-state';
import * as q from './waves.queries';

/**
 * A task of a wave that moves a system changed status (`status`: the task's status after the move, which may not
 * be written yet). Only called for a task with a system: an ordinary cutover's move reads nothing more.
 */
export async function systemTaskMoved(
	w: CutoverWriter,
	task: { id: string; systemId: string; status: string },
	now: Date
): Promise<void> {
	const programmeId = w.cutover.programmeId;
	if (!programmeId) return;
	const tasks = (await runbook.systemTaskStatuses(w.tx, w.cutover.id, task.systemId)).map((t) =>
		t.id === task.id ? { ...t, status: task.status } : t
	);
	await w.also(programmeId, async (p) => {
		const system = await q.systemById(p.tx, task.systemId);
		if (!system) return;
		const iso = (d: Date | null) => d?.toISOString() ?? null;
		const held = { startedAt: iso(system.startedAt), movedAt: iso(system.movedAt) };
		const next = systemProgress(
			tasks.map((t) => ({ status: t.status, systemStep: t.systemStep as StepKind | null })),
			held,
			now.toISOString()
		);
		const changed = (['startedAt', 'movedAt'] as const).filter((k) => next[k] !== held[k]);
		if (changed.length === 0) return;
		const date = (s: string | null) => (s ? new Date(s) : null);
		const view = await saveSystem(
			p.tx,
			system,
			{ startedAt: date(next.startedAt), movedAt: date(next.movedAt) },
			now
		);
		p.record('programme.system_updated', { system: view, changed: [...changed, 'stage'] });
	});
}
