import type { Ctx } from '../context';

/** Creates the sample cutover on first start (when there are no cutovers at all). */
export async function ensureSampleCutover(_ctx: Ctx): Promise<void> {
	// Filled in by the sample-runbook work (issue 2).
}
