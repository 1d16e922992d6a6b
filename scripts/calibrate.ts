/**
 * Prints the window forecast's calibration: simulated cutovers replayed, the forecast asked along each, and its
 * probabilities scored against what happened (see src/lib/shared/forecast/calibration.ts).
 * Usage: npm run calibrate [-- --worlds 400 --seed 1 --samples 500 --every 20]
 */
import { parseArgs } from 'node:util';
import { calibrate } from '../src/lib/shared/forecast/calibration';

const { values } = parseArgs({
	options: {
		worlds: { type: 'string', default: '400' },
		seed: { type: 'string', default: '1' },
		samples: { type: 'string', default: '500' },
		every: { type: 'string', default: '20' }
	}
});
const started = performance.now();
const report = calibrate({
	worlds: Number(values.worlds),
	seed: Number(values.seed),
	samples: Number(values.samples),
	everyMinutes: Number(values.every)
});
const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
console.log(`| Forecast said | Moments | Mean forecast | Finished in the window |`);
console.log(`|---|---:|---:|---:|`);
for (const bin of report.bins)
	console.log(
		`| ${bin.from * 100}-${bin.to * 100} % | ${bin.count} | ${bin.count ? pct(bin.meanProbability) : '-'} | ${bin.count ? pct(bin.observed) : '-'} |`
	);
console.log(
	`\n${report.verdicts} moments of ${values.worlds} cutovers (${pct(report.onTimeShare)} on time): Brier ${report.brier.toFixed(4)}, base rate ${report.baseRateBrier.toFixed(4)} (${((performance.now() - started) / 1000).toFixed(1)} s)`
);
