/**
 * Checking a push of samples: every sample in order, stopping at the first bad one, so a refusal names it and
 * nothing of the batch is kept. A sample is bad when it is not `{ metric, at, value }` (value a finite number,
 * at an ISO time or epoch ms), names a metric the cutover does not define, or is too far in the future.
 */
import type { z } from 'zod';
import { fieldReason, type FieldReasonOf } from '../i18n/field-issues';
import { metricSample, SAMPLE_FUTURE_SLACK_MS, type MetricSample } from '../schemas/metrics';

export type BadSample = { index: number } & (
	| {
			problem: 'invalid';
			/** The bad field ("value", "at", "metric"), or '' for the sample as a whole. */
			field: string;
			/** zod's English words for it, and their key where the field messages have one. */
			message: string;
			reason: FieldReasonOf | null;
	  }
	| { problem: 'unknownMetric'; key: string }
	| { problem: 'future' }
);

export function checkSamples(
	items: readonly unknown[],
	known: ReadonlySet<string>,
	now: number
): { samples: MetricSample[] } | { bad: BadSample } {
	const samples: MetricSample[] = [];
	for (let index = 0; index < items.length; index++) {
		const parsed = metricSample.safeParse(items[index]);
		if (!parsed.success) return { bad: invalid(index, parsed.error.issues[0]) };
		const sample = parsed.data;
		if (!known.has(sample.metric)) return { bad: { index, problem: 'unknownMetric', key: sample.metric } };
		if (sample.at > now + SAMPLE_FUTURE_SLACK_MS) return { bad: { index, problem: 'future' } };
		samples.push(sample);
	}
	return { samples };
}

function invalid(index: number, issue: z.core.$ZodIssue): BadSample {
	return {
		index,
		problem: 'invalid',
		field: issue.path.map(String).join('.'),
		message: issue.message,
		reason: fieldReason(issue)
	};
}
