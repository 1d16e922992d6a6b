import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../app';
import { createPostgresDatabase, postgresReachable } from '../db/test-db';
import { eventually, testCutover, testTask } from '../testing';
import { EventBus } from './event-bus';
import { eventsAfter } from './event.service';
import type { CutoverEvent } from '../../shared/events';

const task = (key: string) => ({ key, title: key, phase: 'Run', owner: 'ops', durationMinutes: 5 });

/** Collects what a bus delivers, per cutover, in delivery order. */
function recorder(bus: EventBus) {
	const seen = new Map<string, number[]>();
	bus.subscribe((cutoverId, event) => {
		if (!seen.has(cutoverId)) seen.set(cutoverId, []);
		seen.get(cutoverId)!.push(event.seq);
	});
	return seen;
}

describe.runIf(postgresReachable())('events committed on other instances, on PostgreSQL', () => {
	let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
	let one: App;
	let two: App;
	beforeAll(async () => {
		database = await createPostgresDatabase();
		one = await createApp({ url: database.url });
		two = await createApp({ url: database.url });
	});
	afterAll(async () => {
		await one?.close();
		await two?.close();
		await database?.drop();
	});

	it('reach the other instance in seq order, none missing, none twice', async () => {
		const { id, slug } = await testCutover(one);
		const onTwo = recorder(two.bus);
		for (let i = 1; i <= 5; i++) await testTask(one, slug, task(`A${i}`));
		const log = (await eventsAfter(one, id, 0)).map((e) => e.seq);
		await eventually(() => onTwo.get(id)?.at(-1) === log.at(-1));
		// The cutover's creation was committed before anything was heard of it: the bus starts at the first
		// seq it hears of, and every one after.
		expect(onTwo.get(id)).toEqual(log.slice(log.indexOf(onTwo.get(id)![0])));
		expect(onTwo.get(id)!.length).toBeGreaterThanOrEqual(5);
	});

	it('are not read back from the log by the instance that committed them', async () => {
		const { id, slug } = await testCutover(one);
		const onTwo = recorder(two.bus);
		const readBack: string[] = [];
		for (const app of [one, two]) {
			const read = (cutoverId: string, afterSeq: number, uptoSeq: number) => {
				if (cutoverId === id) readBack.push(`${app === one ? 'one' : 'two'} ${afterSeq}..${uptoSeq}`);
				return eventsAfter(app, cutoverId, afterSeq, uptoSeq - afterSeq);
			};
			app.bus.readFrom(read);
		}
		for (let i = 1; i <= 20; i++) await testTask(one, slug, task(`OWN${i}`));
		const last = (await eventsAfter(one, id, 0)).at(-1)!.seq;
		await eventually(() => onTwo.get(id)?.at(-1) === last);
		// The other instance reads what it hears of; the committing one delivers its own from its write path.
		expect(readBack.filter((r) => r.startsWith('one'))).toEqual([]);
		expect(readBack.some((r) => r.startsWith('two'))).toBe(true);
	});

	it('interleave with the instance’s own commits in seq order on both, whoever commits', async () => {
		const { id, slug } = await testCutover(one);
		await testTask(one, slug, task('FIRST'));
		const onOne = recorder(one.bus);
		const onTwo = recorder(two.bus);
		await Promise.all([
			...Array.from({ length: 10 }, (_, i) => testTask(one, slug, task(`ONE${i}`))),
			...Array.from({ length: 10 }, (_, i) => testTask(two, slug, task(`TWO${i}`)))
		]);
		const log = (await eventsAfter(one, id, 0)).map((e) => e.seq);
		const last = log.at(-1)!;
		await eventually(() => onOne.get(id)?.at(-1) === last && onTwo.get(id)?.at(-1) === last);
		for (const seen of [onOne.get(id)!, onTwo.get(id)!]) {
			// Consecutive from wherever this recorder began, through the last commit.
			expect(seen.at(-1)).toBe(last);
			expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => seen[0] + i));
			expect(seen.length).toBeGreaterThanOrEqual(20);
		}
	});
});

describe('the bus, when a commit overtakes one it has not heard of', () => {
	const event = (seq: number) => ({ seq, type: 'task.created', data: {} }) as unknown as CutoverEvent;

	it('reads the missing events from the log and delivers all in order, each once', async () => {
		const bus = new EventBus();
		const log = [1, 2, 3, 4].map(event);
		const reads: [number, number][] = [];
		bus.readFrom(async (_id, after, upto) => {
			reads.push([after, upto]);
			return log.filter((e) => e.seq > after && e.seq <= upto);
		});
		const seen: number[] = [];
		bus.subscribe((_id, e) => seen.push(e.seq));
		bus.publish('c', [event(1)]);
		// Seq 2 was committed elsewhere and not heard of yet; this instance commits 3.
		bus.publish('c', [event(3)]);
		expect(seen).toEqual([1]);
		await eventually(() => seen.length === 3);
		expect(seen).toEqual([1, 2, 3]);
		expect(reads).toEqual([[1, 3]]);
		// The late notification of 2, and one of 4.
		await bus.heard('c', 2, 2);
		await bus.heard('c', 4, 4);
		expect(seen).toEqual([1, 2, 3, 4]);
		expect(reads).toEqual([
			[1, 3],
			[3, 4]
		]);
	});
});
