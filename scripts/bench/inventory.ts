/**
 * Inventory import: how long a programme's inventory of 10,000 systems takes to be read, validated and stored on
 * PostgreSQL (budget 5 s), from a CSV and from an Excel workbook, each into a programme of its own, through the
 * service a file upload goes through. Every figure is the median over the repeats.
 */
import ExcelJS from 'exceljs';
import { performance } from 'node:perf_hooks';
import { createApp } from '../../src/lib/server/app';
import { createPostgresDatabase } from '../../src/lib/server/db/test-db';
import { INVENTORY_COLUMNS } from '../../src/lib/server/programmes/inventory-file';
import { importInventoryFile } from '../../src/lib/server/programmes/inventory.service';
import { testAdmin, testProgramme } from '../../src/lib/server/testing';

export interface InventoryBenchResult {
	systems: number;
	repeats: number;
	csvBytes: number;
	xlsxBytes: number;
	/** Median milliseconds from the file's bytes to the systems committed. */
	csvMs: number;
	xlsxMs: number;
}

/** Scenario 3's inventory, scaled: agencies, both environments, a few machines and testers each. */
function rows(systems: number): string[][] {
	return Array.from({ length: systems }, (_, i) => {
		const vms = 1 + (i % 7);
		return [
			`SYS-${i + 1}`,
			`System ${i + 1} of agency ${i % 40}`,
			`Agency ${i % 40}`,
			i % 4 === 0 ? 'production' : 'test',
			String(vms),
			Array.from({ length: vms }, (_, m) => `sys${i + 1}-vm${m + 1}.example.internal`).join(';'),
			['low', 'medium', 'high', 'critical'][i % 4],
			`Contact ${i % 300}`,
			`contact${i % 300}@agency${i % 40}.example.org`,
			`Tester ${i % 500} <tester${i % 500}@example.org>; Second ${i % 90} <second${i % 90}@example.org>`,
			i % 3 === 0 ? 'vm-lift' : 'vm-rebuild'
		];
	});
}

const csvOf = (table: string[][]) =>
	Buffer.from([[...INVENTORY_COLUMNS], ...table].map((r) => r.map((c) => `"${c}"`).join(',')).join('\r\n'));

async function xlsxOf(table: string[][]): Promise<Buffer> {
	const book = new ExcelJS.Workbook();
	const sheet = book.addWorksheet('Inventory');
	sheet.addRow([...INVENTORY_COLUMNS]);
	for (const row of table) sheet.addRow(row.map((c, i) => (i === 4 ? Number(c) : c)));
	return Buffer.from(await book.xlsx.writeBuffer());
}

export async function runInventoryBench(options: {
	systems: number;
	repeats: number;
}): Promise<InventoryBenchResult> {
	const table = rows(options.systems);
	const csv = csvOf(table);
	const xlsx = await xlsxOf(table);
	const database = await createPostgresDatabase();
	const app = await createApp({ url: database.url });
	const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
	try {
		const timed = async (bytes: Buffer, format: 'csv' | 'xlsx') => {
			const programme = await testProgramme(app);
			const started = performance.now();
			const result = await importInventoryFile(app, testAdmin, programme.slug, bytes, format);
			const ms = performance.now() - started;
			if (result.created !== options.systems) throw new Error(`imported ${result.created} systems`);
			return ms;
		};
		const csvMs: number[] = [];
		const xlsxMs: number[] = [];
		for (let r = 0; r < options.repeats; r++) {
			csvMs.push(await timed(csv, 'csv'));
			xlsxMs.push(await timed(xlsx, 'xlsx'));
		}
		return {
			systems: options.systems,
			repeats: options.repeats,
			csvBytes: csv.length,
			xlsxBytes: xlsx.length,
			csvMs: median(csvMs),
			xlsxMs: median(xlsxMs)
		};
	} finally {
		await app.close();
		await database.drop();
	}
}
