import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { refusalText, translator, type FieldIssue } from '../../shared/i18n';
import { runbookImportInput } from '../../shared/schemas/runbook';
import { ValidationError } from '../errors';
import { RUNBOOK_CSV_COLUMNS, parseRunbookCsv } from './runbook-csv';

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

	it('reads "not before" as clock time in the cutover zone, as people write it, or as ISO with an offset', () => {
		const csv = [
			HEADER,
			'A,One,P,ops,5,,2024-10-10 18:00,',
			'B,Two,P,ops,5,,2024-10-10T18:00:00Z,',
			'C,Three,P,ops,5,,10.10.2024 18:30,',
			'D,Four,P,ops,5,,2024-01-15T08:00,',
			'E,Five,P,ops,5,,"10 Oct 2024, 18:00",',
			'F,Six,P,ops,5,,10.10.2024 klo 18.00,'
		].join('\n');
		const [a, b, c, d, e, f] = parseRunbookCsv(csv, ZONE).tasks;
		expect(a.notBefore).toBe(Date.parse('2024-10-10T18:00:00+03:00'));
		expect(b.notBefore).toBe(Date.parse('2024-10-10T18:00:00Z'));
		expect(c.notBefore).toBe(Date.parse('2024-10-10T18:30:00+03:00'));
		// Winter time in Helsinki is +02:00.
		expect(d.notBefore).toBe(Date.parse('2024-01-15T08:00:00+02:00'));
		// As the UI's languages write a date and time too.
		expect([e.notBefore, f.notBefore]).toEqual([a.notBefore, a.notBefore]);
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

	it('names the line and the field of every problem of every bad row, with a reason to say it in any language', () => {
		const csv = [
			HEADER,
			'A,Good,P,ops,5,,,',
			'B,,P,ops,5,,,',
			'C,Bad duration,P,ops,soon,,,',
			'D,Bad time,P,ops,5,,tomorrow,',
			'A,Duplicate,P,ops,5,,,',
			'bad key!,Title,P,ops,5,,,',
			'E,Spring,P,ops,5,,29.3.2026 3.30,'
		].join('\n');
		const err = failure(csv);
		expect(err.message).toMatch(/^the CSV has 6 bad lines: line 3: title: is required; /);
		expect(err.message).toContain('line 4: durationMinutes: must be a whole number of minutes, got "soon"');
		expect(err.message).toContain('line 5: notBefore:');
		expect(err.message).toContain('line 6: key: "A" is already used on line 2');
		expect(err.message).toMatch(/line 7: key: may contain/);
		expect(err.message).not.toMatch(/(^|; )line 2:/);
		expect(err.reason).toBe('errors.csvBadLines');
		expect(err.params).toMatchObject({ count: 6 });
		const issues = err.details as FieldIssue[];
		expect(issues.map((i) => [i.line, i.path, i.reason])).toEqual([
			[3, 'title', 'fields.required'],
			[4, 'durationMinutes', 'fields.csvWholeMinutes'],
			[5, 'notBefore', 'fields.csvTime'],
			[6, 'key', 'fields.csvKeyUsed'],
			[7, 'key', 'fields.keyCharacters'],
			[8, 'notBefore', 'fields.clockTimeSkipped']
		]);
		expect(issues[3]).toMatchObject({
			message: '"A" is already used on line 2',
			params: { key: 'A', line: 2 }
		});
		expect(refusalText(translator('fi'), issues[1])).toBe(
			'on oltava kokonainen määrä minuutteja, nyt ”soon”'
		);
		expect(refusalText(translator('sv'), issues[3])).toBe('nyckeln ”A” används redan på rad 2');
		expect(refusalText(translator('fi'), issues[5])).toMatch(/^aikaa 29\.3\.2026 3\.30 ei ole vyöhykkeellä/);
		expect(refusalText(translator('fi'), err)).toBe('CSV:ssä on 6 virheellistä riviä, joten mitään ei tuotu');
	});

	it('names the first ten bad lines in its message and lists them all', () => {
		const rows = Array.from({ length: 25 }, (_, i) => `K${i},,P,ops,5,,,`);
		const err = failure([HEADER, ...rows].join('\n'));
		expect(err.message).toMatch(/line 11: title: is required; and 15 more bad lines$/);
		expect(err.message).not.toContain('line 12:');
		expect((err.details as FieldIssue[]).map((i) => i.line)).toEqual(rows.map((_, i) => i + 2));
	});

	it('refuses a header with missing or unknown columns, naming them on its line', () => {
		expect(failure('key,title,phase,owner\nA,B,C,D').message).toContain(
			'lacks the column(s) durationMinutes'
		);
		const unknown = failure('key,title,phase,owner,durationMinutes,deps\nA,B,C,D,5,');
		expect(unknown.message).toBe(
			'the header has unknown column(s) deps; expected the columns ' + RUNBOOK_CSV_COLUMNS.join(',')
		);
		expect(unknown.details).toEqual([
			{
				line: 1,
				path: '',
				message: 'the header has unknown column(s) deps',
				reason: 'fields.csvUnknownColumns',
				params: { columns: 'deps' }
			}
		]);
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
