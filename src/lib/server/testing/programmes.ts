/** Programmes and their inventories, made through the services as a user would. */
import type { z } from 'zod';
import { programmeCreateInput, systemInput } from '../../shared/schemas/programmes';
import type { CutoverView } from '../../shared/schemas/runbook';
import type { App } from '../app';
import type { Actor } from '../auth/actor';
import { importSystems, type InventoryImportResult } from '../programmes/inventory.service';
import { createProgramme } from '../programmes/programme.service';
import { testAdmin } from './people';

const DAY = 86_400_000;
let programmes = 0;

/** A programme made by the test admin: a slug of its own, in Oslo, a year long from yesterday. */
export async function testProgramme(app: App, actor: Actor = testAdmin): Promise<CutoverView> {
	return createProgramme(
		app,
		actor,
		programmeCreateInput.parse({
			slug: `programme-${++programmes}`,
			name: `Programme ${programmes}`,
			timezone: 'Europe/Oslo',
			windowStart: new Date(Date.now() - DAY).toISOString(),
			windowEnd: new Date(Date.now() + 365 * DAY).toISOString()
		})
	);
}

/** A system as an import row gives it; unless told otherwise, a test system with one tester and two machines. */
export const testSystem = (key: string, fields: Partial<z.input<typeof systemInput>> = {}) =>
	systemInput.parse({
		key,
		name: `System ${key}`,
		agency: 'Agency for tests',
		environment: 'test',
		vmCount: 2,
		criticality: 'medium',
		contactName: 'Kari Contact',
		contactEmail: 'kari@example.org',
		testers: [{ name: 'Tove Tester', email: 'tove@example.org' }],
		...fields
	});

/** Imports systems into a programme (by key: again to update). */
export const testInventory = (
	app: App,
	slug: string,
	systems: ReturnType<typeof testSystem>[],
	actor: Actor = testAdmin
): Promise<InventoryImportResult> => importSystems(app, actor, slug, systems);
