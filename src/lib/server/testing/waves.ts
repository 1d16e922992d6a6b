/** Templates and waves of a programme, made through the services as a user would. */
import type { z } from 'zod';
import { templateSaveInput, waveBuildInput } from '../../shared/schemas/programmes';
import type { App } from '../app';
import type { Actor } from '../auth/actor';
import { saveTemplate } from '../programmes/template.service';
import { buildWave } from '../programmes/wave.service';
import { testAdmin } from './people';

const HOUR = 3_600_000;
let waves = 0;

/** "VM lift and shift": stop, copy and start (work), then the testers' sign-off. */
export const LIFT_AND_SHIFT = [
	{ key: 'stop', title: 'Stop', phase: 'Move', durationMinutes: 10, owner: '@contact', kind: 'work' },
	{ key: 'copy', title: 'Copy', phase: 'Move', durationMinutes: 30, owner: 'ops', kind: 'work' },
	{ key: 'start', title: 'Start', phase: 'Move', durationMinutes: 10, owner: 'ops', kind: 'work' },
	{
		key: 'signoff',
		title: 'Sign-off',
		phase: 'Check',
		durationMinutes: 60,
		owner: '@tester',
		kind: 'signoff'
	}
] as const;

export const testTemplate = (
	app: App,
	slug: string,
	key: string,
	fields: Partial<z.input<typeof templateSaveInput>> = {},
	actor: Actor = testAdmin
) =>
	saveTemplate(
		app,
		actor,
		slug,
		key,
		templateSaveInput.parse({ name: `Template ${key}`, steps: LIFT_AND_SHIFT, ...fields })
	);

/** A wave of the given systems whose window began an hour ago (so its tasks may start now). */
export const testWave = (
	app: App,
	slug: string,
	systems: string[],
	fields: Partial<z.input<typeof waveBuildInput>> = {},
	actor: Actor = testAdmin
) =>
	buildWave(
		app,
		actor,
		slug,
		waveBuildInput.parse({
			slug: `wave-${++waves}-${Date.now().toString(36)}`,
			name: `Wave ${waves}`,
			windowStart: new Date(Date.now() - HOUR).toISOString(),
			windowEnd: new Date(Date.now() + 8 * HOUR).toISOString(),
			systems: systems.map((key) => ({ key })),
			...fields
		})
	);
