import { requestParams } from '../../shared/schemas/api';
import { validationErrorFrom } from '../errors';

/**
 * Refuses (400, naming it) a path parameter or query value with a control character, for pages and the API
 * alike, before anything reads them. `ignored` names query keys checked elsewhere (a sign-in link's `next`).
 */
export function assertPlainParams(
	path: Record<string, string>,
	search: URLSearchParams,
	ignored: ReadonlySet<string> = new Set()
): void {
	const names = [...new Set(search.keys())].filter((k) => !ignored.has(k));
	const checked = requestParams.safeParse({
		path,
		query: Object.fromEntries(names.map((n) => [n, search.getAll(n)]))
	});
	if (!checked.success) throw validationErrorFrom(checked.error);
}
