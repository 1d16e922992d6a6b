import { describe, expect, it } from 'vitest';
import { DECISION_LOG_CSV_COLUMNS, decisionLogCsv, decisionLogMarkdown } from './decision-log';
import type { DecisionView, OutcomeView, Tally, WindowChangeView } from './schemas/decisions';
import type { CutoverView } from './schemas/runbook';

const cutover: CutoverView = {
	id: 'c1',
	slug: 'patients',
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
		expect(text).toContain('## GO-1: Go for \\<b\\>migration\\</b\\>');
		expect(text).not.toContain('<b>');
		expect(text).toContain('> Transfer is slow.\n> Ask vendor \\| escalate');
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

	it('has one row per criterion, vote and outcome, reading back as written', () => {
		expect(text.startsWith('\uFEFF')).toBe(true);
		expect(head).toEqual([...DECISION_LOG_CSV_COLUMNS]);
		expect(rows.map((r) => [r[0], r[2], r[3], r[6]])).toEqual([
			['GO-1', 'criterion', 'k1', 'waived'],
			['GO-1', 'vote', 'v1', 'no_go'],
			['GO-1', 'vote', 'v2', 'go'],
			['GO-1', 'vote', 'v3', 'no_go'],
			['GO-1', 'outcome', 'o1', 'extend']
		]);
		const col = (name: (typeof DECISION_LOG_CSV_COLUMNS)[number]) => DECISION_LOG_CSV_COLUMNS.indexOf(name);
		expect(rows[0][col('reason')]).toBe('Audit, "v2", due Monday');
		expect(rows[2][col('supersedes')]).toBe('v1');
		expect(rows[4][col('text')]).toBe('Transfer is slow.\nAsk vendor | escalate');
		expect(rows[4][col('new_window_end')]).toBe('2024-10-11T08:00:00+03:00');
		expect(rows.every((r) => r.length === DECISION_LOG_CSV_COLUMNS.length)).toBe(true);
	});

	it('keeps user text from being read as a spreadsheet formula', () => {
		const col = DECISION_LOG_CSV_COLUMNS.indexOf('text');
		expect(rows[1][col]).toBe(`'=HYPERLINK("http://evil")`);
	});
});
