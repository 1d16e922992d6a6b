/** The API of a programme's inventory: import a file, export it, and change one system. */
import { z } from 'zod';
import { slug } from '../../shared/schemas/common';
import {
	inventoryImportView,
	systemKey,
	systemPatchInput,
	systemView
} from '../../shared/schemas/programmes';
import { cutoverParams } from '../../shared/schemas/api';
import { endpoint, RawReply } from '../http/endpoint';
import { CSV_TYPE, INVENTORY_COLUMNS, MAX_INVENTORY_BYTES, MAX_SYSTEMS, XLSX_TYPE } from './inventory-file';
import { exportInventory, importInventoryFile, updateSystem } from './inventory.service';
import { PROGRAMME } from './programme.endpoints';

const INVENTORY = `${PROGRAMME}/inventory`;

const COLUMNS = `Columns (a header line, any order, case-insensitive): ${INVENTORY_COLUMNS.join(', ')}. \`vms\` is the number of virtual machines (without it, the machines listed are the count); \`machines\` host names separated by \`;\` or spaces; \`testers\` as \`Name <email>\` separated by \`;\`; \`template\` the kind of system (a template key, kept as given).`;

export const inventoryEndpoints = [
	endpoint({
		id: 'importInventory',
		method: 'POST',
		path: INVENTORY,
		tag: 'programmes',
		summary: 'Import the inventory from a CSV or Excel (.xlsx) file: systems created or changed by key',
		description: `${COLUMNS} At most ${MAX_SYSTEMS.toLocaleString('en')} systems, ${MAX_INVENTORY_BYTES / 1_000_000} MB. All or nothing: a file with any bad row imports nothing, and the 400 lists every problem of every bad row in \`details\` with its \`line\` (the CSV's line, the sheet's row) and its column in \`path\`. A key listed twice is a problem on its second line. Systems the file does not list stay.`,
		access: { permission: 'programme.manage' },
		params: cutoverParams,
		file: {
			contentTypes: [CSV_TYPE, XLSX_TYPE],
			maxBytes: MAX_INVENTORY_BYTES,
			description:
				'The inventory: CSV (comma or semicolon separated, UTF-8) or an Excel workbook (its first sheet)'
		},
		ok: {
			schema: inventoryImportView,
			description: 'How many systems were created, changed and left as they were'
		},
		errors: [400, 401, 403, 404, 409, 413],
		handle: ({ ctx, actor, params, file }) =>
			importInventoryFile(
				ctx,
				actor,
				params.slug,
				file!.bytes,
				file!.contentType === XLSX_TYPE ? 'xlsx' : 'csv'
			)
	}),
	endpoint({
		id: 'exportInventory',
		method: 'GET',
		path: INVENTORY,
		tag: 'programmes',
		summary: 'The inventory as a CSV or Excel (.xlsx) download, in the columns an import takes',
		params: cutoverParams,
		query: z.object({ format: z.enum(['csv', 'xlsx']).default('csv') }).strict(),
		ok: {
			schema: z.string(),
			description: 'The inventory as an attachment',
			contentTypes: [CSV_TYPE, XLSX_TYPE]
		},
		errors: [400, 401, 403, 404],
		handle: async ({ ctx, actor, params, query }) => {
			const file = await exportInventory(ctx, actor, params.slug, query.format);
			return new RawReply(
				200,
				{
					'content-type': file.contentType,
					'content-disposition': `attachment; filename="${file.filename}"`,
					'cache-control': 'no-store'
				},
				file.body
			);
		}
	}),
	endpoint({
		id: 'updateSystem',
		method: 'PATCH',
		path: `${PROGRAMME}/systems/{key}`,
		tag: 'programmes',
		summary: 'Change one system of the inventory (not its key); new testers may change its stage',
		description:
			'Only the fields given change. With `expectedVersion`, a system changed meanwhile is a 409 carrying it as it is now.',
		access: { permission: 'programme.manage' },
		params: z.object({ slug, key: systemKey }),
		body: systemPatchInput,
		ok: { schema: systemView, description: 'The system after the change' },
		errors: [400, 401, 403, 404, 409, 413],
		handle: ({ ctx, actor, params, body }) => updateSystem(ctx, actor, params.slug, params.key, body)
	})
];
