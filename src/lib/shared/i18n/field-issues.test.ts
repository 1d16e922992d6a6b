import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { userCreateInput } from '../schemas/auth';
import { criterionUpdateInput, decisionOpenInput, outcomeInput, voteInput } from '../schemas/decisions';
import { cutoverCreateInput, taskCreateInput } from '../schemas/runbook';
import { transferCreateInput } from '../schemas/transfers';
import { fieldReason } from './field-issues';
import { LOCALES, translator } from './index';

const [en, fi, sv] = LOCALES.map(translator);

/** Every issue of a refused input, with its key, and its text in each language. */
function issues(schema: z.ZodType, input: unknown) {
	const result = schema.safeParse(input);
	expect(result.success, JSON.stringify(input)).toBe(false);
	return result.error!.issues.map((issue) => {
		const of = fieldReason(issue);
		const say = (t: typeof en) => (of ? t(of.reason, of.params) : null);
		return {
			path: issue.path.join('.'),
			message: issue.message,
			...of,
			en: say(en),
			fi: say(fi),
			sv: say(sv)
		};
	});
}

/** What the forms send when people get them wrong: every issue must be said in Finnish and Swedish too. */
const REFUSED: [string, z.ZodType, unknown][] = [
	['a no-go vote without a comment', voteInput, { vote: 'no_go' }],
	['a vote that is no choice', voteInput, { vote: 'maybe', comment: 'x'.repeat(2001) }],
	[
		'a task with every field wrong',
		taskCreateInput,
		{
			key: 'bad key!',
			title: '',
			phase: 'P\nQ',
			owner: 'o'.repeat(81),
			durationMinutes: 1.5,
			notBefore: 'tomorrow',
			estimate: { optimistic: 30, likely: 20, pessimistic: 10 },
			rehearsalMinutes: [-1]
		}
	],
	['a task with missing fields', taskCreateInput, { key: 'A', durationMinutes: Number.NaN }],
	[
		'a cutover with a bad slug, zone and window',
		cutoverCreateInput,
		{
			slug: 'A',
			name: '',
			timezone: 'Mars/Olympus',
			windowStart: '2026-12-04T20:00:00+02:00',
			windowEnd: '2026-12-04T18:00:00+02:00'
		}
	],
	['a cutover window out of range', cutoverCreateInput, { windowStart: '0001-01-01T00:00:00Z', extra: 1 }],
	[
		'a decision point without voters',
		decisionOpenInput,
		{ key: 'GO', title: 'Go?', voters: [], mandatoryVoters: ['ann'], chair: '', quorum: 0 }
	],
	[
		'a decision point with a voter twice and too high a quorum',
		decisionOpenInput,
		{ key: 'GO', title: 'Go?', voters: ['ann', 'ann'], chair: 'ann', quorum: 3 }
	],
	['an extension without an end', outcomeInput, { kind: 'extend', rationale: 'more time' }],
	['an accepted risk without words', outcomeInput, { kind: 'accept_risk', rationale: 'ok' }],
	['ordered fixes without items', outcomeInput, { kind: 'order_fixes', rationale: 'fix it' }],
	['a waived criterion without a reason', criterionUpdateInput, { state: 'waived' }],
	['evidence that is no link', criterionUpdateInput, { state: 'met', evidenceLink: 'ftp://host/file' }],
	['evidence that is no URL', criterionUpdateInput, { state: 'met', evidenceLink: 'the wiki' }],
	[
		'a user with a bad name and a short password',
		userCreateInput,
		{ username: 'Ann B', displayName: '', role: 'king', password: 'short' }
	],
	['a transfer with no total', transferCreateInput, { key: 'T', name: 'T', unit: 'rows', total: 0 }],
	[
		'a transfer planned twice, too slowly',
		transferCreateInput,
		{ key: 'T', name: 'T', unit: 'rows', total: 1e12, plannedRatePerHour: 1, plannedMinutes: 60 }
	]
];

describe('a field’s issue', () => {
	it.each(REFUSED)('is said in every language: %s', (_, schema, input) => {
		for (const issue of issues(schema, input)) {
			expect(issue.reason, `${issue.path}: ${issue.message}`).toMatch(/^fields\./);
			// A schema's own words are the English text of their key (numbers in it written as numbers are, with
			// thousands separated); zod's generic words (capitalised) are said from the issue's code.
			const digits = (text: string | null) => text?.replace(/(\d),(\d{3})/g, '$1$2');
			if (/^[a-z“"]/.test(issue.message)) expect(digits(issue.en)).toBe(digits(issue.message));
			expect(issue.fi).not.toBe(issue.en);
			expect(issue.sv).not.toBe(issue.en);
			expect(`${issue.fi} ${issue.sv}`).not.toMatch(/\{\w+\}/);
		}
	});

	it('asks a no-go voter for a comment in Finnish and Swedish', () => {
		expect(issues(voteInput, { vote: 'no_go' })).toEqual([
			{
				path: 'comment',
				message: 'is required with a no-go (say what must change)',
				reason: 'fields.noGoComment',
				en: 'is required with a no-go (say what must change)',
				fi: 'pakollinen, kun äänestät ei jatketa: kerro, mitä pitää muuttaa',
				sv: 'krävs vid kör inte: säg vad som måste ändras'
			}
		]);
	});

	it('carries the limits of its words as numbers, written the way each language writes them', () => {
		const [long] = issues(taskCreateInput.pick({ description: true }), { description: 'x'.repeat(4001) });
		expect(long).toMatchObject({ message: 'must be at most 4000 characters', params: { max: 4000 } });
		expect(long.en).toBe('must be at most 4,000 characters');
		expect(long.fi).toMatch(/^enintään 4\s000 merkkiä$/);
		const [slow] = issues(transferCreateInput, {
			key: 'T',
			name: 'T',
			unit: 'rows',
			total: 1e12,
			plannedRatePerHour: 1
		});
		expect(slow).toMatchObject({ reason: 'fields.planTooSlow', params: { minutes: 100_000 } });
		expect(slow.sv).toMatch(/mer än 100\s000 minuter/);
	});

	it('says zod’s own complaints from their code and limits', () => {
		const schema = z
			.object({ n: z.number().min(1).max(5), whole: z.number().int(), list: z.array(z.string()).max(2) })
			.strict();
		const found = issues(schema, { n: 9, whole: 1.5, list: ['a', 'b', 'c'], extra: true });
		expect(found.map(({ path, reason, params }) => ({ path, reason, params }))).toEqual([
			{ path: 'n', reason: 'fields.atMost', params: { max: 5 } },
			{ path: 'whole', reason: 'fields.wholeNumber', params: undefined },
			{ path: 'list', reason: 'fields.maxItems', params: { max: 2 } },
			{ path: '', reason: 'fields.unknownFields', params: { keys: 'extra' } }
		]);
		expect(found[0].fi).toBe('saa olla enintään 5');
		expect(found[2].sv).toBe('högst 2 poster');
		// A field left out is required, whatever type it should have had.
		expect(issues(z.object({ n: z.number() }), {})[0]).toMatchObject({ reason: 'fields.required' });
	});

	it('has no key when a rule speaks words of its own: the English message is all there is', () => {
		const schema = z.string().refine(() => false, 'a rule of its own');
		expect(fieldReason(schema.safeParse('x').error!.issues[0])).toBeNull();
	});
});
