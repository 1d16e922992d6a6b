/**
 * Every answer an API test receives is checked against what the API document says it answers: the endpoint's
 * schema for its success status, the error shape for any 4xx or 5xx. A field the schema does not allow, or one it
 * requires that is missing, fails the test that met it.
 */
import { documentedOperations } from '../../src/lib/server/http/api-table';
import { createRouter } from '../../src/lib/server/http/router';
import { errorResponse } from '../../src/lib/shared/schemas/api';

// The table's endpoints and Statuspage's documents, which the status page's fast path answers.
const route = createRouter(documentedOperations);

export function checkAnswer(
	method: string,
	path: string,
	answer: { status: number; headers: Headers; body: unknown }
): void {
	let match;
	try {
		match = route(method, new URL(path, 'http://api.invalid').pathname);
	} catch {
		match = null; // a path that is not even valid percent-encoding: only the error shape can be checked
	}
	const json = answer.headers.get('content-type')?.startsWith('application/json');
	const endpoint = match && 'endpoint' in match ? match.endpoint : null;
	// A status the endpoint declares beside its success (e.g. readiness's 503) comes in the endpoint's own shape.
	const ownShape = endpoint?.ok.more?.some((m) => m.status === answer.status) ?? false;
	if (answer.status >= 400 && !ownShape) {
		if (!json) throw new Error(`${method} ${path}: a ${answer.status} that is not JSON`);
		const checked = errorResponse.safeParse(answer.body);
		if (!checked.success)
			throw new Error(`${method} ${path}: ${answer.status} is not the error shape: ${checked.error.message}`);
		return;
	}
	if (!endpoint || (answer.status !== (endpoint.ok.status ?? 200) && !ownShape)) return;
	if (!json || method === 'HEAD') return;
	const checked = endpoint.ok.schema.safeParse(answer.body);
	if (!checked.success)
		throw new Error(
			`${method} ${path}: the answer does not match ${endpoint.id}'s schema: ${checked.error.message}`
		);
}
