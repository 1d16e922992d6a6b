/**
 * Go/no-go decisions on a live board: decision points with their criteria, votes and outcomes, the window's
 * changes and the notice drafts decisions leave. Votes and outcomes are never edited, only added (a changed vote
 * is a new one that supersedes the old), so a replayed event adds nothing twice. An extension moves the
 * cutover's window end in the same event, and the board's projection follows.
 */
import type { BoardSnapshot } from '../../shared/events';
import type {
	CriterionView,
	DecisionRecorded,
	DecisionView,
	NoticeDraftView,
	VoteView,
	WindowChangeView
} from '../../shared/schemas/decisions';
import type { LiveCore } from './core.svelte';
import type { LiveSlice, Reducers } from './slices';

type DecisionEvents =
	'decision.opened' | 'decision.criterion_updated' | 'decision.voted' | 'decision.recorded';

export class DecisionsSlice implements LiveSlice<DecisionEvents> {
	/** Decision points in the order opened, each with its criteria, votes and outcomes. */
	points = $state.raw<DecisionView[]>([]);
	/** The window end as planned, then each change, oldest first. */
	windowHistory = $state.raw<WindowChangeView[]>([]);
	/** Notice drafts left by decisions, newest first. */
	noticeDrafts = $state.raw<NoticeDraftView[]>([]);

	readonly #core: LiveCore;

	constructor(core: LiveCore) {
		this.#core = core;
	}

	readonly reducers: Reducers<DecisionEvents> = {
		'decision.opened': ({ data }) => this.#put(data.decision),
		'decision.criterion_updated': ({ data }) => this.#applyCriterion(data.decision, data.criterion),
		'decision.voted': ({ data }) => this.#applyVote(data.decision, data.vote),
		'decision.recorded': ({ data }) => this.#applyRecorded(data)
	};

	reset(snapshot: BoardSnapshot): void {
		this.points = snapshot.decisions ?? [];
		this.windowHistory = snapshot.windowHistory ?? [];
		this.noticeDrafts = snapshot.noticeDrafts ?? [];
	}

	/** A decision point by key, or undefined. */
	point(key: string): DecisionView | undefined {
		return this.points.find((d) => d.key === key);
	}

	/** Adds a decision point, or replaces the one with its key. */
	#put(decision: DecisionView): void {
		const exists = this.points.some((d) => d.key === decision.key);
		this.points = exists
			? this.points.map((d) => (d.key === decision.key ? decision : d))
			: [...this.points, decision].sort((a, b) => a.position - b.position);
	}

	#update(key: string, change: (d: DecisionView) => DecisionView): void {
		const current = this.point(key);
		if (current) this.#put(change(current));
	}

	#applyCriterion(key: string, criterion: CriterionView): void {
		this.#update(key, (d) => ({
			...d,
			criteria: d.criteria.some((c) => c.id === criterion.id)
				? d.criteria.map((c) => (c.id === criterion.id ? criterion : c))
				: [...d.criteria, criterion].sort((a, b) => a.position - b.position)
		}));
	}

	#applyVote(key: string, vote: VoteView): void {
		this.#update(key, (d) =>
			d.votes.some((v) => v.id === vote.id) ? d : { ...d, votes: [...d.votes, vote] }
		);
	}

	#applyRecorded(recorded: DecisionRecorded): void {
		const { outcome, window, notice } = recorded;
		if (!this.point(recorded.decision.key)) this.#put(recorded.decision);
		this.#update(recorded.decision.key, (d) => ({
			...d,
			status: 'decided',
			outcomes: d.outcomes.some((o) => o.id === outcome.id) ? d.outcomes : [...d.outcomes, outcome]
		}));
		if (window) {
			this.#core.adoptCutover(window.cutover);
			const seen = this.windowHistory.some(
				(w) => w.at === window.change.at && w.to === window.change.to && w.decision === window.change.decision
			);
			if (!seen) this.windowHistory = [...this.windowHistory, window.change];
		}
		if (notice && !this.noticeDrafts.some((n) => n.id === notice.id))
			this.noticeDrafts = [notice, ...this.noticeDrafts];
	}
}
