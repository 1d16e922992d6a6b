import { sql } from 'drizzle-orm';
import { check, type AnyPgColumn } from 'drizzle-orm/pg-core';

/**
 * A CHECK constraint that keeps a text column to one of the values the code knows (a role, a status): the
 * database refuses anything else, whoever writes. The values are the code's own constants, never user input.
 */
export const oneOf = (name: string, column: AnyPgColumn, values: readonly string[]) =>
	check(name, sql`${column} in (${sql.raw(values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', '))})`);
