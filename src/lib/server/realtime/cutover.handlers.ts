import type { Server, Socket } from 'socket.io';
import {
	cutoverRoom,
	joinCommand,
	leaveCommand,
	transitionCommand,
	type ClientToServerEvents,
	type JoinResult,
	type ServerToClientEvents
} from '../../shared/realtime';
import type { Ctx } from '../context';
import { eventsAfter } from '../events/event.service';
import { findCutover } from '../runbook/cutover-lookup';
import { transitionTask } from '../runbook/task.service';
import { command } from './command';
import { currentActor, type SocketData } from './socket-access';

/** Beyond this many missed events a rejoining client gets a fresh snapshot instead of the events. */
const MAX_CATCH_UP = 1000;

export type GoliveSocket = Socket<ClientToServerEvents, ServerToClientEvents, object, SocketData>;

export function registerCutoverHandlers(
	_io: Server<ClientToServerEvents, ServerToClientEvents>,
	socket: GoliveSocket,
	ctx: Ctx
): void {
	// Every command acts with the actor's rights as they are now, not as they were at the handshake.
	const actor = () => currentActor(ctx, socket);
	const missingAck = (name: string) =>
		socket.emit('command:error', {
			command: name,
			error: { code: 'validation_failed', message: 'an ack callback is required' }
		});

	socket.on(
		'cutover:join',
		command(
			'cutover:join',
			joinCommand,
			async ({ slug, afterSeq, encoding }): Promise<JoinResult> => {
				const cutover = await findCutover(ctx, await actor(), slug);
				// Join the room first: anything committed from here on reaches this socket, and the client drops
				// what its snapshot or catch-up already covers by seq.
				await socket.join(cutoverRoom(cutover.id));
				if (
					afterSeq !== undefined &&
					afterSeq <= cutover.lastSeq &&
					cutover.lastSeq - afterSeq <= MAX_CATCH_UP
				) {
					const events = await eventsAfter(ctx, cutover.id, afterSeq, MAX_CATCH_UP);
					return { seq: events.at(-1)?.seq ?? afterSeq, events };
				}
				const { snapshot, encoded } = await ctx.snapshots.get(ctx, cutover.id, cutover.lastSeq);
				if (encoding === 'gzip') return { seq: snapshot.seq, snapshotGzip: await encoded('gzip') };
				return { seq: snapshot.seq, snapshot };
			},
			missingAck
		)
	);

	socket.on(
		'cutover:leave',
		command(
			'cutover:leave',
			leaveCommand,
			async ({ slug }) => {
				const cutover = await findCutover(ctx, await actor(), slug);
				await socket.leave(cutoverRoom(cutover.id));
				return null;
			},
			missingAck
		)
	);

	socket.on(
		'task:transition',
		command(
			'task:transition',
			transitionCommand,
			async ({ slug, key, ...input }) => transitionTask(ctx, await actor(), slug, key, input),
			missingAck
		)
	);
}
