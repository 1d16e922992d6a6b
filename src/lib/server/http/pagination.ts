/** Cursor pages over an ordered list: `{ items, nextCursor }`, where a null cursor means the last page. */
import type { ListQuery } from '../../shared/schemas/api';
import { ValidationError } from '../errors';

export interface Page<T> {
	items: T[];
	nextCursor: string | null;
}

// The cursor is opaque to clients (base64url of an offset), so the encoding can change without breaking them.
const encode = (offset: number) => Buffer.from(`o:${offset}`).toString('base64url');

function decode(cursor: string): number {
	const match = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
	if (!match)
		throw new ValidationError({ reason: 'errors.cursorInvalid' }, [
			{ path: 'cursor', message: 'is not a cursor from this API' }
		]);
	return Number(match[1]);
}

export function paginate<T>(all: readonly T[], query: ListQuery): Page<T> {
	const start = query.cursor ? decode(query.cursor) : 0;
	const end = start + query.limit;
	return { items: all.slice(start, end), nextCursor: end < all.length ? encode(end) : null };
}

/** A page read from the database by offset: one row more than the page tells whether another follows. */
export async function pageByOffset<T>(
	query: ListQuery,
	load: (limit: number, offset: number) => Promise<T[]>
): Promise<Page<T>> {
	const start = query.cursor ? decode(query.cursor) : 0;
	const rows = await load(query.limit + 1, start);
	const more = rows.length > query.limit;
	return { items: rows.slice(0, query.limit), nextCursor: more ? encode(start + query.limit) : null };
}
