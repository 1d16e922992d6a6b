/**
 * Reads a runbook from CSV, the format people keep runbooks in (spreadsheets exported as CSV). One row per task;
 * the header names the columns in any order. Phases come in the order they first appear. Every problem of every
 * bad row is reported with its line number and field (in `details`, with its reason), so a planner can fix the
 * sheet in one go.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { readClockTime } from '../../shared/clock-time';
import type { FieldIssue } from '../../shared/i18n';
import { fieldIssue, fieldReason } from '../../shared/i18n/field-issues';
import { taskCreateInput, type RunbookImportInput, type TaskCreateInput } from '../../shared/schemas/runbook';
import { isValidTimeZone, toZonedIso } from '../../shared/time';
import { ValidationError } from '../errors';

export const RUNBOOK_CSV_COLUMNS = [
	'key',
	'title',
	'phase',
	'owner',
	'durationMinutes',
	'dependsOn',
	'notBefore',
	'description',
	'dependsOnTransfers',
	'rehearsalMinutes'
] as const;
type Column = (typeof RUNBOOK_CSV_COLUMNS)[number];

const REQUIRED: readonly Column[] = ['key', 'title', 'phase', 'owner', 'durationMinutes'];
const MAX_TASKS = 10_000;
/** Bad lines named in the message; the details list the problems of every bad line (up to MAX_LISTED). */
const MAX_REPORTED = 10;
const MAX_LISTED = 1000;

/** "Depends on", "depends_on" and "DEPENDSON" all name the dependsOn column. */
const normalize = (name: string) => name.toLowerCase().replace(/[\s_-]+/g, '');
const COLUMN_BY_NORMAL = new Map(RUNBOOK_CSV_COLUMNS.map((c) => [normalize(c), c]));

/** Spreadsheets in Nordic locales export with semicolons: take them when the header has no comma. */
function detectDelimiter(text: string): string {
	const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
	return !header.includes(',') && header.includes(';') ? ';' : ',';
}

/**
 * A "not before" cell to an ISO time with offset, or the issue on the field: ISO times with an offset or Z are
 * kept; dates and times as people write them ("2024-10-10 18:00", "10.10.2024 18.00", "10 Oct 2024, 18:00") are
 * clock time in the cutover's zone (see clock-time.ts).
 */
function notBeforeToIso(cell: string, timeZone: string): { iso: string | null } | { issue: FieldIssue } {
	if (!cell) return { iso: null };
	const reading = readClockTime(cell, timeZone);
	if ('instant' in reading) return { iso: toZonedIso(reading.instant, timeZone) };
	if (reading.problem === 'skipped')
		return { issue: fieldIssue('notBefore', 'clockTimeSkipped', { time: cell, zone: timeZone }) };
	return { issue: fieldIssue('notBefore', 'csvTime', { zone: timeZone, value: cell }) };
}

/** A line's problems in English, as the message names them: "line 3: title: is required, owner: …". */
const lineText = (line: number, issues: FieldIssue[]) =>
	`line ${line}: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join(', ')}`;

/** A cell holding several values: "A1, A2" or "A1;A2" or "A1 A2". */
const list = (cell: string) => cell.split(/[\s,;]+/).filter(Boolean);

/** Parses runbook CSV text into the import shape; throws a ValidationError naming the lines of bad rows. */
export function parseRunbookCsv(text: string, timeZone: string): RunbookImportInput {
	if (!isValidTimeZone(timeZone))
		throw new ValidationError({ reason: 'errors.csvUnknownTimeZone', params: { timeZone } });
	let records: { record: string[]; info: { lines: number } }[];
	try {
		records = parseCsv(text, {
			delimiter: detectDelimiter(text),
			bom: true,
			info: true,
			trim: true,
			skip_empty_lines: true,
			relax_column_count: true,
			max_record_size: 100_000
		}) as unknown as typeof records;
	} catch (err) {
		throw new ValidationError({
			reason: 'errors.csvUnreadable',
			params: { error: err instanceof Error ? err.message : String(err) }
		});
	}
	if (records.length === 0) throw new ValidationError({ reason: 'errors.csvEmpty' });

	const [header, ...rows] = records;
	const index = new Map<Column, number>();
	const unknown: string[] = [];
	header.record.forEach((name, i) => {
		const column = COLUMN_BY_NORMAL.get(normalize(name));
		if (!column) unknown.push(name || `(empty, column ${i + 1})`);
		else if (index.has(column)) unknown.push(`${name} (twice)`);
		else index.set(column, i);
	});
	const missing = REQUIRED.filter((c) => !index.has(c));
	if (unknown.length || missing.length) {
		const issues = [
			...(missing.length ? [fieldIssue('', 'csvMissingColumns', { columns: missing.join(', ') })] : []),
			...(unknown.length ? [fieldIssue('', 'csvUnknownColumns', { columns: unknown.join(', ') })] : [])
		].map((issue) => ({ ...issue, line: header.info.lines }));
		const params = {
			problems: issues.map((i) => i.message).join('; '),
			expected: RUNBOOK_CSV_COLUMNS.join(',')
		};
		throw new ValidationError({ reason: 'errors.csvHeader', params }, issues);
	}
	if (rows.length > MAX_TASKS)
		throw new ValidationError({
			reason: 'errors.csvTooManyTasks',
			params: { count: rows.length, max: MAX_TASKS }
		});

	const problems: FieldIssue[][] = [];
	const tasks: TaskCreateInput[] = [];
	const phases: string[] = [];
	const lineOfKey = new Map<string, number>();

	for (const { record, info } of rows) {
		const line = info.lines;
		if (record.every((cell) => cell === '')) continue;
		const cell = (c: Column) => {
			const i = index.get(c);
			return i === undefined ? '' : (record[i] ?? '').trim();
		};
		const rowProblems: FieldIssue[] = [];
		if (record.length > header.record.length)
			rowProblems.push(fieldIssue('', 'csvCells', { cells: record.length, columns: header.record.length }));

		const duration = cell('durationMinutes');
		if (!/^\d+$/.test(duration))
			rowProblems.push(fieldIssue('durationMinutes', 'csvWholeMinutes', { value: duration }));
		const time = notBeforeToIso(cell('notBefore'), timeZone);
		if ('issue' in time) rowProblems.push(time.issue);
		const notBefore = 'iso' in time ? time.iso : null;
		const parsed = taskCreateInput.safeParse({
			key: cell('key'),
			title: cell('title'),
			phase: cell('phase'),
			owner: cell('owner'),
			durationMinutes: Number(duration),
			notBefore,
			dependsOn: list(cell('dependsOn')),
			dependsOnTransfers: list(cell('dependsOnTransfers')),
			rehearsalMinutes: list(cell('rehearsalMinutes')).map(Number),
			description: cell('description') || undefined
		});
		if (!parsed.success) {
			for (const issue of parsed.error.issues) {
				const path = issue.path.join('.').replace(/\.\d+$/, '');
				// The duration and time problems above already say it better.
				if (rowProblems.some((p) => p.path === path && ['durationMinutes', 'notBefore'].includes(path)))
					continue;
				rowProblems.push({ path, message: issue.message, ...fieldReason(issue) });
			}
		} else {
			const firstLine = lineOfKey.get(parsed.data.key);
			if (firstLine !== undefined)
				rowProblems.push(fieldIssue('key', 'csvKeyUsed', { key: parsed.data.key, line: firstLine }));
			else lineOfKey.set(parsed.data.key, line);
		}
		if (rowProblems.length) {
			problems.push(rowProblems.map((issue) => ({ ...issue, line })));
			continue;
		}
		if (parsed.success) {
			tasks.push(parsed.data);
			if (!phases.includes(parsed.data.phase)) phases.push(parsed.data.phase);
		}
	}

	if (problems.length) {
		const more =
			problems.length > MAX_REPORTED ? `; and ${problems.length - MAX_REPORTED} more bad lines` : '';
		const named = problems.slice(0, MAX_REPORTED).map((issues) => lineText(issues[0].line!, issues));
		throw new ValidationError(
			{ reason: 'errors.csvBadLines', params: { count: problems.length, problems: named.join('; ') + more } },
			problems.flat().slice(0, MAX_LISTED)
		);
	}
	if (tasks.length === 0) throw new ValidationError({ reason: 'errors.csvNoTasks' });
	return { phases, tasks };
}
