// The forecast worker's entry when it runs from source (dev server, tests, CLI): plain JavaScript, so a worker
// thread can start it; it registers the TypeScript loader for its own thread and loads the worker proper. The
// build compiles forecast.worker.ts and starts that instead.
import { register } from 'tsx/esm/api';

register();
await import('./forecast.worker.ts');
