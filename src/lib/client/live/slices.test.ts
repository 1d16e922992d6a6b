/**
 * How events reach the slices: the reducer of an event's type gets it, a type no slice reduces is reported, and
 * a type reduced twice is refused (at compile time where the slices are mounted, and at run time).
 */
import { describe, expect, it, vi } from 'vitest';
import type { CutoverEvent } from '../../shared/events';
import { ReducerTable, type EveryTypeOnce, type LiveSlice, type Reducers } from './slices';
import { event, transfer } from './test-fixtures';

const slice = <T extends CutoverEvent['type']>(reducers: Reducers<T>): LiveSlice<T> => ({
	reducers,
	reset() {}
});

describe('ReducerTable', () => {
	it("hands an event to the reducer of its type, and to no other slice's", () => {
		const created = vi.fn();
		const updated = vi.fn();
		const table = new ReducerTable(() => {});
		table.add(slice({ 'transfer.created': created }));
		table.add(slice({ 'transfer.updated': updated }));
		const e = event(11, 'transfer.created', { transfer: transfer('customers') });
		table.dispatch(e);
		expect(created).toHaveBeenCalledExactlyOnceWith(e);
		expect(updated).not.toHaveBeenCalled();
	});

	it('reports an event type no slice reduces, once per type, and skips it', () => {
		const report = vi.fn();
		const table = new ReducerTable(report);
		table.add(slice({ 'transfer.created': () => {} }));
		const unknown = (seq: number) => event(seq, 'notice.published' as CutoverEvent['type'], {});
		table.dispatch(unknown(11));
		table.dispatch(unknown(12));
		expect(report).toHaveBeenCalledOnce();
		expect(report.mock.calls[0][0]).toMatch(/no slice reduces "notice\.published" events \(seq 11\)/);
	});

	it('refuses a second reducer for a type', () => {
		const table = new ReducerTable(() => {});
		table.add(slice({ 'transfer.created': () => {}, 'transfer.updated': () => {} }));
		expect(() => table.add(slice({ 'transfer.updated': () => {} }))).toThrow(
			'two slices reduce "transfer.updated" events'
		);
	});

	it('makes a missing or doubled type a type error where slices are mounted', () => {
		type Created = LiveSlice<'transfer.created'>;
		type Updated = LiveSlice<'transfer.updated'>;
		type Both = 'transfer.created' | 'transfer.updated';
		type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
		const checks: [
			Same<EveryTypeOnce<[Created, Updated], Both>, unknown>,
			Same<EveryTypeOnce<[Created], Both>, { 'reduced by no slice': 'transfer.updated' }>,
			Same<
				EveryTypeOnce<[Created, Updated, Created], Both>,
				{ 'reduced twice, or not for these slices to reduce': 'transfer.created' }
			>,
			Same<
				EveryTypeOnce<[Created, Updated], 'transfer.created'>,
				{ 'reduced twice, or not for these slices to reduce': 'transfer.updated' }
			>
		] = [true, true, true, true];
		expect(checks).toEqual([true, true, true, true]);
	});
});
