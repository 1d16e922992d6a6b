import { expect, it } from 'vitest';
import { ManualClock } from '../testing/clocks';
import { CoalescingFeed } from './coalescing-feed';

/** A feed whose publications each wait until the test lets them finish. */
function heldFeed(clock: ManualClock) {
	const published: [string, string[]][] = [];
	const held: (() => void)[] = [];
	const feed = new CoalescingFeed(
		'test readings',
		(cutoverId, keys) => {
			published.push([cutoverId, keys.sort()]);
			return new Promise<void>((resolve) => held.push(resolve));
		},
		1000,
		clock
	);
	const finish = async () => {
		held.splice(0).forEach((resolve) => resolve());
		await feed.idle();
	};
	return { feed, published, finish };
}

it('has one publication per cutover under way: what is noted meanwhile waits for it, then for the pause', async () => {
	const clock = new ManualClock(0);
	const { feed, published, finish } = heldFeed(clock);
	feed.noteAll('c1', ['a', 'b']);
	clock.advance(1000);
	expect(published).toEqual([['c1', ['a', 'b']]]);

	// The first is slow: seconds pass with new notes, and no second publication starts beside it.
	feed.note('c1', 'c');
	clock.advance(5000);
	feed.note('c1', 'a');
	clock.advance(5000);
	expect(published).toHaveLength(1);
	// Another cutover is not held up by it.
	feed.note('c2', 'x');
	clock.advance(1000);
	expect(published).toEqual([
		['c1', ['a', 'b']],
		['c2', ['x']]
	]);

	await finish();
	clock.advance(999);
	expect(published).toHaveLength(2);
	clock.advance(1);
	expect(published.at(-1)).toEqual(['c1', ['a', 'c']]);
	await finish();
	clock.advance(10_000);
	expect(published).toHaveLength(3);
});

it('flushes on shutdown what was noted while a publication was under way', async () => {
	const clock = new ManualClock(0);
	const { feed, published, finish } = heldFeed(clock);
	feed.note('c1', 'a');
	clock.advance(1000);
	feed.note('c1', 'b');
	const flushed = feed.flush();
	await finish();
	// The second publication starts once the first is over, without waiting for the clock.
	await new Promise((resolve) => setImmediate(resolve));
	expect(published).toEqual([
		['c1', ['a']],
		['c1', ['b']]
	]);
	await finish();
	await flushed;
	expect(clock.pending).toBe(0);
});
