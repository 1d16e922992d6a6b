/**
 * One row of the API table: method, path, the schemas of what comes in and goes out, who may call it, and the
 * handler. The table (api-table.ts) serves every /api call from node:http (api-server.ts) and is the source the
 * OpenAPI document is generated from (openapi.ts), so a route and its documentation cannot part ways.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { z } from 'zod';
import type { Permission } from '../../shared/roles';
import type { Actor } from '../auth/actor';
import type { Ctx } from '../context';
import { toErrorResponse } from '../errors';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** The error answers an operation documents (each is `{ error: { code, message, ... } }`). */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 429;

/**
 * Who may call an operation, from the one roles table: shown in the document (`x-golive-access` and the
 * description) and read by the authorization matrix test, which expects every mutating operation to have one.
 * The services enforce it; this says it.
 */
export interface Access {
	/** The permission the caller's role needs. */
	permission: Permission;
	/** Also allowed: the record's owner (a username or team) whose role has this permission. */
	owner?: Permission;
	/**
	 * Only the person the record names (the voter; the chair, or any admin), with the permission; for `mim`, the
	 * permission's roles or the record's named Major Incident Manager (signed in, any role that may act).
	 */
	named?: 'voter' | 'chair' | 'mim';
	/** A signed-in person only: an API token is refused. */
	sessionOnly?: boolean;
}

/** What a handler gets: the request's parts, each already validated with the endpoint's schemas. */
export interface Call<P, Q, B, A extends Actor | null = Actor> {
	ctx: Ctx;
	actor: A;
	params: P;
	query: Q;
	body: B;
	/** The file body of an endpoint that takes one (`file`), its media type without parameters; else null. */
	file: { contentType: string; bytes: Buffer } | null;
	headers: IncomingHttpHeaders;
	/** The client's address (see client-address.ts), for limits counted per address. */
	address: string | null;
}

/** An answer that is not the endpoint's JSON as such: a download, bytes encoded once, a 304. */
export class RawReply {
	constructor(
		readonly status: number,
		readonly headers: Record<string, string>,
		readonly body: string | Buffer | null
	) {}
}

/** A JSON answer: the one way a value or an error becomes a reply's bytes. */
export const jsonReply = (status: number, body: unknown, headers: Record<string, string> = {}) =>
	new RawReply(status, { ...headers, 'content-type': 'application/json' }, JSON.stringify(body));

/** Any thrown value as the API's error answer (errors.ts maps it), naming the request when given. */
export function errorReply(err: unknown, requestId?: string): RawReply {
	const { status, body, headers } = toErrorResponse(err, requestId);
	return jsonReply(status, body, headers);
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;
type In<S> = S extends z.ZodType ? z.output<S> : Record<string, never>;

interface EndpointBase<P, Q, B, O extends z.ZodType> {
	/** The operation's name in the API document (its operationId): what generated clients call it. */
	id: string;
	method: Method;
	/** An OpenAPI path template: `/api/v1/cutovers/{slug}/tasks/{key}`. */
	path: string;
	tag: string;
	summary: string;
	description?: string;
	params?: P;
	query?: Q;
	body?: B;
	/** A file as the body instead of JSON (an import): the media types taken, and the largest accepted. */
	file?: { contentTypes: readonly string[]; maxBytes: number; description: string };
	ok: {
		status?: 200 | 201;
		schema: O;
		description: string;
		/** Another media type than JSON (a download): the schema then describes the text. */
		contentTypes?: string[];
		/** Other answers that are not errors: the same schema (503 of health), or none (a 304). */
		more?: { status: number; description: string; empty?: boolean }[];
	};
	errors: ErrorStatus[];
	/** A POST that honours Idempotency-Key: applied at most once per caller and key. */
	idempotent?: boolean;
	access?: Access;
}

export interface PrivateEndpoint<P, Q, B, O extends z.ZodType> extends EndpointBase<P, Q, B, O> {
	public?: false;
	handle(call: Call<In<P>, In<Q>, Out<B>>): Promise<z.input<O> | RawReply>;
}

/** Answered for anyone, without any credential (health, the API document). */
export interface PublicEndpoint<P, Q, B, O extends z.ZodType> extends EndpointBase<P, Q, B, O> {
	public: true;
	handle(call: Call<In<P>, In<Q>, Out<B>, Actor | null>): Promise<z.input<O> | RawReply>;
}

export type Endpoint = (
	PrivateEndpoint<unknown, unknown, unknown, z.ZodType> | PublicEndpoint<unknown, unknown, unknown, z.ZodType>
) & {
	params?: z.ZodObject;
	query?: z.ZodObject;
	body?: z.ZodType;
};

/**
 * What the API document says of an operation: an endpoint without its handler. Statuspage's documents are
 * described so: the public status page's fast path answers them before the API (status/status-server.ts).
 */
export type Operation = Omit<Endpoint, 'handle'>;

/** Declares one endpoint, typing its handler from its schemas. */
export function endpoint<
	P extends z.ZodObject | undefined = undefined,
	Q extends z.ZodObject | undefined = undefined,
	B extends z.ZodType | undefined = undefined,
	O extends z.ZodType = z.ZodType
>(spec: PrivateEndpoint<P, Q, B, O> | PublicEndpoint<P, Q, B, O>): Endpoint {
	return spec as unknown as Endpoint;
}
