// The forecast worker's entry: plain JavaScript, so a worker thread can start it anywhere; it registers the
// TypeScript loader for its own thread and loads the worker proper.
import { register } from 'tsx/esm/api';

register();
await import('./forecast.worker.ts');
