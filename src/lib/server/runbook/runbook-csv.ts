/**
 * Reads a runbook from CSV, the format people keep runbooks in (spreadsheets exported as CSV). One row per task;
 * the header names the columns in any order. Phases come in the order they first appear. Every bad row is
 * reported with its line number, so a planner can fix the sheet in one go.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { taskCreateInput, type RunbookImportInput, type TaskCreateInput } from '../../shared/schemas/runbook';
import { isValidTimeZone, toZonedIso, wallTimeToInstant } from '../../shared/time';
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
const MAX_REPORTED = 10;

/** "Depends on", "depends_on" and "DEPENDSON" all name the dependsOn column. */
const normalize = (name: string) => name.toLowerCase().replace(/[\s_-]+/g, '');
const COLUMN_BY_NORMAL = new Map(RUNBOOK_CSV_COLUMNS.map((c) => [normalize(c), c]));

/** Spreadsheets in Nordic locales export with semicolons: take them when the header has no comma. */
function detectDelimiter(text: string): string {
	const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
	return !header.includes(',') && header.includes(';') ? ';' : ',';
}

/**
 * A "not before" cell to an ISO time with offset: ISO times with an offset or Z are kept; wall-clock times
 * ("2024-10-10 18:00", "2024-10-10T18:00", "10.10.2024 18:00") are read in the cutover's time zone.
 */
function notBeforeToIso(cell: string, timeZone: string): string | null {
	if (!cell) return null;
	if (/(?:[zZ]|[+-]\d{2}:?\d{2})$/.test(cell) && cell.includes('T')) return cell;
	let wall: string | null = null;
	const iso = /^(\d{4}-\d{2}-\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(cell);
	if (iso) wall = `${iso[1]}T${iso[2].padStart(2, '0')}:${iso[3]}${iso[4] ? `:${iso[4]}` : ''}`;
	const dotted = /^(\d{1,2})\.(\d{1,2})\.(\d{4})\s+(\d{1,2})[:.](\d{2})$/.exec(cell);
	if (dotted) {
		const [, d, m, y, hh, mm] = dotted;
		wall = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}T${hh.padStart(2, '0')}:${mm}`;
	}
	const instant = wall ? wallTimeToInstant(wall, timeZone) : null;
	if (instant === null || Number.isNaN(instant))
		throw new Error(
			`must be a time like 2024-10-10 18:00 (read in ${timeZone}) or an ISO time with offset, got "${cell}"`
		);
	return toZonedIso(instant, timeZone);
}

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
	if (unknown.length || missing.length)
		throw new ValidationError(
			[
				missing.length ? `the header lacks the column(s) ${missing.join(', ')}` : null,
				unknown.length ? `the header has unknown column(s) ${unknown.join(', ')}` : null
			]
				.filter(Boolean)
				.join('; ') + `; expected the columns ${RUNBOOK_CSV_COLUMNS.join(',')}`
		);
	if (rows.length > MAX_TASKS)
		throw new ValidationError({
			reason: 'errors.csvTooManyTasks',
			params: { count: rows.length, max: MAX_TASKS }
		});

	const problems: string[] = [];
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
		const rowProblems: string[] = [];
		if (record.length > header.record.length)
			rowProblems.push(`has ${record.length} cells but the header has ${header.record.length} columns`);

		const duration = cell('durationMinutes');
		if (!/^\d+$/.test(duration))
			rowProblems.push(`durationMinutes: must be a whole number of minutes, got "${duration}"`);
		let notBefore: string | null = null;
		try {
			notBefore = notBeforeToIso(cell('notBefore'), timeZone);
		} catch (err) {
			rowProblems.push(`notBefore: ${(err as Error).message}`);
		}
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
				const path = issue.path.join('.');
				// The duration and time problems above already say it better.
				if (path === 'durationMinutes' && rowProblems.some((p) => p.startsWith('durationMinutes'))) continue;
				if (path === 'notBefore' && rowProblems.some((p) => p.startsWith('notBefore'))) continue;
				rowProblems.push(path ? `${path.replace(/\.\d+$/, '')}: ${issue.message}` : issue.message);
			}
		} else {
			const firstLine = lineOfKey.get(parsed.data.key);
			if (firstLine !== undefined)
				rowProblems.push(`key: "${parsed.data.key}" is already used on line ${firstLine}`);
			else lineOfKey.set(parsed.data.key, line);
		}
		if (rowProblems.length) {
			problems.push(`line ${line}: ${rowProblems.join(', ')}`);
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
		throw new ValidationError(`${problems.slice(0, MAX_REPORTED).join('; ')}${more}`, { lines: problems });
	}
	if (tasks.length === 0) throw new ValidationError({ reason: 'errors.csvNoTasks' });
	return { phases, tasks };
}
