/**
 * A scripted stand-in for ../socket in the live store's tests (`vi.mock('../socket', () => import('./test-socket'))`):
 * the test fires what the server would send and answers each command's ack when it chooses.
 */
type Handler = (...args: unknown[]) => void;

export interface Sent {
	name: string;
	payload: Record<string, unknown>;
	resolve: (value: unknown) => void;
	reject: (err: unknown) => void;
}

export class FakeSocket {
	connected = true;
	handlers = new Map<string, Set<Handler>>();
	sent: Sent[] = [];

	on(name: string, fn: Handler) {
		if (!this.handlers.has(name)) this.handlers.set(name, new Set());
		this.handlers.get(name)!.add(fn);
		return this;
	}

	off(name: string, fn: Handler) {
		this.handlers.get(name)?.delete(fn);
		return this;
	}

	timeout() {
		return {
			emitWithAck: (name: string, payload: Record<string, unknown>) =>
				new Promise((resolve, reject) => this.sent.push({ name, payload, resolve, reject }))
		};
	}

	fire(name: string, ...args: unknown[]) {
		for (const fn of this.handlers.get(name) ?? []) fn(...args);
	}
}

export const fakeSocket = new FakeSocket();
export const getSocket = () => fakeSocket;
export const serverReachesDatabase = () => true;
export const enterRoom = async () => {};
export const exitRoom = () => {};
