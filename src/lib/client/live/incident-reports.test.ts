/** The incidents slice follows report requests, reports and analyses, so a board sees that a report arrived. */
import { describe, expect, it, vi } from 'vitest';
import type { ReportView } from '../../shared/schemas/reports';
import { event, joined, snapshot, useFakeSocket, WINDOW_START } from './test-fixtures';
import { fakeSocket } from './test-socket';

vi.mock('../socket', () => import('./test-socket'));
useFakeSocket();

const supplier = { name: 'Aino Acme', organisation: 'Acme Hosting', email: 'aino@acme.example' };

const report = (version: number, seq: number): ReportView => ({
	version,
	supplier,
	requestId: `request-${version}`,
	when: 'w',
	how: 'h',
	what: 'w',
	why: 'y',
	consequences: 'c',
	actions: [],
	submittedAt: WINDOW_START,
	seq
});

describe('reports on a live board', () => {
	it('counts requests and reports per incident and keeps the latest report and analysis version', async () => {
		const live = await joined(snapshot(10));
		expect(live.incidents.reportsOf('INC-1')).toEqual({
			requested: 0,
			submitted: 0,
			latest: null,
			rcaVersion: 0
		});
		const request = {
			id: 'request-1',
			supplier,
			requestedBy: 'Maija',
			requestedAt: WINDOW_START,
			expiresAt: WINDOW_START,
			usedAt: null
		};
		fakeSocket.fire('cutover:event', event(11, 'incident.report_requested', { ref: 'INC-1', request }));
		fakeSocket.fire(
			'cutover:event',
			event(12, 'incident.report_submitted', { ref: 'INC-1', report: report(1, 12) })
		);
		fakeSocket.fire(
			'cutover:event',
			event(13, 'incident.report_submitted', { ref: 'INC-1', report: report(2, 13) })
		);
		const rca = {
			version: 1,
			cause: 'c',
			contributing: 'c',
			wentWell: 'w',
			wentBadly: 'b',
			actions: [],
			recordedBy: 'Maija',
			recordedAt: WINDOW_START,
			seq: 14
		};
		fakeSocket.fire('cutover:event', event(14, 'incident.rca_recorded', { ref: 'INC-1', rca }));
		expect(live.incidents.reportsOf('INC-1')).toEqual({
			requested: 1,
			submitted: 2,
			latest: { organisation: 'Acme Hosting', version: 2, at: WINDOW_START },
			rcaVersion: 1
		});
		expect(live.incidents.reportsOf('INC-2').submitted).toBe(0);
	});
});
