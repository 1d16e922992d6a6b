/** The go/no-go decisions' API: decision points, readiness criteria, named votes, outcomes and their records. */
import { z } from 'zod';
import { cutoverParams } from '../../shared/schemas/api';
import {
	criterionParams,
	criterionUpdateInput,
	criterionView,
	decisionLogQuery,
	decisionOpenInput,
	decisionParams,
	decisionRecorded,
	decisionView,
	noticeDraftView,
	outcomeInput,
	tallyView,
	voteInput,
	voteView
} from '../../shared/schemas/decisions';
import { endpoint, RawReply } from '../http/endpoint';
import {
	castVote,
	decisionLog,
	getDecision,
	listDecisions,
	listNoticeDrafts,
	openDecision,
	recordOutcome,
	updateCriterion
} from './decision.service';

const DECISIONS = '/api/v1/cutovers/{slug}/decisions';
const DECISION = `${DECISIONS}/{key}`;

export const decisionEndpoints = [
	endpoint({
		id: 'listDecisions',
		method: 'GET',
		path: DECISIONS,
		tag: 'decisions',
		summary: 'Every decision point with its criteria, votes and outcomes, in the order opened',
		params: cutoverParams,
		ok: { schema: z.object({ items: z.array(decisionView) }), description: 'The decision points' },
		errors: [400, 401, 403, 404],
		handle: async ({ ctx, actor, params }) => ({ items: await listDecisions(ctx, actor, params.slug) })
	}),
	endpoint({
		id: 'openDecision',
		method: 'POST',
		path: DECISIONS,
		tag: 'decisions',
		summary: 'Open a decision point (operators and admins)',
		description:
			'Voters, mandatory voters and the chair are usernames of users who can sign in; checkpointTask names a runbook task that cannot be done, and nothing after it can start, until the outcome is go (or accept_risk). reviews names an earlier decision whose standing outcome ordered fixes, and which of its follow-up items this one re-reviews. The forecast at opening is kept with the point. A taken key is 409.',
		access: { permission: 'decision.open' },
		params: cutoverParams,
		body: decisionOpenInput,
		idempotent: true,
		ok: { status: 201, schema: decisionView, description: 'Opened' },
		errors: [400, 401, 403, 404, 409, 413],
		handle: ({ ctx, actor, params, body }) => openDecision(ctx, actor, params.slug, body)
	}),
	endpoint({
		id: 'getDecisionLog',
		method: 'GET',
		path: `${DECISIONS}/log`,
		tag: 'decisions',
		summary: 'The decision log as a Markdown or CSV download',
		description:
			'Every decision with its criteria, votes, outcomes, evidence and rationale (Markdown also carries the window history); CSV has one row per criterion, vote and outcome.',
		params: cutoverParams,
		query: decisionLogQuery,
		ok: {
			schema: z.string(),
			description: 'The log as an attachment',
			contentTypes: ['text/markdown', 'text/csv']
		},
		errors: [400, 401, 403, 404],
		handle: async ({ ctx, actor, params, query }) => {
			const log = await decisionLog(ctx, actor, params.slug, query.format);
			return new RawReply(
				200,
				{
					'content-type': log.contentType,
					'content-disposition': `attachment; filename="${log.filename}"`,
					'cache-control': 'no-store'
				},
				log.body
			);
		}
	}),
	endpoint({
		id: 'getDecision',
		method: 'GET',
		path: DECISION,
		tag: 'decisions',
		summary: 'One decision point',
		params: decisionParams,
		ok: { schema: decisionView, description: 'The decision point' },
		errors: [400, 401, 403, 404],
		handle: ({ ctx, actor, params }) => getDecision(ctx, actor, params.slug, params.key)
	}),
	endpoint({
		id: 'updateCriterion',
		method: 'PATCH',
		path: `${DECISION}/criteria/{id}`,
		tag: 'decisions',
		summary: 'Update a readiness criterion (its state and evidence)',
		description:
			'By operators, admins or the criterion owner (a user or their team). waived needs a reason. Evidence left out is kept; sent empty it is cleared. A stale expectedVersion is 409 with the current criterion.',
		access: { permission: 'decision.open', owner: 'criterion.keep_own' },
		params: criterionParams,
		body: criterionUpdateInput,
		ok: { schema: criterionView, description: 'The updated criterion' },
		errors: [400, 401, 403, 404, 409, 413],
		handle: ({ ctx, actor, params, body }) =>
			updateCriterion(ctx, actor, params.slug, params.key, params.id, body)
	}),
	endpoint({
		id: 'castVote',
		method: 'POST',
		path: `${DECISION}/votes`,
		tag: 'decisions',
		summary: 'Vote go, no-go or abstain (voters only, signed in)',
		description:
			'Votes go by name, so an API token cannot vote (403), nor can anyone who is not a voter (403). A no-go needs a comment. A changed vote is a new vote that supersedes the previous one. After the outcome or the closing time: 409.',
		access: { permission: 'decision.vote', named: 'voter', sessionOnly: true },
		params: decisionParams,
		body: voteInput,
		idempotent: true,
		ok: { schema: z.object({ vote: voteView, tally: tallyView }), description: 'The vote and the new tally' },
		errors: [400, 401, 403, 404, 409, 413],
		handle: ({ ctx, actor, params, body }) => castVote(ctx, actor, params.slug, params.key, body)
	}),
	endpoint({
		id: 'recordOutcome',
		method: 'POST',
		path: `${DECISION}/outcomes`,
		tag: 'decisions',
		summary: 'Record the outcome (the chair or an admin, signed in)',
		description:
			'go and accept_risk need the quorum and no mandatory no-go (409). extend needs a newWindowEnd after the current end (400) and moves the window at once (a cutover.updated event in the same write). A second outcome is 409 unless it supersedes the standing one (a correction). go, rollback and extend leave a notice draft in English, Finnish and Swedish; go also completes the checkpoint task.',
		access: { permission: 'decision.chair', named: 'chair', sessionOnly: true },
		params: decisionParams,
		body: outcomeInput,
		idempotent: true,
		ok: { status: 201, schema: decisionRecorded, description: 'Recorded' },
		errors: [400, 401, 403, 404, 409, 413],
		handle: ({ ctx, actor, params, body }) => recordOutcome(ctx, actor, params.slug, params.key, body)
	}),
	endpoint({
		id: 'listNoticeDrafts',
		method: 'GET',
		path: '/api/v1/cutovers/{slug}/notice-drafts',
		tag: 'decisions',
		summary: 'User notice drafts left by go, rollback and extension outcomes',
		params: cutoverParams,
		ok: { schema: z.object({ items: z.array(noticeDraftView) }), description: 'Newest first' },
		errors: [400, 401, 403, 404],
		handle: async ({ ctx, actor, params }) => ({ items: await listNoticeDrafts(ctx, actor, params.slug) })
	})
];
