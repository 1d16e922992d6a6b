/**
 * The page's one socket.io connection (same origin, session cookie), created on first use in the browser, and
 * the bookkeeping of which cutover room it is in. It follows the user's access: when the session ends (signed
 * out elsewhere, disabled, expired) the page goes to the sign-in page at once; when their role changes, the page
 * reloads its data so it offers only what they may still do.
 */
import { io, type Socket } from 'socket.io-client';
import { invalidateAll } from '$app/navigation';
import type { ClientToServerEvents, ServerToClientEvents } from '../shared/realtime';

export type GoliveClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: GoliveClientSocket | null = null;
/** What the server last said of its database (it says so on every connect): pages that open later read it here. */
let databaseReachable = true;

export const serverReachesDatabase = () => databaseReachable;

/** The socket of this page load; never call it during server rendering. */
export function getSocket(): GoliveClientSocket {
	if (socket) return socket;
	socket = io({ withCredentials: true, transports: ['websocket', 'polling'] });
	socket.on('access:ended', signedOut);
	// A reconnect refused for its credentials (the session ended while the connection was down) ends the page's
	// session; one refused because the server could not check them yet is tried again (socket.io does not retry a
	// connection its middleware refused).
	socket.on('connect_error', (err) => {
		if (err.message === 'unauthenticated') signedOut();
		else if (err.message === 'unavailable') setTimeout(() => socket?.connect(), 3_000);
	});
	socket.on('access:changed', () => void invalidateAll());
	socket.on('server:status', ({ database }) => (databaseReachable = database === 'reachable'));
	return socket;
}

function signedOut(): void {
	socket?.close();
	const here = location.pathname + location.search;
	location.assign(`/login?ended=1&next=${encodeURIComponent(here)}`);
}

/*
 * `cutover:event` carries no cutover id, so the socket must never be in two cutover rooms at once. Pages that
 * show the same cutover share the room (a navigation from the board to "my tasks" keeps it); a page for another
 * cutover first leaves the previous room, and only listens once the server has confirmed the leave.
 */
let room: { slug: string; holders: number; leaveTimer: ReturnType<typeof setTimeout> | null } | null = null;

async function leave(slug: string): Promise<void> {
	const s = getSocket();
	if (!s.connected) return; // the server forgets a dropped socket's rooms by itself
	try {
		await s.timeout(5_000).emitWithAck('cutover:leave', { slug });
	} catch {
		// A lost ack on a live socket: the reconnect that follows starts with no rooms.
	}
}

/** Claims the room of `slug` for this page; resolves once events of any other cutover can no longer arrive. */
export async function enterRoom(slug: string): Promise<void> {
	if (room?.slug === slug) {
		if (room.leaveTimer) clearTimeout(room.leaveTimer);
		room.leaveTimer = null;
		room.holders++;
		return;
	}
	const previous = room;
	room = { slug, holders: 1, leaveTimer: null };
	if (previous) {
		if (previous.leaveTimer) clearTimeout(previous.leaveTimer);
		await leave(previous.slug);
	}
}

/** Releases the room; it is left shortly after the last holder goes, unless a page of the same cutover follows. */
export function exitRoom(slug: string): void {
	if (room?.slug !== slug) return;
	const current = room;
	current.holders--;
	if (current.holders > 0) return;
	current.leaveTimer = setTimeout(() => {
		if (room === current && current.holders === 0) {
			room = null;
			void leave(slug);
		}
	}, 1_000);
}
