/**
 * A programme's inventory through a real HTTP server (the production build, see harness.ts): a CSV and an Excel
 * workbook uploaded as the body, every bad row refused at once with its line and column (nothing stored), the
 * export downloaded and sent back unchanged, one system changed with its version, and the size limit. Every
 * answer is checked against its row's schema by the harness.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryImportView, systemView } from '../../src/lib/shared/schemas/programmes';
import { TestServer } from './harness';

const golive = new TestServer('golive-inventory-');
const tokens = { admin: '', viewer: '' };
const P = '/api/v1/programmes/moves';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DAY = 86_400_000;

const HEADER =
	'key,name,agency,environment,vms,machines,criticality,contactName,contactEmail,testers,template';
const ROWS = [
	'PAY-1,Payroll,Finance office,test,2,pay-app1;pay-db1,high,Kari Nordmann,kari@example.org,Tove Tester <tove@example.org>,vm-lift',
	'LIB-1,Library,Culture agency,production,1,,low,Siri Contact,siri@example.org,,'
];

const upload = (body: string | Buffer, contentType: string, token = tokens.admin) =>
	golive.raw('POST', `${P}/inventory`, {
		headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
		body
	});

const systems = async () => (await golive.call('GET', P, tokens.admin)).body.systems as { key: string }[];

beforeAll(async () => {
	tokens.admin = await golive.tokenFor('setup', 'admin');
	tokens.viewer = await golive.tokenFor('wall screen', 'viewer');
	await golive.start();
	const created = await golive.call('POST', '/api/v1/programmes', tokens.admin, {
		slug: 'moves',
		name: 'Data centre moves',
		timezone: 'Europe/Oslo',
		windowStart: new Date(Date.now() - DAY).toISOString(),
		windowEnd: new Date(Date.now() + 365 * DAY).toISOString()
	});
	expect(created.status).toBe(201);
}, 600_000);

afterAll(async () => {
	await golive.stop();
});

describe('the inventory over HTTP', () => {
	it('refuses a CSV with bad rows with a 400 listing each row, and stores nothing', async () => {
		const bad = [HEADER, ROWS[0], 'LIB-1,,Culture agency,prod,one,,low,Siri,siri@example.org,,', ROWS[0]];
		const answer = await upload(bad.join('\n'), 'text/csv');
		expect(answer.status, answer.text).toBe(400);
		expect(answer.body.error.code).toBe('validation_failed');
		expect(answer.body.error.reason).toBe('errors.inventoryBadLines');
		expect(answer.body.error.details.map((d: { line: number; path: string }) => [d.line, d.path])).toEqual([
			[3, 'vms'],
			[3, 'environment'],
			[3, 'name'],
			[4, 'key']
		]);
		expect(await systems()).toEqual([]);
	});

	it('imports a workbook, updates by key from a CSV, and takes its own export back unchanged', async () => {
		const book = new ExcelJS.Workbook();
		const sheet = book.addWorksheet('Inventory');
		for (const line of [HEADER, ...ROWS]) sheet.addRow(line.split(','));
		const xlsx = Buffer.from(await book.xlsx.writeBuffer());
		const first = await upload(xlsx, XLSX);
		expect(first.status, first.text).toBe(200);
		expect(inventoryImportView.parse(first.body)).toEqual({ created: 2, updated: 0, unchanged: 0 });

		const renamed = [HEADER, ROWS[0].replace('Payroll', 'Payroll and HR'), ROWS[1]].join('\r\n');
		expect((await upload(renamed, 'text/csv; charset=utf-8')).body).toEqual({
			created: 0,
			updated: 1,
			unchanged: 1
		});

		for (const format of ['csv', 'xlsx']) {
			const file = await golive.raw('GET', `${P}/inventory?format=${format}`, {
				headers: { authorization: `Bearer ${tokens.viewer}` }
			});
			expect(file.status).toBe(200);
			expect(file.headers.get('content-disposition')).toContain(`moves-inventory.${format}`);
			const back = await upload(file.bytes!, format === 'csv' ? 'text/csv' : XLSX);
			expect(back.body).toEqual({ created: 0, updated: 0, unchanged: 2 });
		}
	});

	it('changes one system, refuses a stale version with 409, and lets a viewer do neither', async () => {
		const answer = await golive.call('PATCH', `${P}/systems/LIB-1`, tokens.admin, {
			testers: [{ name: 'Uma Tester', email: 'uma@example.org' }],
			expectedVersion: 1
		});
		expect(answer.status, answer.text).toBe(200);
		expect(systemView.parse(answer.body)).toMatchObject({ key: 'LIB-1', version: 2, stage: 'unplanned' });
		const stale = await golive.call('PATCH', `${P}/systems/LIB-1`, tokens.admin, {
			name: 'Library',
			expectedVersion: 1
		});
		expect(stale.status).toBe(409);
		expect(stale.body.error.details.system.version).toBe(2);
		expect((await golive.call('PATCH', `${P}/systems/NOPE`, tokens.admin, { name: 'x' })).status).toBe(404);
		expect((await golive.call('PATCH', `${P}/systems/LIB-1`, tokens.viewer, { name: 'x' })).status).toBe(403);
		expect((await upload([HEADER, ...ROWS].join('\n'), 'text/csv', tokens.viewer)).status).toBe(403);
	});

	it('refuses other media types with 400 and a body over the limit with 413', async () => {
		const json = await upload('{"systems":[]}', 'application/json');
		expect(json.status).toBe(400);
		expect(json.body.error.reason).toBe('errors.bodyNotFile');
		const huge = await upload(`${HEADER}\n${'x'.repeat(10_500_000)}`, 'text/csv');
		// The server may answer before reading the whole body, and close the connection.
		expect([413, 0]).toContain(huge.status);
		if (huge.status === 413) expect(huge.body.error.code).toBe('payload_too_large');
	});
});
