/**
 * Finds the endpoint of a request in the API table: by path template (a literal segment wins over a `{param}`, so
 * `/decisions/log` is not decision "log"), then by method. HEAD is answered as GET.
 */
import { ValidationError } from '../errors';
import type { Endpoint, Method } from './endpoint';

type Segment = { literal: string } | { param: string };

/** What the router needs of a table's row (the API server's rows are endpoints; the API document's, operations). */
interface Routed {
	method: Method;
	path: string;
}

interface Template<E> {
	segments: Segment[];
	/** How many segments are literal: the most specific template wins. */
	literals: number;
	byMethod: Map<string, E>;
}

export type RouteMatch<E = Endpoint> =
	{ endpoint: E; params: Record<string, string> } | { allow: string } | null;

const parseTemplate = (path: string): Segment[] =>
	path
		.split('/')
		.slice(1)
		.map((s) => (s.startsWith('{') && s.endsWith('}') ? { param: s.slice(1, -1) } : { literal: s }));

export function createRouter<E extends Routed>(
	table: readonly E[]
): (method: string, pathname: string) => RouteMatch<E> {
	const templates = new Map<string, Template<E>>();
	for (const e of table) {
		let t = templates.get(e.path);
		if (!t) {
			const segments = parseTemplate(e.path);
			t = { segments, literals: segments.filter((s) => 'literal' in s).length, byMethod: new Map() };
			templates.set(e.path, t);
		}
		if (t.byMethod.has(e.method)) throw new Error(`two endpoints for ${e.method} ${e.path}`);
		t.byMethod.set(e.method, e);
	}
	const ordered = [...templates.values()].sort((a, b) => b.literals - a.literals);

	return (method, pathname) => {
		const parts = pathname.split('/').slice(1);
		for (const t of ordered) {
			const params = matchSegments(t.segments, parts);
			if (!params) continue;
			const endpoint = t.byMethod.get(method === 'HEAD' ? 'GET' : (method as Method));
			if (endpoint) return { endpoint, params };
			const methods = [...t.byMethod.keys()];
			if (methods.includes('GET')) methods.push('HEAD');
			return { allow: methods.join(', ') };
		}
		// A path whose percent-encoding is not UTF-8 cannot name anything: a 400, not a 404. (A matched path had its
		// parameters decoded above, and a bad literal segment matches nothing.)
		decodeSegment(pathname);
		return null;
	};
}

function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | null {
	if (segments.length !== parts.length) return null;
	const params: Record<string, string> = {};
	for (let i = 0; i < segments.length; i++) {
		const s = segments[i];
		if ('literal' in s) {
			if (s.literal !== parts[i]) return null;
		} else {
			if (parts[i] === '') return null;
			params[s.param] = decodeSegment(parts[i]);
		}
	}
	return params;
}

function decodeSegment(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		throw new ValidationError({ reason: 'errors.pathInvalid' });
	}
}
