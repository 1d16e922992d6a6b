import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app';
import { testCutover } from '../testing';
import { testDatabases } from './test-db';
import { reusable } from './reusable';
import { cutovers } from './schema';

const rename = reusable('test_cutover_rename', (db) =>
	db
		.update(cutovers)
		.set({ name: sql`${sql.placeholder('name')}` })
		.where(eq(cutovers.slug, sql.placeholder('slug')))
		.returning({ name: cutovers.name })
);

describe.each(testDatabases())('a statement built once, on $kind', (database) => {
	let app: App;
	beforeAll(async () => {
		app = await database.open();
	});
	afterAll(() => database.close());

	const nameOf = async (slug: string) =>
		(await app.db.select({ name: cutovers.name }).from(cutovers).where(eq(cutovers.slug, slug)))[0]?.name;

	it('runs inside the transaction it is given: rolled back with it, committed with it', async () => {
		const { slug } = await testCutover(app);
		// Run on the database first, so the statement is not built on the transaction below.
		await rename(app.db, { slug, name: 'before' });
		await expect(
			app.db.transaction(async (tx) => {
				expect(await rename(tx, { slug, name: 'inside' })).toEqual([{ name: 'inside' }]);
				throw new Error('roll back');
			})
		).rejects.toThrow('roll back');
		expect(await nameOf(slug)).toBe('before');

		await app.db.transaction((tx) => rename(tx, { slug, name: 'committed' }));
		expect(await nameOf(slug)).toBe('committed');
	});

	it('runs on the database itself as well, with new values each time', async () => {
		const { slug } = await testCutover(app);
		for (const name of ['one', 'two']) expect(await rename(app.db, { slug, name })).toEqual([{ name }]);
		expect(await nameOf(slug)).toBe('two');
	});

	it('names a missing value instead of running without it', async () => {
		await expect(rename(app.db, { slug: 'x' })).rejects.toThrow('placeholder "name"');
	});
});
