/**
 * The decision log as files to keep and share: Markdown (readable, printable, with the window's history) and CSV
 * (one row per criterion, vote and outcome, for a spreadsheet). Pure: the server serves them, the UI may build
 * them too, and the UI shares how a follow-up point relates to the point it re-reviews. User text is made inert:
 * escaped in Markdown (no links, HTML or formatting of its own), and in CSV quoted and kept from being read as a
 * spreadsheet formula.
 */
import { standingOutcome, tally } from './decisions';
import type {
	CriterionView,
	DecisionView,
	FollowUpView,
	OutcomeView,
	Tally,
	WindowChangeView
} from './schemas/decisions';
import type { CutoverView } from './schemas/runbook';
import type { ForecastView } from './schemas/transfers';
import { toZonedIso } from './time';

// ---- Follow-ups ----

/** The follow-up items a point re-reviews, with the title and owner they were ordered with. */
export function reviewedItems(decisions: readonly DecisionView[], point: DecisionView): FollowUpView[] {
	if (!point.reviews) return [];
	const ordered = new Map(
		decisions
			.find((d) => d.key === point.reviews?.decision)
			?.outcomes.flatMap((o) => o.followUps)
			.map((f) => [f.id, f] as const)
	);
	return point.reviews.items.flatMap((id) => ordered.get(id) ?? []);
}

/** The points that re-review follow-up items this outcome ordered. */
export function followersOf(decisions: readonly DecisionView[], outcome: OutcomeView): DecisionView[] {
	const ordered = new Set(outcome.followUps.map((f) => f.id));
	return decisions.filter((d) => d.reviews?.items.some((id) => ordered.has(id)));
}

const itemText = (f: FollowUpView) => `${f.title} (owner ${f.owner})`;

// ---- Markdown ----

/**
 * Text inside a line (a heading, a list item, a table cell), line breaks folded. Escaped is only what would
 * make Markdown of it there: code, emphasis, strikethrough, links, HTML, entities, table cell breaks and a
 * heading's closing hashes; parentheses, dots and the like stay as typed.
 */
export function md(text: string | null | undefined): string {
	if (!text) return '';
	return text
		.replace(/\s*\r?\n\s*/g, ' ')
		.trim()
		.replace(/[\\`*~[\]<|]|&(?=#?\w+;)|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, (c) => `\\${c}`)
		.replace(/(^|\s)(#+)$/, '$1\\$2');
}

/** Text that starts a line: also what would open a block there (heading, quote, list, rule, setext line). */
export function mdLine(text: string): string {
	return md(text)
		.replace(/^[#>+=-]/, (c) => `\\${c}`)
		.replace(/^(\d+)([.)])/, '$1\\$2');
}

/** Free text as a quoted block, its lines kept. */
export function quote(text: string): string {
	return text
		.split(/\r?\n/)
		.map((l) => `> ${mdLine(l)}`.trimEnd())
		.join('\n');
}

const row = (cells: string[]) => `| ${cells.map((c) => c || ' ').join(' | ')} |`;
/** A Markdown table of cells already escaped with `md`. */
export const table = (head: string[], rows: string[][]) =>
	[row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');

const VOTE: Record<string, string> = { go: 'go', no_go: 'no-go', abstain: 'abstain' };
const KIND: Record<OutcomeView['kind'], string> = {
	go: 'Go',
	no_go: 'No-go',
	rollback: 'Roll back',
	extend: 'Extend the window',
	accept_risk: 'Go, accepting a stated risk',
	order_fixes: 'Order fixes'
};
const STATE: Record<CriterionView['state'], string> = {
	pending: 'pending',
	met: 'met',
	not_met: 'not met',
	waived: 'waived'
};

function tallyLine(t: Tally): string {
	const parts = [
		`${t.go} go, ${t.noGo} no-go, ${t.abstain} abstain`,
		`${t.cast} of ${t.quorum} needed for quorum (${t.quorumMet ? 'met' : 'not met'})`
	];
	if (t.blockedBy.length) parts.push(`blocked by mandatory no-go: ${t.blockedBy.map(md).join(', ')}`);
	if (t.waitingFor.length) parts.push(`not voted: ${t.waitingFor.map(md).join(', ')}`);
	return parts.join('; ');
}

export function decisionLogMarkdown(
	cutover: CutoverView,
	decisions: DecisionView[],
	windowHistory: WindowChangeView[]
): string {
	const zone = cutover.timezone;
	const at = (iso: string | null) => (iso ? toZonedIso(Date.parse(iso), zone) : '');
	const forecastLine = (f: ForecastView | null) =>
		f
			? `P50 ${at(f.p50)}, P90 ${at(f.p90)}, ${Math.round(f.probability * 100)} % probability of finishing by ${at(f.windowEnd)}${f.atRisk ? ' (at risk)' : ''}`
			: 'none computed';
	const out: string[] = [
		`# Decision log: ${md(cutover.name)}`,
		'',
		`Cutover \`${cutover.slug}\`, window ${at(cutover.windowStart)} to ${at(cutover.windowEnd)} (${md(zone)}).`,
		'',
		'## Window',
		''
	];
	out.push(
		windowHistory.length
			? table(
					['At', 'Change', 'By', 'Decision', 'Rationale'],
					windowHistory.map((w) => [
						at(w.at),
						w.from === null ? `planned: ends ${at(w.to)}` : `${at(w.from)} → ${at(w.to)}`,
						md(w.by),
						md(w.decision),
						md(w.rationale)
					])
				)
			: 'No changes recorded.'
	);
	if (decisions.length === 0) out.push('', '## Decisions', '', 'No decision points yet.');
	for (const d of decisions) {
		const standing = standingOutcome(d.outcomes);
		out.push('', `## ${md(d.key)}: ${md(d.title)}`, '');
		if (d.description) out.push(quote(d.description), '');
		const voters = d.voters.map((v) => (d.mandatoryVoters.includes(v) ? `${md(v)} (mandatory)` : md(v)));
		out.push(
			`- Status: ${standing ? `decided: ${KIND[standing.kind]}` : 'open'}`,
			...(d.checkpointTask ? [`- Checkpoint task: ${md(d.checkpointTask)}`] : []),
			`- Chair: ${md(d.chair)}`,
			`- Voters: ${voters.join(', ')}; quorum ${d.quorum}`,
			...(d.closesAt ? [`- Voting closes: ${at(d.closesAt)}`] : []),
			...(d.reviews
				? [
						`- Re-reviews the follow-up items of ${md(d.reviews.decision)}: ${reviewedItems(decisions, d)
							.map((f) => md(itemText(f)))
							.join('; ')}`
					]
				: []),
			`- Opened by ${md(d.createdBy)} at ${at(d.createdAt)}; forecast then: ${forecastLine(d.openedWith.forecast)}`,
			'',
			'### Readiness criteria',
			''
		);
		out.push(
			d.criteria.length
				? table(
						['Criterion', 'Owner', 'State', 'Reason', 'Evidence', 'Updated'],
						d.criteria.map((c) => [
							md(c.title),
							md(c.owner),
							STATE[c.state],
							md(c.reason),
							[md(c.evidenceLink), md(c.evidenceNote)].filter(Boolean).join('; '),
							c.updatedBy ? `${at(c.updatedAt)} by ${md(c.updatedBy)}` : ''
						])
					)
				: 'None.'
		);
		out.push('', '### Votes', '');
		out.push(
			d.votes.length
				? table(
						['At', 'Voter', 'Vote', 'Comment', 'Replaces'],
						d.votes.map((v) => [
							at(v.at),
							`${md(v.voterName)} (${md(v.voter)})`,
							VOTE[v.vote],
							md(v.comment),
							v.supersedes ? 'an earlier vote' : ''
						])
					)
				: 'No votes.'
		);
		out.push('', `Tally: ${tallyLine(tally(d))}.`, '', '### Outcome', '');
		if (d.outcomes.length === 0) out.push('Not decided yet.');
		for (const o of d.outcomes) {
			const superseded = o !== standing && d.outcomes.some((x) => x.supersedes === o.id);
			out.push(
				`#### ${KIND[o.kind]}${superseded ? ' (superseded)' : o.supersedes ? ' (a correction)' : ''}`,
				'',
				`Recorded by ${md(o.recordedBy)} at ${at(o.at)}.`,
				'',
				quote(o.rationale),
				''
			);
			if (o.kind === 'extend')
				out.push(`- Window end moved from ${at(o.previousWindowEnd)} to ${at(o.newWindowEnd)}`);
			if (o.riskAccepted) out.push(`- Risk accepted: ${md(o.riskAccepted)}`);
			for (const f of o.followUps) out.push(`- Follow-up: ${md(itemText(f))}`);
			for (const f of followersOf(decisions, o)) out.push(`- Followed up by ${md(f.key)}: ${md(f.title)}`);
			const r = o.evidence.readiness;
			const count = (s: CriterionView['state']) => r.filter((c) => c.state === s).length;
			out.push(
				`- Forecast then: ${forecastLine(o.evidence.forecast)}`,
				`- Readiness then: ${r.length ? `${count('met')} met, ${count('not_met')} not met, ${count('waived')} waived, ${count('pending')} pending of ${r.length}` : 'no criteria'}`,
				`- Tally then: ${tallyLine(o.evidence.tally)}`,
				''
			);
		}
	}
	return (
		out
			.join('\n')
			.replace(/\n{3,}/g, '\n\n')
			.trimEnd() + '\n'
	);
}

// ---- CSV ----

export const DECISION_LOG_CSV_COLUMNS = [
	'decision',
	'decision_title',
	'chair',
	'voters',
	'quorum',
	'checkpoint_task',
	'reviews',
	'record',
	'id',
	'at',
	'person',
	'value',
	'text',
	'reason',
	'evidence_link',
	'evidence_note',
	'new_window_end',
	'risk_accepted',
	'follow_ups',
	'followed_up_by',
	'supersedes'
] as const;
type Column = (typeof DECISION_LOG_CSV_COLUMNS)[number];

/** A cell: quoted when it must be, and never read as a formula (a leading = + - @ gets an apostrophe). */
function cell(value: string | number | null | undefined): string {
	let text = value === null || value === undefined ? '' : String(value);
	if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * One row per criterion, vote and outcome of each decision, each row with its point's chair, voters, quorum,
 * checkpoint and the items it re-reviews (RFC 4180, CRLF; UTF-8 with a BOM for spreadsheets).
 */
export function decisionLogCsv(cutover: CutoverView, decisions: DecisionView[]): string {
	const at = (iso: string | null) => (iso ? toZonedIso(Date.parse(iso), cutover.timezone) : '');
	const rows: Partial<Record<Column, string | number | null>>[] = [];
	for (const d of decisions) {
		const base = {
			decision: d.key,
			decision_title: d.title,
			chair: d.chair,
			voters: d.voters.map((v) => (d.mandatoryVoters.includes(v) ? `${v} (mandatory)` : v)).join('; '),
			quorum: d.quorum,
			checkpoint_task: d.checkpointTask,
			reviews: d.reviews
				? `${d.reviews.decision}: ${reviewedItems(decisions, d).map(itemText).join('; ')}`
				: null
		};
		for (const c of d.criteria)
			rows.push({
				...base,
				record: 'criterion',
				id: c.id,
				at: at(c.updatedAt),
				person: c.owner,
				value: c.state,
				text: c.title,
				reason: c.reason,
				evidence_link: c.evidenceLink,
				evidence_note: c.evidenceNote
			});
		for (const v of d.votes)
			rows.push({
				...base,
				record: 'vote',
				id: v.id,
				at: at(v.at),
				person: v.voter,
				value: v.vote,
				text: v.comment,
				supersedes: v.supersedes
			});
		for (const o of d.outcomes)
			rows.push({
				...base,
				record: 'outcome',
				id: o.id,
				at: at(o.at),
				person: o.recordedBy,
				value: o.kind,
				text: o.rationale,
				new_window_end: at(o.newWindowEnd),
				risk_accepted: o.riskAccepted,
				follow_ups: o.followUps.map(itemText).join('; '),
				followed_up_by: followersOf(decisions, o)
					.map((f) => f.key)
					.join('; '),
				supersedes: o.supersedes
			});
	}
	const lines = [
		DECISION_LOG_CSV_COLUMNS.join(','),
		...rows.map((r) => DECISION_LOG_CSV_COLUMNS.map((c) => cell(r[c])).join(','))
	];
	return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
