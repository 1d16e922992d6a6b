/**
 * The notices slice: no board holds notices, but every notice event (and a rejoin far behind, which may have
 * skipped some) moves its count, which the notices pages watch to load again.
 */
import { describe, expect, it, vi } from 'vitest';
import { event, flush, joined, lastSent, snapshot, useFakeSocket } from './test-fixtures';
import { fakeSocket } from './test-socket';

vi.mock('../socket', () => import('./test-socket'));
useFakeSocket();

describe('the notices slice', () => {
	it('counts each notice event, and a snapshot taken again after a gap', async () => {
		const live = await joined(10);
		const before = live.notices.changes;
		fakeSocket.fire('cutover:event', event(11, 'notice.created', {}));
		fakeSocket.fire('cutover:event', event(12, 'notice.published', {}));
		expect(live.notices.changes).toBe(before + 2);
		// A gap that stays open: the store joins again after seq 12 and is sent a whole snapshot.
		fakeSocket.fire('cutover:event', event(20, 'notice.updated', {}));
		await vi.advanceTimersByTimeAsync(300);
		expect(lastSent()).toMatchObject({ name: 'cutover:join', payload: { afterSeq: 12 } });
		lastSent().resolve({ ok: true, data: { seq: 40, snapshot: snapshot(40) } });
		await flush();
		expect(live.seq).toBe(40);
		expect(live.notices.changes).toBeGreaterThan(before + 2);
		live.destroy();
	});
});
