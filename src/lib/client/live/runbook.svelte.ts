/**
 * The runbook on a live board: its phases, its tasks (a reactive cell each, ./board.svelte.ts), and the board's
 * projection of them, derived again from the window, the transfers the tasks wait for and the clock whenever the
 * core paces it (at most every few seconds, or shortly after a change). Moving a task is the runbook's command.
 */ import { deriveBoard, mayMoveTask, type BoardDerivation } from '../../shared/board-view';
import type { Ack, ErrorBody } from '../../shared/realtime';
import type { BoardSnapshot } from '../../shared/events';
import type { BoardTask, PhaseView, TaskView } from '../../shared/schemas/runbook';
import type { TransferView } from '../../shared/schemas/transfers';
import type { TaskStatus } from '../../shared/task-status';
import { applyDerivation, groupByPhase, TaskCell, type Forecast, type PhaseGroup } from './board.svelte';
import type { LiveCore } from './core.svelte';
import type { LiveSlice, Reducers } from './slices';

type RunbookEvents =
	| 'phase.created'
	| 'task.created'
	| 'task.updated'
	| 'task.transitioned'
	| 'runbook.imported'
	| 'runbook.rehearsal_recorded';

export class RunbookSlice implements LiveSlice<RunbookEvents> {
	phases = $state.raw<PhaseView[]>([]);
	/** Tasks grouped by phase, in order; replaced only when the runbook's structure changes. */
	groups = $state.raw<PhaseGroup[]>([]);
	/** Every task key in board order; replaced only when the structure changes. */
	order = $state.raw<string[]>([]);
	/** The board's own projection from the schedule (the server's Monte Carlo forecast is the transfers'). */
	forecast = $state.raw<Forecast>() as Forecast;
	/** Not reactive itself: cells are added and removed together with a new `order`. */
	readonly cells = new Map<string, TaskCell>();

	readonly #core: LiveCore;
	/** Tasks may wait for transfers, so the projection reads the streams. */
	readonly #transfers: { readonly streams: TransferView[] };
	#derivation: BoardDerivation | null = null;

	constructor(core: LiveCore, transfers: { readonly streams: TransferView[] }) {
		this.#core = core;
		this.#transfers = transfers;
	}

	readonly reducers: Reducers<RunbookEvents> = {
		'phase.created': ({ data }) => {
			this.phases = [...this.phases.filter((p) => p.id !== data.phase.id), data.phase];
			this.#changed(true);
		},
		'task.created': ({ data }) => {
			this.cells.set(data.task.key, new TaskCell(data.task));
			this.#changed(true);
		},
		'task.updated': ({ data }) => this.#putTask(data.task),
		'task.transitioned': ({ data }) => this.#putTask(data.task),
		'runbook.imported': ({ data }) => {
			this.phases = data.phases;
			this.#setTasks(data.tasks);
			this.#changed(true);
		},
		'runbook.rehearsal_recorded': ({ data }) => {
			for (const task of data.tasks) this.#putTask(task);
		}
	};

	reset(snapshot: BoardSnapshot): void {
		this.phases = snapshot.phases;
		this.#setTasks(snapshot.tasks);
		this.#restructure();
	}

	cell(key: string): TaskCell | undefined {
		return this.cells.get(key);
	}

	/** Tasks in board order (reads every cell: for small derived lists such as "my tasks"). */
	get tasks(): BoardTask[] {
		return this.order.map((k) => this.cells.get(k)!.task);
	}

	/** Whether the signed-in user may move a task with this owner (the server decides in the end). */
	canMove(owner: string): boolean {
		return this.#core.user !== null && mayMoveTask(this.#core.user, owner);
	}

	/** The derivation behind the cells' flags (planned/projected slots), for views that need more. */
	get derivation(): BoardDerivation | null {
		// Reading `forecast` makes callers follow each recomputation.
		void this.forecast;
		return this.#derivation;
	}

	#setTasks(tasks: readonly BoardTask[]): void {
		this.cells.clear();
		for (const t of tasks) this.cells.set(t.key, new TaskCell(t));
	}

	#putTask(task: TaskView): void {
		const cell = this.cells.get(task.key);
		if (!cell) {
			this.cells.set(task.key, new TaskCell(task));
			return this.#changed(true);
		}
		const moved = cell.task.phase !== task.phase || cell.task.position !== task.position;
		cell.task = task;
		this.#changed(moved);
	}

	/** After a change: the board derives again shortly, and a change of structure regroups the rows at once. */
	#changed(structure: boolean): void {
		if (structure) this.#restructure();
		this.#core.invalidate();
	}

	/** A task record from an ack or a conflict: newer than ours (by version) replaces ours. */
	#applyTask(task: TaskView): void {
		const cell = this.cells.get(task.key);
		if (cell && task.version > cell.task.version) {
			cell.task = task;
			this.#core.invalidate();
		}
	}

	#restructure(): void {
		this.groups = groupByPhase(this.phases, this.cells.values());
		this.order = this.groups.flatMap((g) => g.keys);
	}

	derive(): void {
		const { cutover, now } = this.#core;
		const d = deriveBoard({
			windowStart: Date.parse(cutover.windowStart),
			windowEnd: Date.parse(cutover.windowEnd),
			phases: this.phases,
			tasks: [...this.cells.values()].map((c) => c.task),
			transfers: this.#transfers.streams,
			now
		});
		this.#derivation = d;
		this.forecast = applyDerivation(this.cells, d, now);
	}

	// ---- commands ---------------------------------------------------------------------------------------

	/**
	 * Moves a task, sending the version we show so a concurrent move is refused rather than overwritten. On a
	 * conflict the current task from the server replaces ours and the board's message says what happened.
	 */
	async transition(key: string, to: TaskStatus, note?: string): Promise<Ack<TaskView>> {
		const cell = this.cells.get(key);
		const core = this.#core;
		if (!cell)
			return this.#fail(
				{
					code: 'not_found',
					message: `no task "${key}" in this cutover`,
					reason: 'errors.taskNotFound',
					params: { key }
				},
				key
			);
		if (!core.connected) {
			core.message = { kind: 'offline', key };
			return { ok: false, error: { code: 'internal', message: 'not connected: the move was not sent' } };
		}
		const expectedVersion = cell.task.version;
		cell.pending = true;
		try {
			const res = await core.command('task:transition', {
				slug: core.slug,
				key,
				to,
				expectedVersion,
				...(note?.trim() ? { note: note.trim() } : {})
			});
			if (!res.ok) return this.#fail(res.error, key, expectedVersion);
			this.#applyTask(res.data);
			if (core.message && 'key' in core.message && core.message.key === key) core.message = null;
			return res;
		} finally {
			cell.pending = false;
		}
	}

	#fail(error: ErrorBody, key: string, sentVersion?: number): Ack<TaskView> {
		const current = (error.details as { task?: TaskView } | undefined)?.task;
		if (error.code === 'conflict' && current && current.key === key) {
			this.#applyTask(current);
			this.#core.message =
				sentVersion !== undefined && current.version !== sentVersion
					? { kind: 'conflict', key, status: current.status }
					: { kind: 'refused', key, refusal: error };
		} else this.#core.message = { kind: 'refused', key, refusal: error };
		return { ok: false, error };
	}
}
