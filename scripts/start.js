#!/usr/bin/env node
// `npm start`: builds the app when the build is missing or older than the sources, then runs the production
// server: build/index.js, server.ts compiled with the rest of the app (see server-build.js). `--demo` also runs
// the simulator that plays the sample cutover forward; `--speed N` plays it at N simulated minutes per real minute.
import { pathToFileURL } from 'node:url';
import { builtEntry, ensureBuild } from './ensure-build.js';

ensureBuild();
process.env.NODE_ENV = 'production';
if (process.argv.includes('--demo')) process.env.GOLIVE_DEMO = '1';
const speed = process.argv.indexOf('--speed');
if (speed > 0 && process.argv[speed + 1]) process.env.GOLIVE_DEMO_SPEED = process.argv[speed + 1];
await import(pathToFileURL(builtEntry).href);
