/**
 * What other areas may read of the data transfers inside their own transaction (the runbook checks that tasks and
 * transfers can be scheduled together; the forecast reads the streams). A leaf: it imports no other area.
 */
export { listTransfers as transfersOf } from './transfer.queries';
