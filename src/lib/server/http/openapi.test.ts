import { describe, expect, it } from 'vitest';
import { openApiDocument } from './openapi';

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

describe('the OpenAPI document', () => {
	const doc: Doc = openApiDocument('9.9.9');

	it('is OpenAPI 3.1 with the core paths, both auth schemes and the socket protocol', () => {
		expect(doc.openapi).toBe('3.1.0');
		expect(doc.info.version).toBe('9.9.9');
		expect(Object.keys(doc.paths)).toEqual(
			expect.arrayContaining([
				'/api/health',
				'/api/v1/cutovers',
				'/api/v1/cutovers/{slug}/tasks/{key}/transition',
				'/api/v1/cutovers/{slug}/events',
				'/api/v1/audit'
			])
		);
		expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
		expect(doc.components.securitySchemes.cookieAuth).toMatchObject({ type: 'apiKey', in: 'cookie' });
		expect(doc.paths['/api/health'].get.security).toEqual([]);
		expect(Object.keys(doc['x-socket-io'].clientToServer)).toEqual(
			expect.arrayContaining(['cutover:join', 'task:transition'])
		);
		expect(doc.info.description).toContain('afterSeq');
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
		const create = doc.components.schemas.CutoverCreate;
		expect(create.additionalProperties).toBe(false);
		expect(create.properties.windowStart).toMatchObject({ type: 'string', format: 'date-time' });
		expect(doc.components.schemas.TaskCreate.required).not.toContain('dependsOn');
		const transition = doc.paths['/api/v1/cutovers/{slug}/tasks/{key}/transition'].post;
		expect(transition.parameters).toEqual([
			expect.objectContaining({ name: 'slug', in: 'path', required: true }),
			expect.objectContaining({ name: 'key', in: 'path', required: true }),
			{ $ref: '#/components/parameters/IdempotencyKey' }
		]);
		expect(transition.responses['409']).toEqual({ $ref: '#/components/responses/Conflict' });
	});

	it('leaves answers open to added fields, and is built once', () => {
		expect(doc.components.schemas.Task.additionalProperties).toBeUndefined();
		expect(openApiDocument('9.9.9')).toBe(doc);
	});
});
