import { describe, expect, it } from 'vitest';
import { DECISION_LOG_CSV_COLUMNS, decisionLogCsv, decisionLogMarkdown } from './decision-log';
import type { DecisionView, OutcomeView, Tally, WindowChangeView } from './schemas/decisions';
import type { CutoverView } from './schemas/runbook';

const cutover: CutoverView = {
	id: 'c1',
	slug: 'patients',
	kind: 'cutover',
	programmeId: null,
	rehearsalOfId: null,
	name: 'Patient records',
	timezone: 'Europe/Helsinki',
	windowStart: '2024-10-10T15:00:00.000Z',
	windowEnd: '2024-10-11T03:00:00.000Z',
	version: 2,
	lastSeq: 40,
	createdAt: '2024-10-01T09:00:00.000Z'
};

const tallyThen: Tally = {
	go: 1,
	noGo: 1,
	abstain: 0,
	cast: 2,
	quorum: 2,
	quorumMet: true,
	blockedBy: [],
	waitingFor: ['carol']
};

const extend: OutcomeView = {
	id: 'o1',
	kind: 'extend',
	rationale: 'Transfer is slow.\nAsk vendor | escalate',
	newWindowEnd: '2024-10-11T05:00:00.000Z',
	previousWindowEnd: '2024-10-11T03:00:00.000Z',
	riskAccepted: null,
	followUps: [],
	recordedBy: 'chair',
	at: '2024-10-10T20:00:00.000Z',
	supersedes: null,
	evidence: { forecast: null, readiness: [], tally: tallyThen }
};

const decision: DecisionView = {
	key: 'GO-1',
	title: 'Go for <b>migration</b>',
	description: '',
	checkpointTask: 'GATE',
	voters: ['alice', 'bob', 'carol'],
	mandatoryVoters: ['alice'],
	chair: 'chair',
	quorum: 2,
	closesAt: null,
	status: 'decided',
	reviews: null,
	openedWith: { forecast: null },
	createdBy: 'ops',
	createdAt: '2024-10-10T18:00:00.000Z',
	position: 1,
	criteria: [
		{
			id: 'k1',
			title: 'Security audit report',
			owner: 'security',
			state: 'waived',
			reason: 'Audit, "v2", due Monday',
			evidenceLink: 'https://example.org/a.pdf',
			evidenceNote: null,
			position: 1,
			version: 2,
			updatedAt: '2024-10-10T18:30:00.000Z',
			updatedBy: 'sec'
		}
	],
	votes: [
		{
			id: 'v1',
			voter: 'alice',
			voterName: 'Alice',
			vote: 'no_go',
			comment: '=HYPERLINK("http://evil")',
			at: '2024-10-10T19:00:00.000Z',
			supersedes: null
		},
		{
			id: 'v2',
			voter: 'alice',
			voterName: 'Alice',
			vote: 'go',
			comment: null,
			at: '2024-10-10T19:10:00.000Z',
			supersedes: 'v1'
		},
		{
			id: 'v3',
			voter: 'bob',
			voterName: 'Bob',
			vote: 'no_go',
			comment: 'Not yet',
			at: '2024-10-10T19:20:00.000Z',
			supersedes: null
		}
	],
	outcomes: [extend]
};

/** A point that ordered fixes, and the later point that re-reviews two of its three items. */
const ordered: OutcomeView = {
	...extend,
	id: 'o2',
	kind: 'order_fixes',
	rationale: 'Not ready',
	newWindowEnd: null,
	previousWindowEnd: null,
	followUps: [
		{ id: 'f1', title: 'Rerun the capacity test (full load)', owner: 'infra' },
		{ id: 'f2', title: '=Privacy check signed', owner: 'dpo' },
		{ id: 'f3', title: 'Update the runbook', owner: 'ops' }
	]
};
const fixes: DecisionView = {
	...decision,
	key: 'FIX-1',
	title: 'Go live tonight?',
	checkpointTask: '@GATE',
	voters: ['alice', 'bob'],
	mandatoryVoters: [],
	chair: 'chair',
	criteria: [],
	votes: [
		{
			id: 'v4',
			voter: 'alice',
			voterName: 'Alice Sundström (CIO)',
			vote: 'no_go',
			comment: 'Fix *both* first; see [the plan](http://x) & call_me_maybe',
			at: '2024-10-10T19:00:00.000Z',
			supersedes: null
		}
	],
	outcomes: [ordered]
};
const followUp: DecisionView = {
	...fixes,
	key: 'FIX-2',
	title: 'Go live after the fixes?',
	status: 'open',
	reviews: { decision: 'FIX-1', items: ['f2', 'f1'] },
	criteria: [{ ...decision.criteria[0], id: 'k2', title: 'Privacy check signed', owner: 'dpo' }],
	votes: [],
	outcomes: []
};

const history: WindowChangeView[] = [
	{
		at: '2024-10-01T09:00:00.000Z',
		from: null,
		to: '2024-10-11T03:00:00.000Z',
		by: 'ops',
		rationale: null,
		decision: null
	},
	{
		at: '2024-10-10T20:00:00.000Z',
		from: '2024-10-11T03:00:00.000Z',
		to: '2024-10-11T05:00:00.000Z',
		by: 'chair',
		rationale: 'Transfer is slow',
		decision: 'GO-1'
	}
];

/** A minimal RFC 4180 reader, to check the CSV reads back as written. */
function readCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				cell += '"';
				i++;
			} else if (c === '"') quoted = false;
			else cell += c;
		} else if (c === '"') quoted = true;
		else if (c === ',') {
			row.push(cell);
			cell = '';
		} else if (c === '\r' && text[i + 1] === '\n') {
			row.push(cell);
			rows.push(row);
			row = [];
			cell = '';
			i++;
		} else cell += c;
	}
	return rows;
}

describe('the decision log in Markdown', () => {
	const text = decisionLogMarkdown(cutover, [decision], history);

	it('carries the window history, the votes, the tally and the outcome with its evidence, in local time', () => {
		expect(text).toContain('# Decision log: Patient records');
		expect(text).toContain('| 2024-10-01T12:00:00+03:00 | planned: ends 2024-10-11T06:00:00+03:00 | ops |');
		expect(text).toContain(
			'2024-10-11T06:00:00+03:00 → 2024-10-11T08:00:00+03:00 | chair | GO-1 | Transfer is slow |'
		);
		expect(text).toContain('- Voters: alice (mandatory), bob, carol; quorum 2');
		// The tally counts Alice's latest vote only.
		expect(text).toContain(
			'Tally: 1 go, 1 no-go, 0 abstain; 2 of 2 needed for quorum (met); not voted: carol.'
		);
		expect(text).toContain('#### Extend the window');
		expect(text).toContain('- Window end moved from 2024-10-11T06:00:00+03:00 to 2024-10-11T08:00:00+03:00');
		expect(text).toContain('- Readiness then: no criteria');
		expect(text).toContain('| Security audit report | security | waived | Audit, "v2", due Monday |');
	});

	it('renders user text inert: no HTML, no table breaks, lines kept in quotes', () => {
		expect(text).toContain('## GO-1: Go for \\<b>migration\\</b>');
		// Every < is escaped, so no HTML tag can start.
		expect(text).not.toMatch(/(^|[^\\])</m);
		expect(text).toContain('> Transfer is slow.\n> Ask vendor \\| escalate');
	});

	it('escapes only what would turn into Markdown, so names and titles read as typed', () => {
		const log = decisionLogMarkdown(cutover, [fixes], []);
		expect(log).toContain('| Alice Sundström (CIO) (alice) | no-go |');
		expect(log).toContain('Fix \\*both\\* first; see \\[the plan\\](http://x) & call_me_maybe |');
		expect(log).toContain('- Checkpoint task: @GATE');
		const quoted = decisionLogMarkdown(
			cutover,
			[{ ...fixes, description: '# Not a heading\n- not a list\n1. nor this\n> nor a quote' }],
			[]
		);
		expect(quoted).toContain('> \\# Not a heading\n> \\- not a list\n> 1\\. nor this\n> \\> nor a quote');
	});

	it('names the items a follow-up point re-reviews, and the point that follows up an outcome', () => {
		const log = decisionLogMarkdown(cutover, [fixes, followUp], []);
		expect(log).toContain(
			'- Re-reviews the follow-up items of FIX-1: =Privacy check signed (owner dpo); ' +
				'Rerun the capacity test (full load) (owner infra)'
		);
		expect(log).not.toContain('f2');
		const first = log.slice(log.indexOf('## FIX-1'), log.indexOf('## FIX-2'));
		expect(first).toContain(
			'- Follow-up: Update the runbook (owner ops)\n- Followed up by FIX-2: Go live after the fixes?'
		);
		expect(log.slice(log.indexOf('## FIX-2'))).not.toContain('Followed up by');
	});

	it('says when there is nothing yet', () => {
		expect(decisionLogMarkdown(cutover, [], [])).toMatch(
			/No changes recorded\.[\s\S]*No decision points yet\./
		);
	});
});

describe('the decision log in CSV', () => {
	const text = decisionLogCsv(cutover, [decision]);
	const [head, ...rows] = readCsv(text.replace(/^\uFEFF/, ''));

	const col = (name: (typeof DECISION_LOG_CSV_COLUMNS)[number]) => DECISION_LOG_CSV_COLUMNS.indexOf(name);

	it('has one row per criterion, vote and outcome, reading back as written', () => {
		expect(text.startsWith('\uFEFF')).toBe(true);
		expect(head).toEqual([...DECISION_LOG_CSV_COLUMNS]);
		expect(rows.map((r) => [r[col('decision')], r[col('record')], r[col('id')], r[col('value')]])).toEqual([
			['GO-1', 'criterion', 'k1', 'waived'],
			['GO-1', 'vote', 'v1', 'no_go'],
			['GO-1', 'vote', 'v2', 'go'],
			['GO-1', 'vote', 'v3', 'no_go'],
			['GO-1', 'outcome', 'o1', 'extend']
		]);
		expect(rows[0][col('reason')]).toBe('Audit, "v2", due Monday');
		expect(rows[2][col('supersedes')]).toBe('v1');
		expect(rows[4][col('text')]).toBe('Transfer is slow.\nAsk vendor | escalate');
		expect(rows[4][col('new_window_end')]).toBe('2024-10-11T08:00:00+03:00');
		expect(rows.every((r) => r.length === DECISION_LOG_CSV_COLUMNS.length)).toBe(true);
	});

	it("carries each row's chair, voters, quorum and checkpoint", () => {
		expect(rows.map((r) => r[col('chair')])).toEqual(Array(5).fill('chair'));
		expect(rows[0][col('voters')]).toBe('alice (mandatory); bob; carol');
		expect(rows[0][col('quorum')]).toBe('2');
		expect(rows[0][col('checkpoint_task')]).toBe('GATE');
	});

	it('relates a follow-up point to the items it re-reviews, and the ordering outcome to its follow-up', () => {
		const [, ...linked] = readCsv(decisionLogCsv(cutover, [fixes, followUp]).replace(/^\uFEFF/, ''));
		const of = (key: string, record: string) =>
			linked.find((r) => r[col('decision')] === key && r[col('record')] === record)!;
		expect(of('FIX-1', 'outcome')[col('followed_up_by')]).toBe('FIX-2');
		expect(of('FIX-1', 'vote')[col('reviews')]).toBe('');
		expect(of('FIX-2', 'criterion')[col('reviews')]).toBe(
			'FIX-1: =Privacy check signed (owner dpo); Rerun the capacity test (full load) (owner infra)'
		);
	});

	it('keeps user text from being read as a spreadsheet formula', () => {
		expect(rows[1][col('text')]).toBe(`'=HYPERLINK("http://evil")`);
		const [, ...linked] = readCsv(decisionLogCsv(cutover, [fixes, followUp]).replace(/^\uFEFF/, ''));
		expect(linked[0][col('checkpoint_task')]).toBe("'@GATE");
	});
});
