import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runbookImportInput } from '../../shared/schemas/runbook';
import { ValidationError } from '../errors';
import { parseRunbookCsv } from './runbook-csv';

const ZONE = 'Europe/Helsinki';
const HEADER = 'key,title,phase,owner,durationMinutes,dependsOn,notBefore,description';

function failure(text: string, zone = ZONE): ValidationError {
	try {
		parseRunbookCsv(text, zone);
	} catch (err) {
		expect(err).toBeInstanceOf(ValidationError);
		return err as ValidationError;
	}
	throw new Error('expected a ValidationError');
}

describe('parseRunbookCsv', () => {
	it('reads tasks, phases in order of first appearance, and dependencies split by spaces, commas or semicolons', () => {
		const csv = [
			HEADER,
			'A,Freeze,Prepare,ops,15,,,Stop changes',
			'B,Backup,Migrate,dba,60,A,,',
			'C,Announce,Prepare,comms,5,A,,',
			'D,Switch,Open,ops,10,"B, C",,',
			'E,Verify,Open,qa,20,B;C D,,'
		].join('\n');
		const result = parseRunbookCsv(csv, ZONE);
		expect(result.phases).toEqual(['Prepare', 'Migrate', 'Open']);
		expect(result.tasks.map((t) => t.key)).toEqual(['A', 'B', 'C', 'D', 'E']);
		expect(result.tasks[0]).toMatchObject({
			title: 'Freeze',
			owner: 'ops',
			durationMinutes: 15,
			dependsOn: []
		});
		expect(result.tasks[0].description).toBe('Stop changes');
		expect(result.tasks[3].dependsOn).toEqual(['B', 'C']);
		expect(result.tasks[4].dependsOn).toEqual(['B', 'C', 'D']);
		expect(result.tasks[1].notBefore ?? null).toBeNull();
	});

	it('reads "not before" as wall time in the cutover zone, or as ISO with an offset', () => {
		const csv = [
			HEADER,
			'A,One,P,ops,5,,2024-10-10 18:00,',
			'B,Two,P,ops,5,,2024-10-10T18:00:00Z,',
			'C,Three,P,ops,5,,10.10.2024 18:30,',
			'D,Four,P,ops,5,,2024-01-15T08:00,'
		].join('\n');
		const [a, b, c, d] = parseRunbookCsv(csv, ZONE).tasks;
		expect(a.notBefore).toBe(Date.parse('2024-10-10T18:00:00+03:00'));
		expect(b.notBefore).toBe(Date.parse('2024-10-10T18:00:00Z'));
		expect(c.notBefore).toBe(Date.parse('2024-10-10T18:30:00+03:00'));
		// Winter time in Helsinki is +02:00.
		expect(d.notBefore).toBe(Date.parse('2024-01-15T08:00:00+02:00'));
	});

	it('accepts columns in any order, header names in any case, a BOM, CRLF and semicolon-separated files', () => {
		const csv =
			'\uFEFFTitle;Key;Phase;Owner;Duration_Minutes\r\nFreeze;A;Prepare;ops;15\r\nBackup;B;Prepare;dba;30\r\n';
		const result = parseRunbookCsv(csv, ZONE);
		expect(result.tasks.map((t) => [t.key, t.title, t.durationMinutes])).toEqual([
			['A', 'Freeze', 15],
			['B', 'Backup', 30]
		]);
	});

	it('keeps commas, quotes and line breaks inside quoted cells as text', () => {
		const csv = `${HEADER}\nA,"Stop ""batch"" jobs, all of them",P,ops,5,,,"line one\nline two"\n`;
		const [a] = parseRunbookCsv(csv, ZONE).tasks;
		expect(a.title).toBe('Stop "batch" jobs, all of them');
		expect(a.description).toBe('line one\nline two');
	});

	it('names the line and the field of every bad row', () => {
		const csv = [
			HEADER,
			'A,Good,P,ops,5,,,',
			'B,,P,ops,5,,,',
			'C,Bad duration,P,ops,soon,,,',
			'D,Bad time,P,ops,5,,tomorrow,',
			'A,Duplicate,P,ops,5,,,',
			'bad key!,Title,P,ops,5,,,'
		].join('\n');
		const err = failure(csv);
		expect(err.message).toContain('line 3: title: is required');
		expect(err.message).toContain('line 4: durationMinutes: must be a whole number of minutes, got "soon"');
		expect(err.message).toContain('line 5: notBefore:');
		expect(err.message).toContain('line 6: key: "A" is already used on line 2');
		expect(err.message).toMatch(/line 7: key: may contain/);
		expect(err.message).not.toMatch(/(^|; )line 2:/);
	});

	it('refuses a header with missing or unknown columns, naming them', () => {
		expect(failure('key,title,phase,owner\nA,B,C,D').message).toContain(
			'lacks the column(s) durationMinutes'
		);
		expect(failure('key,title,phase,owner,durationMinutes,deps\nA,B,C,D,5,').message).toContain(
			'unknown column(s) deps'
		);
	});

	it('refuses empty input, a header without tasks, unreadable CSV and rows with too many cells', () => {
		expect(failure('').message).toContain('empty');
		expect(failure(`${HEADER}\n`).message).toContain('no tasks');
		expect(failure(`${HEADER}\nA,"unclosed,P,ops,5,,,`).message).toContain('cannot be read');
		expect(failure(`${HEADER}\nA,T,P,ops,5,,,,extra`).message).toContain('line 2: has 9 cells');
	});

	it('refuses an unknown time zone', () => {
		expect(failure(`${HEADER}\nA,T,P,ops,5,,,`, 'Mars/Olympus').message).toContain('time zone');
	});

	it('reads the sample runbook shipped in static/ into a valid import', () => {
		const text = readFileSync(new URL('../../../../static/sample-runbook.csv', import.meta.url), 'utf8');
		const result = parseRunbookCsv(text, ZONE);
		expect(result.phases.length).toBe(3);
		expect(result.tasks.length).toBeGreaterThanOrEqual(10);
		const keys = new Set(result.tasks.map((t) => t.key));
		for (const t of result.tasks) for (const d of t.dependsOn) expect(keys.has(d)).toBe(true);
		// The parsed result is what the import service takes; its ISO-free shape must match the schema's output.
		expect(
			runbookImportInput.safeParse({
				phases: result.phases,
				tasks: result.tasks.map((t) => ({
					...t,
					notBefore: t.notBefore ? new Date(t.notBefore).toISOString() : null
				}))
			}).success
		).toBe(true);
	});
});
