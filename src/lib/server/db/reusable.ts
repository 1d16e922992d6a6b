/**
 * Statements built once. drizzle turns a query builder into SQL text on every call, walking every column of every
 * table it names: for the few statements on the path of every move and every progress report, that building cost
 * more of the server's own CPU than the rest of the request. A reusable statement is built once per driver with
 * placeholders for its values and then run on whichever database or transaction is given.
 *
 * drizzle binds a prepared query to the connection it was prepared on, so it has no public way to run one inside
 * a transaction opened later. Both drivers' prepared queries keep that connection in their `client` field and
 * their sessions in `session.client`; a copy with the transaction's client runs the same text in that
 * transaction. reusable.test.ts shows on both drivers that such a statement commits and rolls back with its
 * transaction, so a drizzle upgrade that moves these fields fails there first.
 */
import type { Db, Tx } from './client';

type Runner = Db | Tx;

interface PreparedQuery<R> {
	client: unknown;
	execute(values?: Record<string, unknown>): Promise<R>;
}

interface Preparable<R> {
	prepare(name: string): { execute(values?: Record<string, unknown>): Promise<R> };
}

const sessionOf = (runner: Runner) => (runner as unknown as { session: { client: unknown } }).session;

/**
 * A statement built by `build` (with `sql.placeholder(name)` for its values) the first time it runs on a driver,
 * and reused after that on any database or transaction of that driver.
 */
export function reusable<R>(
	name: string,
	build: (runner: Runner) => Preparable<R>
): (runner: Runner, values: Record<string, unknown>) => Promise<R> {
	// One per driver: the prepared query's class decides how it talks to its client.
	const built = new Map<unknown, PreparedQuery<R>>();
	return (runner, values) => {
		const session = sessionOf(runner);
		let prepared = built.get(session.constructor);
		if (!prepared) {
			prepared = build(runner).prepare(name) as PreparedQuery<R>;
			built.set(session.constructor, prepared);
		}
		const bound: PreparedQuery<R> = Object.create(prepared);
		bound.client = session.client;
		return bound.execute(values);
	};
}
