/**
 * Every parameterized statement goes to PostgreSQL as a named prepared statement, cached per connection by the
 * postgres driver. drizzle sends its queries unprepared, and the driver then asks the server for the parameter
 * types before it can send the values: two round trips and a parse for every query, on the path of every move.
 * Prepared, a query repeated on a connection costs one round trip and no parse. Connections are recycled within
 * an hour (the driver's max_lifetime), which bounds how many statements each one keeps.
 */
import type { Sql, TransactionSql } from 'postgres';

type Work = (tx: TransactionSql) => unknown;
type Scoped = (...args: unknown[]) => Promise<unknown>;

export function preparingStatements<S extends Sql | TransactionSql>(sql: S): S {
	const unsafe = sql.unsafe.bind(sql);
	sql.unsafe = ((query: string, args?: unknown[], options?: object) =>
		unsafe(query, args as never, { ...options, prepare: true })) as S['unsafe'];
	// Transactions and savepoints hand their work a connection of their own: it prepares too.
	for (const scope of ['begin', 'savepoint'] as const) {
		const open = (sql as unknown as Record<string, Scoped | undefined>)[scope];
		if (!open) continue;
		(sql as unknown as Record<string, Scoped>)[scope] = (...args: unknown[]) => {
			const work = args.pop() as Work;
			return open.call(sql, ...args, (tx: TransactionSql) => work(preparingStatements(tx)));
		};
	}
	return sql;
}
