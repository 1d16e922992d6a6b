/**
 * Statuspage's public API v2 as the API document describes it: one GET per document, public, in the language
 * `?lang=` names. The status page's fast path answers them from memory before the API (status-server.ts), so
 * these are operations without handlers; their paths and shapes come from the same sources as what is served.
 */
import {
	STATUSPAGE_DOCUMENTS,
	statuspageDocuments,
	statuspageQuery,
	type StatuspageDocument
} from '../../shared/schemas/statuspage';
import type { Operation } from '../http/endpoint';
import { jsonPath } from './paths';

const SUMMARIES: Record<StatuspageDocument, string> = {
	summary:
		'The page, its components, unresolved incidents, upcoming and ongoing maintenance, and the overall status',
	status: 'The overall status: an indicator and its description',
	components: "Every public cutover as a group, and its services with each one's status",
	incidents: 'Incidents: the published incident notices of the last days, the latest first',
	'incidents/unresolved': 'Incidents not resolved yet',
	'scheduled-maintenances': 'Planned maintenance, from the published maintenance notices',
	'scheduled-maintenances/upcoming': 'Planned maintenance that has not started yet',
	'scheduled-maintenances/active': 'Planned maintenance under way now'
};

const operationId = (doc: StatuspageDocument) =>
	`getStatuspage${doc
		.split(/[/-]/)
		.map((w) => w[0].toUpperCase() + w.slice(1))
		.join('')}`;

export const statuspageOperations: readonly Operation[] = STATUSPAGE_DOCUMENTS.map((doc) => ({
	id: operationId(doc),
	method: 'GET',
	path: jsonPath(doc),
	tag: 'status',
	summary: SUMMARIES[doc],
	description:
		"Atlassian Statuspage's public API v2, read-only, so widgets and bots written for Statuspage read golive unchanged. Served from memory, rendered once per change: a strong ETag (304 to If-None-Match), `Cache-Control: public`, and `Access-Control-Allow-Origin: *`.",
	public: true,
	query: statuspageQuery,
	ok: {
		schema: statuspageDocuments[doc],
		description: 'The document, in the asked language (Finnish when none is asked)',
		more: [
			{ status: 304, description: 'Not modified: the ETag sent in If-None-Match is current', empty: true }
		]
	},
	errors: [400]
}));
