import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatabaseInUseError, LOCK_FILE, lockDataDir } from './pglite-lock';

describe('the PGlite folder lock', () => {
	let dir: string;
	let child: ChildProcess | undefined;
	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), 'golive-lock-'));
	});
	afterEach(() => {
		child?.kill();
		child = undefined;
		rmSync(dir, { recursive: true, force: true });
	});

	it('writes our pid, and removes the file on release', () => {
		const release = lockDataDir(dir);
		expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
		release();
		expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
	});

	it('refuses a folder held by a live process, naming the folder and the pid', async () => {
		child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
		await new Promise((resolve) => child!.once('spawn', resolve));
		writeFileSync(join(dir, LOCK_FILE), `${child.pid}\n`);
		expect(() => lockDataDir(dir, './data')).toThrow(DatabaseInUseError);
		expect(() => lockDataDir(dir, './data')).toThrow(
			`the embedded database in ./data is in use by process ${child.pid} (a running golive server?)`
		);
		// The other process's lock is left alone.
		expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(child.pid));
	});

	it('takes over a stale lock whose process is gone, or a garbled one', async () => {
		const gone = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
		await new Promise((resolve) => gone.once('exit', resolve));
		writeFileSync(join(dir, LOCK_FILE), `${gone.pid}\n`);
		lockDataDir(dir)();
		writeFileSync(join(dir, LOCK_FILE), 'not a pid');
		const release = lockDataDir(dir);
		expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
		release();
	});

	it('takes over a lock left with our own pid by an earlier life (containers reuse pids)', () => {
		writeFileSync(join(dir, LOCK_FILE), `${process.pid}\n`);
		const release = lockDataDir(dir);
		release();
		expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
	});

	it('refuses a second open of the same folder in this process', () => {
		const release = lockDataDir(dir);
		expect(() => lockDataDir(dir)).toThrow(/already open in this process/);
		release();
	});
});
