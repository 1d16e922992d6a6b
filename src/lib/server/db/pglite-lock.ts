/**
 * PGlite's folder must never be open in two processes at once: both would write the same files and corrupt
 * the database. `<dataDir>/golive.lock` holds the pid of the process that has it open; a lock whose process is
 * gone (a crash, a kill -9, a container restarted with the same pid) is taken over.
 */
import { mkdirSync, readFileSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const LOCK_FILE = 'golive.lock';

export class DatabaseInUseError extends Error {
	constructor(
		readonly dataDir: string,
		readonly pid: number
	) {
		super(
			`the embedded database in ${dataDir} is in use by process ${pid} (a running golive server?): stop it, ` +
				`or use the web UI / API, or set DATABASE_URL. If process ${pid} is not golive, delete ` +
				`${join(dataDir, LOCK_FILE)}.`
		);
		this.name = 'DatabaseInUseError';
	}
}

/** The folders this process holds. */
const held = new Set<string>();

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		// EPERM: it exists but belongs to another user.
		return (err as NodeJS.ErrnoException).code === 'EPERM';
	}
}

function readPid(file: string): number | null {
	try {
		const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
		return Number.isInteger(pid) && pid > 0 ? pid : null;
	} catch {
		return null;
	}
}

/**
 * Takes the folder's lock or throws DatabaseInUseError; returns the function that releases it. The folder
 * must exist. `shown` is how the folder is named in the error (as the user configured it).
 */
export function lockDataDir(dataDir: string, shown = dataDir): () => void {
	const dir = resolve(dataDir);
	const file = join(dir, LOCK_FILE);
	if (held.has(dir)) throw new Error(`the embedded database in ${shown} is already open in this process`);
	for (let attempt = 0; attempt < 5; attempt++) {
		try {
			writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
			held.add(dir);
			return () => release(dir, file);
		} catch (err) {
			if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
		}
		const pid = readPid(file);
		// Our own pid in the file is a leftover of an earlier life with the same pid (containers reuse pid 1).
		if (pid !== null && pid !== process.pid && isAlive(pid)) throw new DatabaseInUseError(shown, pid);
		takeOverStale(file, pid);
	}
	throw new Error(`could not take the lock ${file}: other processes keep taking it`);
}

/** Removes a stale lock, with a mutex directory so two processes cannot both remove and re-create it. */
function takeOverStale(file: string, stalePid: number | null): void {
	const mutex = `${file}.takeover`;
	try {
		mkdirSync(mutex);
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
		// Someone else is taking over; a mutex left by a crash mid-takeover expires after a few seconds.
		if (Date.now() - (statSync(mutex, { throwIfNoEntry: false })?.mtimeMs ?? 0) > 5_000) rmdirSync(mutex);
		else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
		return;
	}
	try {
		// Still the same stale lock (nobody replaced it meanwhile)? Then it is ours to remove.
		if (readPid(file) === stalePid) rmSync(file, { force: true });
	} finally {
		rmdirSync(mutex);
	}
}

function release(dir: string, file: string): void {
	if (!held.delete(dir)) return;
	if (readPid(file) === process.pid) rmSync(file, { force: true });
}

// A process that exits without closing (a crash) leaves no lock behind for its folders.
process.on('exit', () => {
	for (const dir of held) {
		const file = join(dir, LOCK_FILE);
		if (readPid(file) === process.pid) rmSync(file, { force: true });
	}
});
