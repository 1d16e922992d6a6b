/** The access audit log's API (admins). */
import { z } from 'zod';
import { auditQuery, auditView } from '../../shared/schemas/audit';
import { endpoint } from '../http/endpoint';
import { listAudit } from './audit.service';

export const auditEndpoints = [
	endpoint({
		id: 'listAudit',
		method: 'GET',
		path: '/api/v1/audit',
		tag: 'access',
		summary: 'The access audit log, newest first (admins)',
		access: { permission: 'audit.read' },
		query: auditQuery,
		ok: {
			schema: z.object({
				items: z
					.array(auditView)
					.meta({ description: 'Newest first; pass the last one’s at as ?before= for more' })
			}),
			description: 'A page of entries'
		},
		errors: [400, 401, 403],
		handle: async ({ ctx, actor, query }) => ({ items: await listAudit(ctx, actor, query) })
	})
];
