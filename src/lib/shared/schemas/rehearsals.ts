/**
 * Rehearsals: a cutover run as a rehearsal of another (a copy of its runbook, in its own window), whose actual
 * durations become the other's rehearsal figures, the spread the forecast draws a task's duration from.
 */
import { z } from 'zod';
import { isoInstant, line, slug } from './common';
import { windowRefinement } from './runbook';

export const rehearsalCreateInput = z
	.object({ slug, name: line(120), windowStart: isoInstant, windowEnd: isoInstant })
	.strict()
	.superRefine(windowRefinement);

/** One task's figure a rehearsal gives: the minutes it took, and the figures its cutover holds before. */
export const rehearsalFigure = z.object({
	key: z.string(),
	title: z.string(),
	minutes: z.number(),
	before: z.array(z.number())
});

/** What recording a rehearsal's figures does (the preview) or did. */
export const rehearsalFigures = z.object({
	/** The cutover rehearsed, by slug. */
	cutover: z.string(),
	/** Tasks done in the rehearsal, with their minutes. */
	figures: z.array(rehearsalFigure),
	/** Tasks of the rehearsal not done (or no longer in the cutover): they give no figure. */
	skipped: z.array(z.string()),
	/** When the figures were recorded; null: not yet. */
	recordedAt: z.string().nullable()
});

export type RehearsalCreateInput = z.infer<typeof rehearsalCreateInput>;
export type RehearsalFigures = z.infer<typeof rehearsalFigures>;
