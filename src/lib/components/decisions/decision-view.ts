/** What the decision components share: who may do what (the server decides in the end) and small summaries. */
import { ownsTask, can } from '$lib/shared/roles';
import type { UserView } from '$lib/shared/schemas/auth';
import type { CriterionView, DecisionView } from '$lib/shared/schemas/decisions';

/** Operators and admins open decision points, follow-up points included. */
export const mayOpenPoints = (user: UserView | null): boolean => !!user && can(user.role, 'decision.open');

/** Operators and admins keep every criterion; a criterion's owner (username or team) keeps their own. */
export function mayKeepCriterion(user: UserView | null, owner: string): boolean {
	if (!user) return false;
	return mayOpenPoints(user) || (can(user.role, 'criterion.keep_own') && ownsTask(owner, user));
}

/** A voter votes while their role may (a member demoted since the point opened no longer does). */
export function mayVote(user: UserView | null, decision: Pick<DecisionView, 'voters'>): boolean {
	return !!user && decision.voters.includes(user.username) && can(user.role, 'decision.vote');
}

/** The chair, while their role may chair, or an admin, records the outcome. */
export function mayRecord(user: UserView | null, decision: Pick<DecisionView, 'chair'>): boolean {
	if (!user) return false;
	return (
		can(user.role, 'decision.record_any') ||
		(user.username === decision.chair && can(user.role, 'decision.chair'))
	);
}

/** Criteria that no longer stand in the way: met or waived (with a reason). */
export function readiness(criteria: readonly CriterionView[]): { met: number; total: number } {
	return {
		met: criteria.filter((c) => c.state === 'met' || c.state === 'waived').length,
		total: criteria.length
	};
}

/** Open points first (in the order opened), then the decided ones. */
export function openFirst(decisions: readonly DecisionView[]): DecisionView[] {
	return [...decisions].sort(
		(a, b) => Number(a.status === 'decided') - Number(b.status === 'decided') || a.position - b.position
	);
}

/** Only http(s) links become links; anything else is shown as text. */
export const safeHref = (link: string | null): string | null =>
	link && /^https?:\/\//i.test(link) ? link : null;
