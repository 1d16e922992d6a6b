/** The benchmark's data: a database (PostgreSQL or PGlite), a cutover with T tasks, and an admin token. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { createApp } from '../../src/lib/server/app';
import { systemActor } from '../../src/lib/server/auth/actor';
import { createToken, createUserAsSystem } from '../../src/lib/server/auth/auth.service';
import { openDecision } from '../../src/lib/server/decisions/decision.service';
import { createCutover } from '../../src/lib/server/runbook/cutover.service';
import { importRunbook, updateTask } from '../../src/lib/server/runbook/task.service';
import { createMetric } from '../../src/lib/server/metrics/metric.service';
import { createTransfer } from '../../src/lib/server/transfers/transfer.service';
import { decisionOpenInput } from '../../src/lib/shared/schemas/decisions';
import type { RunbookImportInput } from '../../src/lib/shared/schemas/runbook';

export type DbKind = 'postgres' | 'pglite';
export const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface Fixture {
	/** Environment for the golive server process. */
	env: Record<string, string>;
	token: string;
	slug: string;
	password: string;
	dispose(): Promise<void>;
}

const DEPENDENCY_GAP = 50;
export const taskKey = (i: number) => `T${String(i + 1).padStart(5, '0')}`;

/**
 * A runbook of `count` tasks in 10 phases; every fifth task depends on the one 50 before (far enough back that the
 * bench's moves, which finish a task about two seconds after starting it, never start one too early).
 */
export function benchRunbook(count: number): RunbookImportInput {
	const phases = Array.from({ length: 10 }, (_, i) => `Phase ${i + 1}`);
	return {
		phases,
		tasks: Array.from({ length: count }, (_, i) => ({
			key: taskKey(i),
			title: `Benchmark step ${i + 1}: verify migrated records batch ${i + 1}`,
			description:
				'Run the verification script for this batch and compare the counts with the source system.',
			phase: phases[Math.floor((i * phases.length) / count)],
			owner: ['dba', 'infra', 'app', 'integration'][i % 4],
			durationMinutes: 5 + (i % 40),
			dependsOn: i % 5 === 4 && i >= DEPENDENCY_GAP ? [taskKey(i - DEPENDENCY_GAP)] : [],
			dependsOnTransfers: [],
			rehearsalMinutes: []
		}))
	};
}

export const transferKey = (i: number) => `stream-${i + 1}`;
export const metricKey = (i: number) => `metric-${i + 1}`;
/** Every transfer stream's total: progress reports count up to it. */
export const TRANSFER_TOTAL = 1e12;

export async function createFixture(
	kind: DbKind,
	tasks: number,
	transfers = 0,
	metrics = 0
): Promise<Fixture> {
	let env: Record<string, string>;
	let drop: () => Promise<void>;
	if (kind === 'postgres') {
		const name = `golive_bench_${process.pid}_${Date.now()}`;
		const admin = postgres(PG_ADMIN_URL, { max: 1, onnotice: () => {} });
		await admin.unsafe(`create database ${name}`);
		await admin.end();
		const url = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
		env = { DATABASE_URL: url };
		drop = async () => {
			const a = postgres(PG_ADMIN_URL, { max: 1, onnotice: () => {} });
			await a.unsafe(`drop database if exists ${name} with (force)`);
			await a.end();
		};
	} else {
		const dir = mkdtempSync(join(tmpdir(), 'golive-bench-'));
		env = { DATA_DIR: dir, DATABASE_URL: '' };
		drop = async () => rmSync(dir, { recursive: true, force: true });
	}
	const app = await createApp({ url: env.DATABASE_URL || undefined, dataDir: env.DATA_DIR ?? null });
	try {
		const actor = systemActor('benchmark');
		const now = Date.now();
		await createCutover(app, actor, {
			slug: 'bench',
			name: `Benchmark cutover (${tasks} tasks)`,
			timezone: 'Europe/Helsinki',
			windowStart: now - 3_600_000,
			windowEnd: now + 72 * 3_600_000
		});
		await importRunbook(app, actor, 'bench', benchRunbook(tasks));
		const password = 'benchmark-password-1';
		await createUserAsSystem(app, {
			username: 'bench',
			displayName: 'Benchmark',
			role: 'admin',
			team: null,
			password
		});
		// The last task is a go/no-go checkpoint, so every move passes the gate checks a real cutover has.
		await openDecision(
			app,
			actor,
			'bench',
			decisionOpenInput.parse({
				key: 'GO',
				title: 'Go/no-go',
				checkpointTask: taskKey(tasks - 1),
				voters: ['bench'],
				chair: 'bench',
				quorum: 1
			})
		);
		// Streams of data, each waited for by one task near the end of the runbook (as validations wait).
		for (let i = 0; i < transfers; i++) {
			await createTransfer(app, actor, 'bench', {
				key: transferKey(i),
				name: `Stream ${i + 1}`,
				unit: 'rows',
				total: TRANSFER_TOTAL,
				plannedMinutes: 240,
				dependsOn: []
			});
			await updateTask(app, actor, 'bench', taskKey(tasks - 1 - i), { dependsOnTransfers: [transferKey(i)] });
		}
		// Metrics a monitoring bridge pushes to, with lines the bench's readings never reach.
		for (let i = 0; i < metrics; i++)
			await createMetric(app, actor, 'bench', {
				key: metricKey(i),
				name: `Metric ${i + 1}`,
				unit: '',
				kind: 'gauge',
				direction: 'above',
				warning: 1e9,
				critical: 2e9,
				source: null,
				selector: null,
				sustainSeconds: 60,
				clearMargin: 0
			});
		const { token } = await createToken(app, actor, { name: 'bench', role: 'admin', cutoverSlug: null });
		return { env, token, slug: 'bench', password, dispose: drop };
	} finally {
		// PGlite is single-process: the server opens the folder after we close it.
		await app.close();
	}
}
