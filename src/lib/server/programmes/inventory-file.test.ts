import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app';
import { testDatabases } from '../db/test-db';
import { ConflictError, ValidationError } from '../errors';
import { eventsAfter } from '../events/event.service';
import { rejection, testActor, testAdmin, testProgramme } from '../testing';

const testViewer = testActor('viewer');
import { readInventoryFile } from './inventory-file';
import { exportInventory, importInventoryFile, updateSystem } from './inventory.service';
import { getProgramme } from './programme.service';

const HEADER = [
	'Key',
	'Name',
	'Agency',
	'Environment',
	'VMs',
	'Machines',
	'Criticality',
	'Contact name',
	'Contact email',
	'Testers',
	'Template'
];
const GOOD = [
	[
		'PAY-1',
		'Payroll',
		'Finance office',
		'test',
		'2',
		'pay-app1; pay-db1',
		'high',
		'Kari Nordmann',
		'kari@example.org',
		'Tove Tester <tove@example.org>; Ola <ola@example.org>',
		'vm-lift'
	],
	[
		'LIB-1',
		'Library',
		'Culture agency',
		'Production',
		'',
		'lib-app1 lib-app2 lib-db1',
		'low',
		'Siri Contact',
		'siri@example.org',
		'',
		''
	]
];

/** A real workbook, as a spreadsheet program writes it: a sheet of text and numbers, an address as a link. */
async function workbook(rows: (string | number | ExcelJS.CellHyperlinkValue)[][]): Promise<Buffer> {
	const book = new ExcelJS.Workbook();
	const sheet = book.addWorksheet('Systems');
	for (const row of rows) sheet.addRow(row);
	return Buffer.from(await book.xlsx.writeBuffer());
}

const csv = (rows: string[][]) =>
	Buffer.from(
		rows.map((r) => r.map((c) => (/[",;\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\n')
	);

/** The problems of a refused file as [line, column] pairs. */
function problems(err: unknown): [number | undefined, string][] {
	expect(err).toBeInstanceOf(ValidationError);
	return ((err as ValidationError).details as { line?: number; path: string }[]).map((i) => [i.line, i.path]);
}

describe('inventory files', () => {
	it('reads a real .xlsx: numbers as counts, a hyperlinked address as its text, testers by name and address', async () => {
		const file = await workbook([
			HEADER,
			[
				...GOOD[0].slice(0, 4),
				2,
				...GOOD[0].slice(5, 8),
				{ text: 'kari@example.org', hyperlink: 'mailto:kari@example.org' },
				...GOOD[0].slice(9)
			],
			GOOD[1]
		]);
		const systems = await readInventoryFile(file, 'xlsx');
		expect(systems).toEqual([
			expect.objectContaining({
				key: 'PAY-1',
				vmCount: 2,
				machines: ['pay-app1', 'pay-db1'],
				contactEmail: 'kari@example.org',
				testers: [
					{ name: 'Tove Tester', email: 'tove@example.org' },
					{ name: 'Ola', email: 'ola@example.org' }
				],
				templateKey: 'vm-lift'
			}),
			// Without a count, the machines listed are the count; a choice in any case.
			expect.objectContaining({
				key: 'LIB-1',
				environment: 'production',
				vmCount: 3,
				testers: [],
				templateKey: null
			})
		]);
	});

	it('reports every bad row of a .xlsx with its sheet row and column, a key listed twice on its second line', async () => {
		const bad = (changes: Record<number, string>) => GOOD[0].map((c, i) => changes[i] ?? c);
		const file = await workbook([
			HEADER,
			GOOD[0],
			[],
			bad({ 0: 'PAY-2', 3: 'staging', 4: 'two' }),
			bad({ 0: 'PAY-3', 8: 'not an address', 9: 'Tove Tester tove' }),
			bad({ 0: 'PAY-1' }),
			bad({ 0: 'PAY-4', 1: '', 4: '1' })
		]);
		const err = await rejection(readInventoryFile(file, 'xlsx'));
		expect(problems(err)).toEqual([
			[4, 'vms'],
			[4, 'environment'],
			[5, 'testers'],
			[5, 'contactEmail'],
			[6, 'key'],
			[7, 'name'],
			// Two machines listed, one counted.
			[7, 'vms']
		]);
		expect(err.reason).toBe('errors.inventoryBadLines');
		expect(err.params).toMatchObject({ count: 4 });
		expect(err.message).toContain('line 6: key: "PAY-1" is already used on line 2');
	});

	it('reads CSV with semicolons and names a missing column from the header', async () => {
		const text = [HEADER, ...GOOD].map((r) => r.map((c) => `"${c}"`).join(';')).join('\r\n');
		expect((await readInventoryFile(Buffer.from(text), 'csv')).map((s) => s.key)).toEqual(['PAY-1', 'LIB-1']);
		const err = await rejection(readInventoryFile(csv([HEADER.slice(1), GOOD[0].slice(1)]), 'csv'));
		expect(err.reason).toBe('errors.inventoryHeader');
		expect(err.message).toContain('the header lacks the column(s) key');
	});

	it('refuses what is no workbook, and an empty file', async () => {
		expect((await rejection(readInventoryFile(Buffer.from('PK not a zip'), 'xlsx'))).reason).toBe(
			'errors.inventoryUnreadable'
		);
		expect((await rejection(readInventoryFile(Buffer.from(''), 'csv'))).reason).toBe('errors.inventoryEmpty');
		expect((await rejection(readInventoryFile(csv([HEADER]), 'csv'))).reason).toBe(
			'errors.inventoryNoSystems'
		);
	});
});

describe.each(testDatabases())('the inventory import and edits on $kind', (database) => {
	let app: App;

	beforeAll(async () => {
		app = await database.open();
	});
	afterAll(() => database.close());

	it('imports nothing from a file with a bad row, then imports it fixed and updates by key', async () => {
		const programme = await testProgramme(app);
		const refused = await workbook([HEADER, GOOD[0], GOOD[1].map((c, i) => (i === 6 ? 'vital' : c))]);
		const err = await rejection(importInventoryFile(app, testAdmin, programme.slug, refused, 'xlsx'));
		expect(problems(err)).toEqual([[3, 'criticality']]);
		expect((await getProgramme(app, testAdmin, programme.slug)).systems).toEqual([]);
		expect(await eventsAfter(app, programme.id, 0)).toHaveLength(1); // its creation only

		const first = await importInventoryFile(
			app,
			testAdmin,
			programme.slug,
			await workbook([HEADER, ...GOOD]),
			'xlsx'
		);
		expect(first).toEqual({ created: 2, updated: 0, unchanged: 0 });
		const renamed = csv([HEADER, GOOD[0].map((c, i) => (i === 1 ? 'Payroll and HR' : c)), GOOD[1]]);
		expect(await importInventoryFile(app, testAdmin, programme.slug, renamed, 'csv')).toEqual({
			created: 0,
			updated: 1,
			unchanged: 1
		});
		const read = await getProgramme(app, testAdmin, programme.slug);
		expect(read.systems.map((s) => [s.key, s.name, s.version])).toEqual([
			['LIB-1', 'Library', 1],
			['PAY-1', 'Payroll and HR', 2]
		]);
		expect(read.counts.total).toEqual({ systems: 2, machines: 5 });
	});

	it('exports CSV and .xlsx that import again unchanged', async () => {
		const programme = await testProgramme(app);
		const formulaLike = GOOD[1].map((c, i) => (i === 1 ? '=Library, "new"' : c));
		await importInventoryFile(app, testAdmin, programme.slug, csv([HEADER, GOOD[0], formulaLike]), 'csv');
		for (const format of ['csv', 'xlsx'] as const) {
			const file = await exportInventory(app, testViewer, programme.slug, format);
			const body = typeof file.body === 'string' ? Buffer.from(file.body) : file.body;
			expect(await importInventoryFile(app, testAdmin, programme.slug, body, format)).toEqual({
				created: 0,
				updated: 0,
				unchanged: 2
			});
		}
		const csvText = (await exportInventory(app, testAdmin, programme.slug, 'csv')).body as string;
		// Never read as a formula by a spreadsheet.
		expect(csvText).toContain(`"'=Library, ""new"""`);
	});

	it('changes one system by hand, recomputes nothing it need not, and refuses a stale version', async () => {
		const programme = await testProgramme(app);
		await importInventoryFile(app, testAdmin, programme.slug, csv([HEADER, ...GOOD]), 'csv');
		const changed = await updateSystem(app, testAdmin, programme.slug, 'PAY-1', {
			testers: [{ name: 'Uma', email: 'uma@example.org' }],
			expectedVersion: 1
		});
		expect(changed).toMatchObject({ version: 2, stage: 'unplanned', machines: ['pay-app1', 'pay-db1'] });
		expect(changed.testers).toEqual([{ name: 'Uma', email: 'uma@example.org' }]);
		const events = await eventsAfter(app, programme.id, 0);
		expect(events.at(-1)).toMatchObject({
			type: 'programme.system_updated',
			data: { changed: ['testers'] }
		});
		const stale = await rejection(
			updateSystem(app, testAdmin, programme.slug, 'PAY-1', { name: 'X', expectedVersion: 1 })
		);
		expect(stale).toBeInstanceOf(ConflictError);
		const tooFew = await rejection(updateSystem(app, testAdmin, programme.slug, 'PAY-1', { vmCount: 1 }));
		expect(problems(tooFew)).toEqual([[undefined, 'vmCount']]);
		expect(
			(await rejection(updateSystem(app, testViewer, programme.slug, 'PAY-1', { name: 'X' }))).status
		).toBe(403);
		expect(
			(await rejection(importInventoryFile(app, testViewer, programme.slug, csv([HEADER, ...GOOD]), 'csv')))
				.status
		).toBe(403);
	});
});
