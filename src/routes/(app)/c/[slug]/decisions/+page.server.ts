import type { PageServerLoad } from './$types';
import { loadLiveDecisions } from './load.server';

/** Every decision point of the cutover (the decision log), from the board's snapshot and live from there. */
export const load: PageServerLoad = (event) => loadLiveDecisions(event);
