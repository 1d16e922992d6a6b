#!/usr/bin/env node
// `npm start`: builds the app when the build is missing or older than the sources, then runs the production
// server: build/index.js, server.ts compiled with the rest of the app (see server-build.js). `--demo` also runs
// the simulator that plays the sample cutover forward; `--speed N` plays it at N simulated minutes per real minute,
// `--from <moment>` starts it at that moment of the window (a duration such as 14h30m, or transfers, behind or go;
// the server checks it).
import { pathToFileURL } from 'node:url';
import { builtEntry, ensureBuild } from './ensure-build.js';

const from = process.argv.indexOf('--from');
const moment = from > 0 ? process.argv[from + 1] : undefined;
if (from > 0 && (!moment || moment.startsWith('--'))) {
	console.error('--from needs a moment after it, such as 14h30m, transfers, behind or go');
	process.exit(1);
}

ensureBuild();
process.env.NODE_ENV = 'production';
if (process.argv.includes('--demo')) process.env.GOLIVE_DEMO = '1';
const speed = process.argv.indexOf('--speed');
if (speed > 0 && process.argv[speed + 1]) process.env.GOLIVE_DEMO_SPEED = process.argv[speed + 1];
if (moment) process.env.GOLIVE_DEMO_FROM = moment;
await import(pathToFileURL(builtEntry).href);
