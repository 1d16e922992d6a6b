/**
 * Helpers for the server's tests: expected refusals, clocks, waiting for background work, and factories for who
 * acts and what they act on.
 */
export * from './testing/refusals';
export * from './testing/clocks';
export * from './testing/people';
export * from './testing/cutovers';
export * from './testing/waiting';
export * from './testing/feeds';
export * from './testing/programmes';
export * from './testing/programme-seed';
export * from './testing/waves';
