/** The socket.io contract, shared by the server and the browser. Commands carry an ack; events are past tense. */
import { z } from 'zod';
import type { BoardSnapshot, CutoverEvent } from './events';
import type { ErrorReason, ReasonParams } from './i18n';
import type { Role } from './roles';
import { slug } from './schemas/common';
import type { TaskView } from './schemas/runbook';
import { taskKey, taskTransitionInput } from './schemas/runbook';

export type ErrorCode =
	| 'validation_failed'
	| 'not_found'
	| 'forbidden'
	| 'conflict'
	| 'unauthenticated'
	| 'rate_limited'
	| 'payload_too_large'
	| 'method_not_allowed'
	| 'internal';

export interface ErrorBody {
	code: ErrorCode;
	/** In English, for people reading the API's answers and the logs. */
	message: string;
	details?: unknown;
	/** Why, as a stable key to say it in any language (the `errors` messages), with what fills it in. */
	reason?: ErrorReason;
	params?: ReasonParams;
}

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
export type JoinResult =
	| { seq: number; snapshot: BoardSnapshot; snapshotGzip?: undefined; events?: undefined }
	| { seq: number; snapshotGzip: ArrayBuffer | Uint8Array; snapshot?: undefined; events?: undefined }
	| { seq: number; events: CutoverEvent[]; snapshot?: undefined; snapshotGzip?: undefined };

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
	/** A command that could not be answered through an ack (it was sent without one). */
	'command:error': (payload: { command: string; error: ErrorBody }) => void;
}

/** The session cookie's name, shared by HTTP and socket authentication. */
export const SESSION_COOKIE = 'golive_session';

export const cutoverRoom = (cutoverId: string) => `cutover:${cutoverId}`;
