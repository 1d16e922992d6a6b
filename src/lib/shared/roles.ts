/** Roles and what each may do. One table, used by the server to authorize and by the UI to hide actions. */

/** The roles of people, the most powerful first (single sign-on gives the first any group maps to). */
export const ROLES = ['admin', 'operator', 'steering', 'task_owner', 'comms', 'viewer'] as const;
/**
 * The roles an API token may carry: a person's, or `metrics`, a monitoring system's token that may push metric
 * samples and nothing else (not even read a board). No person has it.
 */
export const TOKEN_ROLES = [...ROLES, 'metrics'] as const;
export type UserRole = (typeof ROLES)[number];
export type Role = (typeof TOKEN_ROLES)[number];

export type Permission =
	| 'users.manage'
	/** Read the access audit log (sign-ins, lockouts, changes to users and tokens). */
	| 'audit.read'
	| 'cutover.create'
	| 'cutover.edit'
	| 'runbook.edit'
	| 'task.move_any'
	| 'task.move_own'
	| 'transfer.report'
	/** Push metric samples (monitoring systems, with a token). Defining metrics is a runbook edit. */
	| 'metrics.write'
	/** Open decision points and keep their criteria (voting and outcomes go by name: voters, chair). */
	| 'decision.open'
	/** Keep a readiness criterion one owns (by username or team): its state and evidence. */
	| 'criterion.keep_own'
	/**
	 * Be named as a voter, or as the chair who records the outcome, and act as one. Not operators: the people who
	 * run the cutover produce the evidence and the steering group judges it (four eyes).
	 */
	| 'decision.vote'
	| 'decision.chair'
	/** Record (or correct) the outcome of any decision point, when its chair cannot. */
	| 'decision.record_any'
	/** Move the staged opening: advance, hold, step back, restrict a part of the service (recorded acts). */
	| 'opening.steer'
	/**
	 * Open incidents and run them: status, severity, roles, affected services, restoration order. The named Major
	 * Incident Manager of an incident may run that incident whatever their role (checked by the service).
	 */
	| 'incident.manage'
	/** Add notes and corrections to an incident's timeline: everyone in the room, as themselves. */
	| 'incident.note'
	/** Keep the catalogue of services: define them, set a status by hand, restrict them. */
	| 'service.manage'
	/** Write user notices and publish them (after a second approval where the cutover asks for one). */
	| 'notice.write'
	/** Approve another person's notice for publication. */
	| 'notice.approve'
	/**
	 * Run a programme: its inventory of systems, runbook templates, building waves from them, asking testers for
	 * their sign-off and recording it on a tester's behalf.
	 */
	| 'programme.manage';

const GRANTS: Record<Role, readonly Permission[]> = {
	admin: [
		'users.manage',
		'audit.read',
		'cutover.create',
		'cutover.edit',
		'runbook.edit',
		'task.move_any',
		'task.move_own',
		'transfer.report',
		'metrics.write',
		'decision.open',
		'criterion.keep_own',
		'decision.vote',
		'decision.chair',
		'decision.record_any',
		'opening.steer',
		'incident.manage',
		'incident.note',
		'service.manage',
		'notice.write',
		'notice.approve',
		'programme.manage'
	],
	operator: [
		'cutover.create',
		'cutover.edit',
		'runbook.edit',
		'task.move_any',
		'task.move_own',
		'transfer.report',
		'metrics.write',
		'decision.open',
		'criterion.keep_own',
		'opening.steer',
		'incident.manage',
		'incident.note',
		'service.manage',
		'programme.manage'
	],
	steering: ['task.move_own', 'criterion.keep_own', 'decision.vote', 'decision.chair', 'incident.note'],
	// Migration scripts report with a task owner's token (the team that runs the transfer).
	task_owner: ['task.move_own', 'criterion.keep_own', 'transfer.report', 'incident.note'],
	comms: ['task.move_own', 'criterion.keep_own', 'incident.note', 'notice.write', 'notice.approve'],
	viewer: [],
	metrics: ['metrics.write']
};

/** Roles that feed a cutover without seeing it: every request but their own writes is refused. */
const FEED_ONLY: readonly Role[] = ['metrics'];

export function can(role: Role, permission: Permission): boolean {
	return GRANTS[role].includes(permission);
}

/** Whether a role may read cutovers (boards, lists, events): all but the feed-only ones. */
export function mayRead(role: Role): boolean {
	return !FEED_ONLY.includes(role);
}

/** A role that may only look (a wall screen's token must have one). */
export function readOnly(role: Role): boolean {
	return GRANTS[role].length === 0;
}

/** Whether a user (by username and team) owns a task whose owner field is a username or a team name. */
export function ownsTask(owner: string, who: { username: string; team: string | null }): boolean {
	return owner === who.username || (who.team !== null && owner === who.team);
}
