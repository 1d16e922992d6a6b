/**
 * A runbook template made into one system's tasks, pure: each step a task keyed `SYSTEM.step`, titled with the
 * system's name, owned by the step's owner (`@contact`: the system's contact person, `@tester`: its first
 * tester), waiting for the step before it and for the system's window.
 */
import type { StepKind, Tester } from './rules';

export interface TemplateStepLike {
	key: string;
	title: string;
	phase: string;
	durationMinutes: number;
	owner: string;
	kind: StepKind;
}

export interface SystemLike {
	key: string;
	name: string;
	contactName: string;
	testers: readonly Tester[];
}

export interface StepTask {
	key: string;
	title: string;
	phase: string;
	owner: string;
	durationMinutes: number;
	notBefore: string | null;
	dependsOn: string[];
	systemStep: StepKind;
}

export const CONTACT_OWNER = '@contact';
export const TESTER_OWNER = '@tester';

/** The step's owner for this system; a system without testers gives `@tester` steps to its contact. */
export function ownerFor(owner: string, system: SystemLike): string {
	if (owner === CONTACT_OWNER) return system.contactName;
	if (owner === TESTER_OWNER) return system.testers[0]?.name ?? system.contactName;
	return owner;
}

export const stepTaskKey = (systemKey: string, stepKey: string) => `${systemKey}.${stepKey}`;

/** The system's tasks, in the template's order. */
export function stepTasks(
	system: SystemLike,
	steps: readonly TemplateStepLike[],
	notBefore: string | null
): StepTask[] {
	return steps.map((step, i) => ({
		key: stepTaskKey(system.key, step.key),
		title: `${step.title}: ${system.name}`,
		phase: step.phase,
		owner: ownerFor(step.owner, system),
		durationMinutes: step.durationMinutes,
		notBefore,
		dependsOn: i === 0 ? [] : [stepTaskKey(system.key, steps[i - 1].key)],
		systemStep: step.kind
	}));
}

/** How a system's tasks stand, as its row keeps it: when the first started, when its work was all done. */
export interface SystemProgress {
	startedAt: string | null;
	movedAt: string | null;
}

type TaskState = { status: string; systemStep: StepKind | null };
const finished = (status: string) => status === 'done' || status === 'skipped';

/**
 * A system's progress from its tasks: started once any task has left not_started (kept from when it first
 * did), moved once every work step is finished (cleared when one is reopened).
 */
export function systemProgress(
	tasks: readonly TaskState[],
	held: SystemProgress,
	now: string
): SystemProgress {
	const started = tasks.some((t) => t.status !== 'not_started');
	const work = tasks.filter((t) => t.systemStep === 'work');
	const moved = work.length > 0 && work.every((t) => finished(t.status));
	return {
		startedAt: started ? (held.startedAt ?? now) : null,
		movedAt: moved ? (held.movedAt ?? now) : null
	};
}

/** The text of a step per line, as the template page's text editor reads and writes it. */
export const STEP_LINE_FIELDS = ['key', 'title', 'phase', 'durationMinutes', 'owner', 'kind'] as const;

export const stepToLine = (s: TemplateStepLike) =>
	[s.key, s.title, s.phase, String(s.durationMinutes), s.owner, s.kind].join(' | ');

/** Lines `key | title | phase | minutes | owner | kind` to steps (kind left out: work); blank lines skipped. */
export function linesToSteps(text: string): Record<string, unknown>[] {
	return text
		.split(/\r?\n/)
		.map((l) => l.trim())
		.filter((l) => l.length > 0)
		.map((l) => {
			const [key, title, phase, minutes, owner, kind] = l.split('|').map((p) => p.trim());
			const durationMinutes = Number(minutes);
			return {
				key: key ?? '',
				title: title ?? '',
				phase: phase ?? '',
				durationMinutes: minutes && Number.isFinite(durationMinutes) ? durationMinutes : minutes,
				owner: owner ?? '',
				kind: kind || 'work'
			};
		});
}
