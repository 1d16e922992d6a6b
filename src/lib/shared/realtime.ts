/** The socket.io contract, shared by the server and the browser. Commands carry an ack; events are past tense. */
import { z } from 'zod';
import type { CutoverEvent } from './events';
import type { ErrorReason } from './i18n';
import type { Role } from './roles';
import type { ErrorBody } from './schemas/api';
import { slug } from './schemas/common';
import { boardSnapshot, cutoverEvent } from './schemas/events';
import type { TaskView } from './schemas/runbook';
import { taskKey, taskTransitionInput } from './schemas/runbook';

export type { ErrorBody, ErrorCode } from './schemas/api';

export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

export const joinCommand = z
	.object({
		slug,
		afterSeq: z.number().int().min(0).optional(),
		/** 'gzip': a snapshot comes as `snapshotGzip`, gzipped JSON compressed once per seq and shared by all. */
		encoding: z.enum(['json', 'gzip']).optional()
	})
	.strict();

export const leaveCommand = z.object({ slug }).strict();

export const transitionCommand = taskTransitionInput.extend({ slug, key: taskKey });

/** With no afterSeq the ack carries a snapshot; with one, the events after it (or a snapshot when far behind). */
export const joinResult = z.union([
	z.object({ seq: z.number().int(), snapshot: boardSnapshot }),
	z.object({
		seq: z.number().int(),
		// Documented as a binary string: socket.io carries it as a binary attachment (bytes on the wire), which
		// the server sends as a Buffer and a browser receives as an ArrayBuffer. Never parsed, only documented.
		snapshotGzip: z
			.string()
			.meta({ format: 'binary' })
			.describe(
				'the BoardSnapshot as gzipped JSON, when joined with encoding "gzip"'
			) as unknown as z.ZodType<ArrayBuffer | Uint8Array>
	}),
	z.object({ seq: z.number().int(), events: z.array(cutoverEvent) })
]);

/** Each variant also says the others' fields are absent, so a client reads any of them without narrowing first. */
type Exclusive<U, K extends PropertyKey = U extends unknown ? keyof U : never> = U extends unknown
	? U & Partial<Record<Exclude<K, keyof U>, undefined>>
	: never;

export type JoinResult = Exclusive<z.infer<typeof joinResult>>;

export interface ClientToServerEvents {
	'cutover:join': (payload: z.input<typeof joinCommand>, ack: (res: Ack<JoinResult>) => void) => void;
	'cutover:leave': (payload: z.input<typeof leaveCommand>, ack: (res: Ack<null>) => void) => void;
	'task:transition': (payload: z.input<typeof transitionCommand>, ack: (res: Ack<TaskView>) => void) => void;
}

export interface ServerToClientEvents {
	'cutover:event': (event: CutoverEvent) => void;
	/** The session or token ended (signed out, disabled, revoked, expired): the server disconnects next. */
	'access:ended': (payload: { reason: ErrorReason }) => void;
	/** The signed-in user's role or team changed: what the page offers may have changed too. */
	'access:changed': (payload: { role: Role }) => void;
	/**
	 * Whether this instance reaches its database: sent on connecting and whenever it changes. While it does not,
	 * nothing can be changed (writes are refused with 503) and the board says so.
	 */
	'server:status': (payload: { database: 'reachable' | 'unreachable' }) => void;
	/** A command that could not be answered through an ack (it was sent without one). */
	'command:error': (payload: { command: string; error: ErrorBody }) => void;
}

/** The session cookie's name, shared by HTTP and socket authentication. */
export const SESSION_COOKIE = 'golive_session';
/** A wall screen's read-only API token, kept by the browser for the wall page and its socket only. */
export const WALL_COOKIE = 'golive_wall';

export const cutoverRoom = (cutoverId: string) => `cutover:${cutoverId}`;
