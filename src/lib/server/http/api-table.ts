/**
 * The API table: every /api endpoint, gathered from the areas that own them. api-server.ts serves it and
 * openapi.ts documents it, so what is served and what is documented are the same list (with Statuspage's
 * documents, served ahead of the API from the status page's memory: see documentedOperations).
 */
import { z } from 'zod';
import pkg from '../../../../package.json' with { type: 'json' };
import { auditEndpoints } from '../audit/audit.endpoints';
import { boardEndpoints } from '../board/board.endpoints';
import { incidentReportEndpoints } from '../board/incident-report.endpoints';
import { decisionEndpoints } from '../decisions/decision.endpoints';
import { eventEndpoints } from '../events/event.endpoints';
import { forecastEndpoints } from '../forecast/forecast.endpoints';
import { incidentEndpoints } from '../incidents/incidents.endpoints';
import { reportEndpoints } from '../incidents/report.endpoints';
import { metricEndpoints } from '../metrics/metric.endpoints';
import { noticeEndpoints } from '../notices/notice.endpoints';
import { announceEndpoints } from '../programmes/announce.endpoints';
import { inventoryEndpoints } from '../programmes/inventory.endpoints';
import { programmeEndpoints } from '../programmes/programme.endpoints';
import { progressEndpoints } from '../programmes/progress.endpoints';
import { waveEndpoints } from '../programmes/waves.endpoints';
import { rehearsalEndpoints } from '../runbook/rehearsal.endpoints';
import { postEventReportEndpoints } from '../board/post-event-report.endpoints';
import { openingEndpoints } from '../opening/opening.endpoints';
import { sourceEndpoints } from '../metrics/source.endpoints';
import { subscriptionEndpoints } from '../subscriptions/subscriptions.endpoints';
import { runbookEndpoints } from '../runbook/runbook.endpoints';
import { transferEndpoints } from '../transfers/transfer.endpoints';
import { webhookApiEndpoints } from '../webhooks/webhook.endpoints';
import { statuspageOperations } from '../status/statuspage.operations';
import { endpoint, RawReply, type Endpoint, type Operation } from './endpoint';
import { healthEndpoint, readyEndpoint } from './health';
import { openApiDocument } from './openapi';

let documentJson: string | undefined;

const openApiEndpoint = endpoint({
	id: 'getOpenApiDocument',
	method: 'GET',
	path: '/api/v1/openapi.json',
	tag: 'meta',
	summary: 'This document',
	public: true,
	ok: { schema: z.record(z.string(), z.unknown()), description: 'The OpenAPI document' },
	errors: [],
	handle: async () => {
		documentJson ??= JSON.stringify(openApiDocument(pkg.version, documentedOperations));
		return new RawReply(
			200,
			{ 'content-type': 'application/json', 'cache-control': 'public, max-age=300' },
			documentJson
		);
	}
});

export const apiTable: readonly Endpoint[] = [
	healthEndpoint,
	readyEndpoint,
	openApiEndpoint,
	...auditEndpoints,
	...runbookEndpoints,
	...eventEndpoints,
	...boardEndpoints,
	...transferEndpoints,
	...forecastEndpoints,
	...decisionEndpoints,
	...metricEndpoints,
	...openingEndpoints,
	...webhookApiEndpoints,
	...sourceEndpoints,
	...incidentEndpoints,
	...reportEndpoints,
	...incidentReportEndpoints,
	...subscriptionEndpoints,
	...noticeEndpoints,
	...programmeEndpoints,
	...inventoryEndpoints,
	...announceEndpoints,
	...progressEndpoints,
	...waveEndpoints,
	...rehearsalEndpoints,
	...postEventReportEndpoints
];

/**
 * What the API document describes: the table, and Statuspage's documents under /api/v2, which the public status
 * page's fast path answers before the API (status/status-server.ts).
 */
export const documentedOperations: readonly Operation[] = [...apiTable, ...statuspageOperations];
