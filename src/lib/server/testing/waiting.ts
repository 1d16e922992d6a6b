/**
 * Waiting for something another instance or a background job does: `check` is asked again every `everyMs` until
 * it holds or `ms` have passed; the answer is its last one, for the test to assert.
 */
export async function eventually(
	check: () => boolean | Promise<boolean>,
	ms = 5_000,
	everyMs = 20
): Promise<boolean> {
	const end = Date.now() + ms;
	for (;;) {
		if (await check()) return true;
		if (Date.now() >= end) return false;
		await new Promise((r) => setTimeout(r, everyMs));
	}
}
