/**
 * The socket side of a live store. It joins the cutover's room from the last applied seq (a partial first paint
 * joins for the whole board), and joins again after a reconnect, a failed join (3 s later) or a gap in seq still
 * open after GAP_GRACE_MS; it hands events to the store strictly in seq order, holding back those that arrive
 * ahead of the next one or while a join is under way; and it sends commands with an ack and a timeout.
 */
import type { BoardSnapshot, CutoverEvent } from '../../shared/events';
import type { Ack, ClientToServerEvents, ErrorBody } from '../../shared/realtime';
import { decodeSnapshot } from '../../shared/snapshot-codec';
import { enterRoom, exitRoom, getSocket, serverReachesDatabase, type GoliveClientSocket } from '../socket';
import type { BoardMessage, LiveStatus } from './status.svelte';

/** What the connection reads and moves in the store it keeps current. */
export interface SyncedStore {
	readonly slug: string;
	/** The last applied seq. */
	readonly seq: number;
	/** False while the store holds a partial first paint: its join asks for the whole board. */
	readonly whole: boolean;
	status: LiveStatus;
	message: BoardMessage | null;
	databaseReachable: boolean;
	lastUpdateAt: number | null;
}

export type Command = Exclude<keyof ClientToServerEvents, 'cutover:join' | 'cutover:leave'>;
export type CommandPayload<C extends Command> = Parameters<ClientToServerEvents[C]>[0];
/** What a command's ack carries when it succeeds. */
export type CommandData<C extends Command> =
	Parameters<Parameters<ClientToServerEvents[C]>[1]>[0] extends Ack<infer T> ? T : never;

/** How long a gap in seq may stay open before the store asks for what it missed. */
const GAP_GRACE_MS = 300;
const RETRY_JOIN_MS = 3_000;
const ACK_TIMEOUT_MS = 10_000;
const NOT_SENT: ErrorBody = { code: 'internal', message: 'not connected: the command was not sent' };
const NO_ANSWER: ErrorBody = {
	code: 'internal',
	message: 'the server did not answer in time; the board will catch up',
	reason: 'errors.noAnswer'
};

export class LiveConnection {
	readonly #store: SyncedStore;
	/** Applies the event that follows the last applied seq. */
	readonly #apply: (event: CutoverEvent) => void;
	/** Replaces the store's state with a whole board. */
	readonly #reset: (snapshot: BoardSnapshot) => void;
	#socket: GoliveClientSocket | null = null;
	#joining = false;
	#joinToken = 0;
	#buffer = new Map<number, CutoverEvent>();
	#gapTimer: ReturnType<typeof setTimeout> | null = null;
	#retryTimer: ReturnType<typeof setTimeout> | null = null;
	#closed = false;

	constructor(
		store: SyncedStore,
		apply: (event: CutoverEvent) => void,
		reset: (snapshot: BoardSnapshot) => void
	) {
		this.#store = store;
		this.#apply = apply;
		this.#reset = reset;
	}

	/** Whether a command can be sent now. */
	get connected(): boolean {
		return this.#socket?.connected ?? false;
	}

	/** Takes the page's socket, claims the cutover's room and joins it (once the socket is connected). */
	open(): void {
		const socket = getSocket();
		this.#socket = socket;
		void enterRoom(this.#store.slug).then(() => {
			if (this.#closed) return;
			socket.on('cutover:event', this.#onEvent);
			this.#store.databaseReachable = serverReachesDatabase();
			socket.on('server:status', this.#onServerStatus);
			socket.on('connect', this.#onConnect);
			socket.on('disconnect', this.#onDisconnect);
			socket.on('connect_error', this.#onConnectError);
			if (socket.connected) this.#join();
		});
	}

	close(): void {
		this.#closed = true;
		const socket = this.#socket;
		if (socket) {
			socket.off('cutover:event', this.#onEvent);
			socket.off('server:status', this.#onServerStatus);
			socket.off('connect', this.#onConnect);
			socket.off('disconnect', this.#onDisconnect);
			socket.off('connect_error', this.#onConnectError);
			exitRoom(this.#store.slug);
		}
		for (const t of [this.#gapTimer, this.#retryTimer]) if (t) clearTimeout(t);
		this.#joinToken++;
	}

	/** Sends a command and waits for its ack; not connected, or no answer in time, come back as refusals. */
	async command<C extends Command>(name: C, payload: CommandPayload<C>): Promise<Ack<CommandData<C>>> {
		const socket = this.#socket;
		if (!socket?.connected) return { ok: false, error: NOT_SENT };
		// socket.io's types cannot follow a command name that is a type parameter; the contract types both ends.
		const timed = socket.timeout(ACK_TIMEOUT_MS) as unknown as {
			emitWithAck(name: C, payload: CommandPayload<C>): Promise<Ack<CommandData<C>>>;
		};
		try {
			return await timed.emitWithAck(name, payload);
		} catch {
			return { ok: false, error: NO_ANSWER };
		}
	}

	#onConnect = () => this.#join();

	#onServerStatus = ({ database }: { database: 'reachable' | 'unreachable' }) => {
		this.#store.databaseReachable = database === 'reachable';
	};

	#onDisconnect = () => {
		this.#joinToken++; // an ack still in flight belongs to the dropped connection
		this.#joining = false;
		this.#store.status = 'offline';
	};

	#onConnectError = () => {
		this.#store.status = 'offline';
	};

	#join(): void {
		const socket = this.#socket;
		const store = this.#store;
		if (!socket || this.#closed) return;
		if (this.#retryTimer) clearTimeout(this.#retryTimer);
		this.#retryTimer = null;
		if (this.#gapTimer) clearTimeout(this.#gapTimer);
		this.#gapTimer = null;
		const token = ++this.#joinToken;
		this.#joining = true;
		if (store.status !== 'connecting') store.status = 'resyncing';
		socket
			.timeout(ACK_TIMEOUT_MS)
			.emitWithAck('cutover:join', {
				slug: store.slug,
				afterSeq: store.whole ? store.seq : undefined,
				encoding: 'gzip'
			})
			.then(
				async (res) => {
					if (token !== this.#joinToken) return;
					if (!res.ok) {
						this.#joining = false;
						store.status = 'offline';
						store.message = { kind: 'error', refusal: res.error };
						// Not found or forbidden will not heal by retrying quickly; a later reconnect tries again.
						if (res.error.code === 'internal') this.#retryJoin();
						return;
					}
					// Events keep buffering (#joining) until the snapshot is decoded and applied.
					const snapshot = res.data.snapshotGzip
						? await decodeSnapshot(res.data.snapshotGzip).catch(() => null)
						: res.data.snapshot;
					if (token !== this.#joinToken) return;
					this.#joining = false;
					if (res.data.snapshotGzip && !snapshot) {
						store.status = 'offline';
						this.#retryJoin();
						return;
					}
					if (snapshot) this.#reset(snapshot);
					else for (const e of res.data.events ?? []) if (e.seq > store.seq) this.#buffer.set(e.seq, e);
					this.#drain();
					store.status = 'live';
					store.lastUpdateAt = Date.now();
				},
				() => {
					if (token !== this.#joinToken) return;
					this.#joining = false;
					store.status = 'offline';
					this.#retryJoin();
				}
			);
	}

	#retryJoin(): void {
		if (this.#closed || this.#retryTimer) return;
		this.#retryTimer = setTimeout(() => {
			this.#retryTimer = null;
			if (this.#socket?.connected) this.#join();
		}, RETRY_JOIN_MS);
	}

	#onEvent = (event: CutoverEvent) => {
		// The arrival, for measuring how soon it shows (npm run bench); only the latest mark is kept.
		performance.clearMarks('golive:event');
		performance.mark('golive:event', { detail: { seq: event.seq } });
		const seq = this.#store.seq;
		if (event.seq <= seq) return;
		if (this.#joining || event.seq > seq + 1) {
			this.#buffer.set(event.seq, event);
			if (!this.#joining) this.#armGapTimer();
			return;
		}
		this.#apply(event);
		this.#drain();
	};

	/** Applies buffered events that now follow on; a gap that remains arms the resync timer. */
	#drain(): void {
		const store = this.#store;
		for (let next = this.#buffer.get(store.seq + 1); next; next = this.#buffer.get(store.seq + 1)) {
			this.#buffer.delete(next.seq);
			this.#apply(next);
		}
		for (const seq of this.#buffer.keys()) if (seq <= store.seq) this.#buffer.delete(seq);
		if (this.#buffer.size > 0) this.#armGapTimer();
		else if (this.#gapTimer) {
			clearTimeout(this.#gapTimer);
			this.#gapTimer = null;
		}
	}

	#armGapTimer(): void {
		if (this.#gapTimer) return;
		this.#gapTimer = setTimeout(() => {
			this.#gapTimer = null;
			if (this.#buffer.size > 0 && !this.#joining && this.#socket?.connected) this.#join();
		}, GAP_GRACE_MS);
	}
}
