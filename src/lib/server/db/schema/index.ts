export * from './auth';
export * from './runbook';
export * from './events';
export * from './transfers';
export * from './decisions';
export * from './metrics';
export * from './opening';
export * from './webhooks';
