/**
 * A programme's inventory as a file: CSV or an Excel workbook (.xlsx, its first sheet), one system a row under a
 * header naming the columns in any order. Every problem of every bad row is reported at once with its line (the
 * spreadsheet's row number, the CSV's line) and its column, so the sheet is fixed in one go; a file with any bad
 * row gives no systems at all. The export writes the same columns, so a file read, edited and sent back updates
 * the inventory by key.
 */
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import type { FieldIssue } from '../../shared/i18n';
import { fieldIssue, fieldReason } from '../../shared/i18n/field-issues';
import { CRITICALITIES, ENVIRONMENTS } from '../../shared/programmes/rules';
import { systemInput, type SystemInput, type SystemView } from '../../shared/schemas/programmes';
import { ValidationError } from '../errors';

export const CSV_TYPE = 'text/csv';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export type InventoryFormat = 'csv' | 'xlsx';

/** The file's columns, as the export writes them. */
export const INVENTORY_COLUMNS = [
	'key',
	'name',
	'agency',
	'environment',
	'vms',
	'machines',
	'criticality',
	'contactName',
	'contactEmail',
	'testers',
	'template'
] as const;
type Column = (typeof INVENTORY_COLUMNS)[number];

const REQUIRED: readonly Column[] = [
	'key',
	'name',
	'agency',
	'environment',
	'criticality',
	'contactName',
	'contactEmail'
];
/** A 10,000-system inventory fits (the budget's import); a file of more is refused whole. */
export const MAX_SYSTEMS = 10_000;
/** A 10,000-system file with machine lists and several testers each fits (about 3 MB as CSV); more is a 413. */
export const MAX_INVENTORY_BYTES = 10_000_000;
/** Bad lines named in the message; the details list the problems of every bad line (up to MAX_LISTED). */
const MAX_NAMED = 10;
const MAX_LISTED = 1000;

/** "Contact name", "contact_name" and "CONTACTNAME" all name one column; a few other words people use too. */
const normalize = (name: string) => name.toLowerCase().replace(/[\s_-]+/g, '');
const ALIASES: Record<string, Column> = {
	system: 'name',
	systemname: 'name',
	env: 'environment',
	vmcount: 'vms',
	virtualmachines: 'vms',
	hosts: 'machines',
	contact: 'contactName',
	email: 'contactEmail',
	contactmail: 'contactEmail',
	tester: 'testers',
	templatekey: 'template',
	kind: 'template'
};
const COLUMN_BY_NORMAL = new Map<string, Column>([
	...INVENTORY_COLUMNS.map((c) => [normalize(c), c] as const),
	...Object.entries(ALIASES)
]);

/** Where a schema's field stands in the file: the column a user sees. */
const COLUMN_OF_FIELD: Record<string, Column> = { vmCount: 'vms', templateKey: 'template' };

/** One row of the file as text cells, with its line: what both formats come to before they are checked. */
interface FileRow {
	line: number;
	cells: string[];
}

/** Reads an inventory file into systems, or throws a ValidationError naming every bad row. */
export async function readInventoryFile(bytes: Buffer, format: InventoryFormat): Promise<SystemInput[]> {
	return rowsToSystems(format === 'xlsx' ? await xlsxRows(bytes) : csvRows(bytes.toString('utf8')));
}

const unreadable = (kind: string, err: unknown) =>
	new ValidationError({
		reason: 'errors.inventoryUnreadable',
		params: { kind, error: err instanceof Error ? err.message : String(err) }
	});

/** Spreadsheets in Nordic locales export with semicolons: take them when the header has no comma. */
function delimiterOf(text: string): string {
	const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
	return !header.includes(',') && header.includes(';') ? ';' : ',';
}

/** A cell the export guarded against formulas ("'=x") reads as it was ("=x"), so a file round-trips. */
const unguarded = (cell: string) => (/^'[=+\-@]/.test(cell) ? cell.slice(1) : cell);

function csvRows(text: string): FileRow[] {
	try {
		const records = parseCsv(text, {
			delimiter: delimiterOf(text),
			bom: true,
			info: true,
			trim: true,
			skip_empty_lines: true,
			relax_column_count: true,
			max_record_size: 100_000
		}) as unknown as { record: string[]; info: { lines: number } }[];
		return records.map(({ record, info }) => ({ line: info.lines, cells: record.map(unguarded) }));
	} catch (err) {
		throw unreadable('CSV', err);
	}
}

async function xlsxRows(bytes: Buffer): Promise<FileRow[]> {
	const workbook = new ExcelJS.Workbook();
	try {
		await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
	} catch (err) {
		throw unreadable('Excel (.xlsx)', err);
	}
	const sheet = workbook.worksheets[0];
	if (!sheet) return [];
	// Counted before the cells are read: a sheet of a million rows is refused without walking it.
	if (sheet.actualRowCount > MAX_SYSTEMS + 1) throw tooMany(sheet.actualRowCount - 1);
	const rows: FileRow[] = [];
	sheet.eachRow((row, line) => {
		const cells: string[] = [];
		// cell.text is what the sheet shows: a hyperlinked address's text, a formula's result, a number as written.
		row.eachCell({ includeEmpty: true }, (cell, column) => (cells[column - 1] = cell.text.trim()));
		rows.push({ line, cells: Array.from(cells, (c) => c ?? '') });
	});
	return rows;
}

const tooMany = (count: number) =>
	new ValidationError({ reason: 'errors.inventoryTooManyRows', params: { count, max: MAX_SYSTEMS } });

/** A line's problems in English, as the message names them: "line 3: name: is required, vms: …". */
const lineText = (line: number, issues: FieldIssue[]) =>
	`line ${line}: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join(', ')}`;

/** "Tove Tester <tove@example.org>", or a bare address (named by it). */
function testerOf(text: string): { name: string; email: string } | null {
	const named = /^(.*?)\s*<([^<>\s]+)>$/.exec(text);
	if (named) return { name: named[1].replace(/^"|"$/g, '').trim() || named[2], email: named[2] };
	return /^[^\s<>@]+@[^\s<>@]+$/.test(text) ? { name: text, email: text } : null;
}

/** Host names separated by `;`, commas, spaces or lines. */
export const readMachines = (text: string): string[] => text.split(/[\s;,]+/).filter(Boolean);

/** Testers separated by `;` or lines, each "Name <email>" or an address; `unread` lists those that are neither. */
export function readTesters(text: string): { testers: { name: string; email: string }[]; unread: string[] } {
	const testers: { name: string; email: string }[] = [];
	const unread: string[] = [];
	for (const part of text.split(/[;\n]+/).map((t) => t.trim()))
		if (part) {
			const tester = testerOf(part);
			if (tester) testers.push(tester);
			else unread.push(part);
		}
	return { testers, unread };
}

/** Testers as the file and the form write them. */
export const testersText = (testers: readonly { name: string; email: string }[], separator = '; '): string =>
	testers.map((t) => `${t.name} <${t.email}>`).join(separator);

function header(row: FileRow): Map<Column, number> {
	const index = new Map<Column, number>();
	const unknown: string[] = [];
	row.cells.forEach((name, i) => {
		if (!name) return;
		const column = COLUMN_BY_NORMAL.get(normalize(name));
		if (!column) unknown.push(name);
		else if (index.has(column)) unknown.push(`${name} (twice)`);
		else index.set(column, i);
	});
	const missing = REQUIRED.filter((c) => !index.has(c));
	if (!index.has('vms') && !index.has('machines')) missing.push('vms');
	if (unknown.length || missing.length) {
		const issues = [
			...(missing.length ? [fieldIssue('', 'csvMissingColumns', { columns: missing.join(', ') })] : []),
			...(unknown.length ? [fieldIssue('', 'csvUnknownColumns', { columns: unknown.join(', ') })] : [])
		].map((issue) => ({ ...issue, line: row.line }));
		const params = {
			problems: issues.map((i) => i.message).join('; '),
			expected: INVENTORY_COLUMNS.join(',')
		};
		throw new ValidationError({ reason: 'errors.inventoryHeader', params }, issues);
	}
	return index;
}

/** A row's cells to a system, or the problems of the row, each naming its column. */
function rowToSystem(cell: (c: Column) => string): { system: SystemInput } | { issues: FieldIssue[] } {
	const issues: FieldIssue[] = [];
	const machines = readMachines(cell('machines'));
	const vms = cell('vms');
	if (vms && !/^\d+$/.test(vms)) issues.push(fieldIssue('vms', 'inventoryWholeNumber', { value: vms }));
	const { testers, unread } = readTesters(cell('testers'));
	for (const value of unread) issues.push(fieldIssue('testers', 'inventoryTester', { value }));
	const choice = (column: Column, choices: readonly string[]) => {
		const value = cell(column);
		const lower = value.toLowerCase();
		if (value && !choices.includes(lower))
			issues.push(fieldIssue(column, 'inventoryChoice', { choices: choices.join(', '), value }));
		return lower;
	};
	const parsed = systemInput.safeParse({
		key: cell('key'),
		name: cell('name'),
		agency: cell('agency'),
		environment: choice('environment', ENVIRONMENTS),
		// Without a count, the machines listed are the count.
		vmCount: vms ? Number(vms) : machines.length || undefined,
		machines,
		criticality: choice('criticality', CRITICALITIES),
		contactName: cell('contactName'),
		contactEmail: cell('contactEmail'),
		testers,
		templateKey: cell('template') || null
	});
	if (parsed.success && issues.length === 0) return { system: parsed.data };
	const flagged = new Set(issues.map((i) => i.path));
	for (const issue of parsed.success ? [] : parsed.error.issues) {
		const field = String(issue.path[0] ?? '');
		const path = COLUMN_OF_FIELD[field] ?? field;
		// A cell already flagged above says it better (an empty choice is still "is required").
		if (flagged.has(path)) continue;
		flagged.add(path);
		issues.push({ path, message: issue.message, ...fieldReason(issue) });
	}
	return { issues };
}

function rowsToSystems(rows: FileRow[]): SystemInput[] {
	const [head, ...body] = rows;
	if (!head) throw new ValidationError({ reason: 'errors.inventoryEmpty' });
	const index = header(head);
	const filled = body.filter((r) => r.cells.some((c) => c !== ''));
	if (filled.length > MAX_SYSTEMS) throw tooMany(filled.length);

	const problems: FieldIssue[][] = [];
	const systems: SystemInput[] = [];
	const lineOfKey = new Map<string, number>();
	for (const { line, cells } of filled) {
		const cell = (c: Column) => {
			const i = index.get(c);
			return i === undefined ? '' : (cells[i] ?? '').trim();
		};
		const read = rowToSystem(cell);
		const issues = 'issues' in read ? read.issues : [];
		if ('system' in read) {
			const first = lineOfKey.get(read.system.key);
			if (first !== undefined)
				issues.push(fieldIssue('key', 'csvKeyUsed', { key: read.system.key, line: first }));
			else {
				lineOfKey.set(read.system.key, line);
				systems.push(read.system);
			}
		}
		if (issues.length) problems.push(issues.map((issue) => ({ ...issue, line })));
	}
	if (problems.length) {
		const more = problems.length > MAX_NAMED ? `; and ${problems.length - MAX_NAMED} more bad lines` : '';
		const named = problems.slice(0, MAX_NAMED).map((issues) => lineText(issues[0].line!, issues));
		throw new ValidationError(
			{
				reason: 'errors.inventoryBadLines',
				params: { count: problems.length, problems: named.join('; ') + more }
			},
			problems.flat().slice(0, MAX_LISTED)
		);
	}
	if (systems.length === 0) throw new ValidationError({ reason: 'errors.inventoryNoSystems' });
	return systems;
}

/** A system as the file's cells, in INVENTORY_COLUMNS order. */
const cellsOf = (s: SystemView): string[] => [
	s.key,
	s.name,
	s.agency,
	s.environment,
	String(s.vmCount),
	s.machines.join('; '),
	s.criticality,
	s.contactName,
	s.contactEmail,
	testersText(s.testers),
	s.templateKey ?? ''
];

/** A CSV cell: quoted when it must be, and never read as a formula (see unguarded). */
function csvCell(text: string): string {
	const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
	return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The inventory as CSV (RFC 4180, CRLF), with a BOM so that spreadsheets read it as UTF-8. */
export const inventoryCsv = (systems: readonly SystemView[]): string =>
	'\uFEFF' +
	[[...INVENTORY_COLUMNS], ...systems.map(cellsOf)]
		.map((row) => row.map(csvCell).join(',') + '\r\n')
		.join('');

/** The inventory as an Excel workbook: one sheet, the header frozen. */
export async function inventoryXlsx(systems: readonly SystemView[]): Promise<Buffer> {
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet('Inventory', { views: [{ state: 'frozen', ySplit: 1 }] });
	sheet.addRow([...INVENTORY_COLUMNS]).font = { bold: true };
	for (const s of systems) {
		const cells: (string | number)[] = cellsOf(s);
		cells[4] = s.vmCount;
		sheet.addRow(cells);
	}
	return Buffer.from(await workbook.xlsx.writeBuffer());
}
