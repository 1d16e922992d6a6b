import { PayloadTooLargeError, ValidationError } from '$lib/server/errors';
import {
	field,
	formAction,
	formValues,
	loaded,
	parseForm,
	parsedField,
	signedIn
} from '$lib/server/http/form';
import {
	INVENTORY_COLUMNS,
	MAX_INVENTORY_BYTES,
	readMachines,
	readTesters,
	testersText
} from '$lib/server/programmes/inventory-file';
import { importInventoryFile, updateSystem } from '$lib/server/programmes/inventory.service';
import { getProgramme } from '$lib/server/programmes/programme.service';
import { fieldIssue } from '$lib/shared/i18n/field-issues';
import { can } from '$lib/shared/roles';
import { systemKey, systemPatchInput } from '$lib/shared/schemas/programmes';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, parent, url }) => {
	const { user } = await parent();
	const programme = await loaded(() => getProgramme(locals.app, signedIn(locals), params.slug));
	const edit = url.searchParams.get('edit');
	const editing = programme.systems.find((s) => s.key === edit) ?? null;
	return {
		programme: programme.programme,
		systems: programme.systems,
		canManage: can(user.role, 'programme.manage'),
		columns: INVENTORY_COLUMNS.join(', '),
		// The form's text for the system being edited: testers one a line, machines one a line.
		editing: editing && {
			...editing,
			testersText: testersText(editing.testers, '\n'),
			machinesText: editing.machines.join('\n')
		}
	};
};

export const actions: Actions = {
	import: async ({ request, locals, params }) => {
		const actor = signedIn(locals);
		const data = await request.formData();
		return formAction(
			async () => {
				const file = data.get('file');
				if (!(file instanceof File) || file.size === 0)
					throw new ValidationError({ reason: 'errors.inventoryNothing' });
				if (file.size > MAX_INVENTORY_BYTES)
					throw new PayloadTooLargeError({
						reason: 'errors.inventoryTooLarge',
						params: { megabytes: MAX_INVENTORY_BYTES / 1_000_000 }
					});
				const xlsx = file.name.toLowerCase().endsWith('.xlsx');
				const bytes = Buffer.from(await file.arrayBuffer());
				const imported = await importInventoryFile(
					locals.app,
					actor,
					params.slug,
					bytes,
					xlsx ? 'xlsx' : 'csv'
				);
				return { form: 'import', imported };
			},
			{ form: 'import' }
		);
	},

	updateSystem: async ({ request, locals, params }) => {
		const actor = signedIn(locals);
		const data = await request.formData();
		return formAction(
			async () => {
				const { testers, unread } = readTesters(field(data, 'testers'));
				const vmCount = field(data, 'vmCount').trim();
				const issues = [
					...unread.map((value) => fieldIssue('testers', 'inventoryTester', { value })),
					...(/^\d+$/.test(vmCount)
						? []
						: [fieldIssue('vmCount', 'inventoryWholeNumber', { value: vmCount })])
				];
				const input = parseForm(
					systemPatchInput,
					{
						name: field(data, 'name'),
						agency: field(data, 'agency'),
						environment: field(data, 'environment'),
						vmCount: Number(vmCount),
						machines: readMachines(field(data, 'machines')),
						criticality: field(data, 'criticality'),
						contactName: field(data, 'contactName'),
						contactEmail: field(data, 'contactEmail'),
						testers,
						templateKey: field(data, 'templateKey').trim() || null,
						expectedVersion: Number(field(data, 'expectedVersion')) || undefined
					},
					issues
				);
				const system = await updateSystem(
					locals.app,
					actor,
					params.slug,
					parsedField(data, 'key', systemKey),
					input
				);
				return { form: 'system', saved: system.key };
			},
			{ form: 'system', values: formValues(data) }
		);
	}
};
