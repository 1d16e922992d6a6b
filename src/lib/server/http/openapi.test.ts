import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STATUSPAGE_DOCUMENTS } from '../../shared/schemas/statuspage';
import { jsonPath } from '../status/paths';
import { isStatusPath } from '../status/status-server';
import { apiTable, documentedOperations } from './api-table';
import { openApiDocument } from './openapi';
import { createRouter } from './router';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON document under test
type Doc = any;

function refsOf(node: unknown, out: string[] = []): string[] {
	if (Array.isArray(node)) node.forEach((n) => refsOf(n, out));
	else if (node && typeof node === 'object')
		for (const [k, v] of Object.entries(node)) {
			if (k === '$ref') out.push(v as string);
			else refsOf(v, out);
		}
	return out;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

describe('the OpenAPI document', () => {
	const doc: Doc = openApiDocument('9.9.9', documentedOperations);

	it('tells of the 503 a call meets while the database is away, on every call that needs it', () => {
		for (const e of apiTable) {
			const answers = doc.paths[e.path][e.method.toLowerCase()].responses;
			if (e.public) continue;
			expect(answers[503], e.id).toEqual({ $ref: '#/components/responses/Unavailable' });
		}
		expect(doc.components.responses.Unavailable.content['application/json'].schema).toEqual({
			$ref: '#/components/schemas/Error'
		});
	});

	it('documents every route the server answers, and no route it does not', () => {
		const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(
			([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)
		);
		// The API table's routes, and Statuspage's documents, which the status page's fast path answers first.
		const served = [
			...apiTable.map((e) => `${e.method} ${e.path}`),
			...STATUSPAGE_DOCUMENTS.map((d) => `GET ${jsonPath(d)}`)
		];
		expect(documented.sort()).toEqual(served.sort());
		// And each documented operation is found by what serves it: the status page's fast path, or the router
		// the API server uses, path parameters filled in.
		const route = createRouter(apiTable);
		for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, unknown>>))
			for (const method of Object.keys(ops).filter((m) => METHODS.includes(m))) {
				const concrete = path.replace(/\{(\w+)\}/g, 'x1');
				if (isStatusPath(concrete)) {
					expect(path.startsWith('/api/v2/'), path).toBe(true);
					expect(route(method.toUpperCase(), concrete), `${method} ${path}`).toBeNull();
					continue;
				}
				const found = route(method.toUpperCase(), concrete);
				expect(found && 'endpoint' in found && found.endpoint.path, `${method} ${path}`).toBe(path);
			}
		// No API route hides in SvelteKit's routes, where the table would not see it.
		expect(existsSync(new URL('../../../routes/api', import.meta.url))).toBe(false);
	});

	it('is OpenAPI 3.1 with both auth schemes and the socket protocol', () => {
		expect(doc.openapi).toBe('3.1.0');
		expect(doc.info.version).toBe('9.9.9');
		expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
		expect(doc.components.securitySchemes.cookieAuth).toMatchObject({ type: 'apiKey', in: 'cookie' });
		expect(doc.paths['/api/health'].get.security).toEqual([]);
		expect(Object.keys(doc['x-socket-io'].clientToServer)).toEqual(
			expect.arrayContaining(['cutover:join', 'task:transition'])
		);
		expect(doc.info.description).toContain('afterSeq');
	});

	it('names each operation once, after its endpoint', () => {
		const ids = documentedOperations.map((e) => e.id);
		expect(new Set(ids).size).toBe(ids.length);
		expect(doc.paths['/api/v1/cutovers/{slug}/tasks/{key}/transition'].post.operationId).toBe(
			'transitionTask'
		);
	});

	it('resolves every $ref inside the document', () => {
		const refs = [...new Set(refsOf(doc))];
		expect(refs.length).toBeGreaterThan(20);
		for (const ref of refs) {
			expect(ref.startsWith('#/'), ref).toBe(true);
			const target = ref
				.slice(2)
				.split('/')
				.reduce((node: Doc, part) => node?.[part], doc);
			expect(target, ref).toBeDefined();
		}
	});

	it('describes request bodies as the validator reads them: strict, with ISO times as strings', () => {
		const create = doc.components.schemas.CreateCutoverInput;
		expect(create.additionalProperties).toBe(false);
		expect(create.properties.windowStart).toMatchObject({ type: 'string', format: 'date-time' });
		expect(doc.components.schemas.CreateTaskInput.required).not.toContain('dependsOn');
		const transition = doc.paths['/api/v1/cutovers/{slug}/tasks/{key}/transition'].post;
		expect(transition.parameters).toEqual([
			expect.objectContaining({ name: 'slug', in: 'path', required: true }),
			expect.objectContaining({ name: 'key', in: 'path', required: true }),
			{ $ref: '#/components/parameters/IdempotencyKey' }
		]);
		expect(transition.requestBody.content['application/json'].schema).toEqual({
			$ref: '#/components/schemas/TransitionTaskInput'
		});
		expect(transition.responses['409']).toEqual({ $ref: '#/components/responses/Conflict' });
	});

	it('names shared answers once and refers to them from the operations that give them', () => {
		expect(doc.paths['/api/v1/cutovers/{slug}/tasks/{key}'].get.responses['200'].content).toEqual({
			'application/json': { schema: { $ref: '#/components/schemas/Task' } }
		});
		expect(JSON.stringify(doc.components.schemas.ListTasksResult)).toContain('#/components/schemas/Task');
		expect(doc.paths['/api/v1/cutovers/{slug}/snapshot'].get.responses['304']).toBeDefined();
	});

	it("describes Statuspage's documents: public, in a language, with their shapes named once", () => {
		const summary = doc.paths['/api/v2/summary.json'].get;
		expect(summary.security).toEqual([]);
		expect(summary.tags).toEqual(['status']);
		expect(summary.parameters).toEqual([
			expect.objectContaining({ name: 'lang', in: 'query', required: false, schema: expect.anything() })
		]);
		expect(summary.parameters[0].schema.enum).toEqual(['fi', 'sv', 'en']);
		expect(summary.responses['304']).toBeDefined();
		expect(summary.responses['400']).toEqual({ $ref: '#/components/responses/BadRequest' });
		const result =
			doc.components.schemas[
				summary.responses['200'].content['application/json'].schema.$ref.split('/').pop()
			];
		expect(result.required).toEqual(
			expect.arrayContaining(['page', 'components', 'incidents', 'scheduled_maintenances', 'status'])
		);
		for (const name of ['StatuspageComponent', 'StatuspageIncident', 'StatuspageMaintenance'])
			expect(JSON.stringify(doc.components.schemas), name).toContain(`#/components/schemas/${name}`);
		expect(doc.components.schemas.StatuspageComponent.properties.status.enum).toContain('under_maintenance');
	});

	it('leaves answers open to added fields, and is built once', () => {
		expect(doc.components.schemas.Task.additionalProperties).toBeUndefined();
		expect(openApiDocument('9.9.9', documentedOperations)).toBe(doc);
	});
});
