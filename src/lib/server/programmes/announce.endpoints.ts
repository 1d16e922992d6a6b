/** The API of telling people ahead: a programme's settings, moving a system's window, what its contact was told. */
import { z } from 'zod';
import { cutoverParams } from '../../shared/schemas/api';
import { slug } from '../../shared/schemas/common';
import {
	contactMessageRecord,
	programmeSettingsInput,
	programmeSettingsView,
	systemKey,
	systemView,
	systemWindowInput
} from '../../shared/schemas/programmes';
import { endpoint } from '../http/endpoint';
import {
	getProgrammeSettings,
	listContactMessages,
	moveSystemWindow,
	setProgrammeSettings
} from './announce.service';
import { PROGRAMME } from './programme.endpoints';

const SYSTEM = `${PROGRAMME}/systems/{key}`;
const systemParams = z.object({ slug, key: systemKey });

export const announceEndpoints = [
	endpoint({
		id: 'getProgrammeSettings',
		method: 'GET',
		path: `${PROGRAMME}/settings`,
		tag: 'programmes',
		summary: "The programme's settings",
		params: cutoverParams,
		ok: { schema: programmeSettingsView, description: 'The settings' },
		errors: [400, 401, 403, 404],
		handle: ({ ctx, actor, params }) => getProgrammeSettings(ctx, actor, params.slug)
	}),
	endpoint({
		id: 'setProgrammeSettings',
		method: 'PUT',
		path: `${PROGRAMME}/settings`,
		tag: 'programmes',
		summary: 'Set how many days before a system’s window its downtime is announced',
		description:
			'That many days (default 14) before each system’s window, a planned-maintenance notice is drafted in its wave and its contact person is told, with a calendar entry; a reminder goes the day before.',
		access: { permission: 'programme.manage' },
		params: cutoverParams,
		body: programmeSettingsInput,
		ok: { schema: programmeSettingsView, description: 'The settings after the change' },
		errors: [400, 401, 403, 404, 413],
		handle: ({ ctx, actor, params, body }) => setProgrammeSettings(ctx, actor, params.slug, body)
	}),
	endpoint({
		id: 'moveSystemWindow',
		method: 'PUT',
		path: `${SYSTEM}/window`,
		tag: 'programmes',
		summary: 'Move a system’s migration window in its wave',
		description:
			'Its tasks not yet started wait for the new start. Once its downtime was announced, its notice follows (a draft again, or an update of the published one and of its calendar event) and its contact person is told once, the calendar entry updated instead of a second one. With `expectedVersion`, a system changed meanwhile is a 409.',
		access: { permission: 'programme.manage' },
		params: systemParams,
		body: systemWindowInput,
		ok: { schema: systemView, description: 'The system after the change' },
		errors: [400, 401, 403, 404, 409, 413],
		handle: ({ ctx, actor, params, body }) => moveSystemWindow(ctx, actor, params.slug, params.key, body)
	}),
	endpoint({
		id: 'listContactMessages',
		method: 'GET',
		path: `${SYSTEM}/contact-messages`,
		tag: 'programmes',
		summary: 'What the system’s contact person was told of its downtime, and where each message stands',
		params: systemParams,
		ok: {
			schema: z.object({ items: z.array(contactMessageRecord) }),
			description: 'The messages, oldest first'
		},
		errors: [400, 401, 403, 404],
		handle: async ({ ctx, actor, params }) => ({
			items: await listContactMessages(ctx, actor, params.slug, params.key)
		})
	})
];
