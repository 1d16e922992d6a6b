/** The decisions slice: a decision point followed through its events, and what a snapshot seeds. */
import { describe, expect, it, vi } from 'vitest';
import { tally } from '../../shared/decisions';
import type {
	NoticeDraftView,
	OutcomeView,
	VoteView,
	WindowChangeView
} from '../../shared/schemas/decisions';
import { LiveCutover } from '../live-cutover.svelte';
import { decision, event, joined, snapshot, useFakeSocket, vote, WINDOW_START } from './test-fixtures';
import { fakeSocket } from './test-socket';

vi.mock('../socket', () => import('./test-socket'));
useFakeSocket();

describe('the decisions slice', () => {
	it('follows a decision point: opened, criterion, votes (a changed vote replaces), an extension with its notice', async () => {
		const live = await joined(10);
		const opened = decision('GO-1');
		fakeSocket.fire('cutover:event', event(11, 'decision.opened', { decision: opened }));
		expect(live.decisions.points.map((d) => d.key)).toEqual(['GO-1']);

		fakeSocket.fire(
			'cutover:event',
			event(12, 'decision.criterion_updated', {
				decision: 'GO-1',
				criterion: { ...opened.criteria[0], state: 'met', version: 2, evidenceNote: 'report 7' }
			})
		);
		expect(live.decisions.point('GO-1')!.criteria).toMatchObject([
			{ id: 'crit-1', state: 'met', version: 2 }
		]);

		const v1 = vote('v1', 'sam', 'no_go');
		const v2 = vote('v2', 'stina', 'go');
		const v3 = vote('v3', 'sam', 'go', 'v1');
		const voted = (seq: number, v: VoteView, votes: VoteView[]) =>
			event(seq, 'decision.voted', { decision: 'GO-1', vote: v, tally: tally({ ...opened, votes }) });
		fakeSocket.fire('cutover:event', voted(13, v1, [v1]));
		expect(tally(live.decisions.point('GO-1')!).blockedBy).toEqual(['sam']);
		fakeSocket.fire('cutover:event', voted(14, v2, [v1, v2]));
		fakeSocket.fire('cutover:event', voted(15, v3, [v1, v2, v3]));
		// A duplicate (the same vote again, as after a resync) is not counted twice.
		fakeSocket.fire('cutover:event', voted(15, v3, [v1, v2, v3]));
		const d = live.decisions.point('GO-1')!;
		expect(d.votes.map((v) => v.id)).toEqual(['v1', 'v2', 'v3']);
		expect(tally(d)).toMatchObject({ go: 2, noGo: 0, cast: 2, quorumMet: true, blockedBy: [] });

		const newEnd = '2024-10-11T01:00:00.000Z';
		const outcome: OutcomeView = {
			id: 'o1',
			kind: 'extend',
			rationale: 'transfers are slow',
			newWindowEnd: newEnd,
			previousWindowEnd: '2024-10-10T23:00:00.000Z',
			riskAccepted: null,
			followUps: [],
			recordedBy: 'Stina',
			at: WINDOW_START,
			supersedes: null,
			evidence: { forecast: null, readiness: d.criteria, tally: tally(d) }
		};
		const change: WindowChangeView = {
			at: WINDOW_START,
			from: '2024-10-10T23:00:00.000Z',
			to: newEnd,
			by: 'Stina',
			rationale: 'transfers are slow',
			decision: 'GO-1'
		};
		const notice: NoticeDraftView = {
			id: 'n1',
			decision: 'GO-1',
			outcomeKind: 'extend',
			status: 'draft',
			texts: {
				en: { title: 'Extended', body: 'until 04:00' },
				fi: { title: 'Jatkettu', body: 'klo 04.00 asti' },
				sv: { title: 'Förlängt', body: 'till 04.00' }
			},
			createdAt: WINDOW_START
		};
		const cutover = { ...live.cutover, windowEnd: newEnd, version: 2 };
		fakeSocket.fire(
			'cutover:event',
			event(16, 'decision.recorded', {
				decision: { ...d, status: 'decided', outcomes: [outcome] },
				outcome,
				window: { cutover, change },
				notice
			})
		);
		expect(live.decisions.point('GO-1')).toMatchObject({ status: 'decided', outcomes: [{ id: 'o1' }] });
		expect(live.cutover.windowEnd).toBe(newEnd);
		expect(live.decisions.windowHistory.map((w) => w.to)).toEqual(['2024-10-10T23:00:00.000Z', newEnd]);
		expect(live.decisions.noticeDrafts.map((n) => n.id)).toEqual(['n1']);
		// Decision events belong in the activity feed.
		expect(live.activity.map((e) => e.type)).toEqual([
			'decision.recorded',
			'decision.voted',
			'decision.voted',
			'decision.voted',
			'decision.criterion_updated',
			'decision.opened'
		]);
		live.destroy();
	});

	it('seeds decisions, window history and notice drafts from the snapshot', () => {
		const snap = snapshot(10);
		snap.decisions = [decision('B-2', { position: 2 }), decision('A-1')];
		const live = new LiveCutover(snap, { now: Date.parse(WINDOW_START) });
		expect(live.decisions.points.map((d) => d.key)).toEqual(['B-2', 'A-1']);
		expect(live.decisions.windowHistory).toHaveLength(1);
		expect(live.decisions.point('A-1')!.criteria).toHaveLength(1);
	});
});
