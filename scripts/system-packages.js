// The machine's own programs the tests drive: Debian's Chromium (end-to-end tests), HAProxy (the multi-instance
// tests) and Prometheus (the metric source tests). `npm test` installs the missing ones with apt-get, as root or
// through sudo without a password prompt; elsewhere it says what to install.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const onPath = (command) =>
	spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

const PACKAGES = [
	{ name: 'chromium', usedBy: 'the end-to-end tests', present: () => existsSync('/usr/bin/chromium') },
	{ name: 'haproxy', usedBy: 'the multi-instance tests', present: () => onPath('haproxy') },
	{ name: 'prometheus', usedBy: 'the metric source tests', present: () => onPath('prometheus') }
];

/** Installs the missing packages; returns false (having said why) when some are still missing. */
export function ensureSystemPackages() {
	const missing = PACKAGES.filter((p) => !p.present());
	if (missing.length === 0) return true;
	const names = missing.map((p) => p.name);
	const why = missing.map((p) => `${p.name} for ${p.usedBy}`).join(', ');
	const asRoot = process.getuid?.() === 0 ? [] : onPath('sudo') ? ['sudo', '-n'] : null;
	if (!onPath('apt-get') || !asRoot) {
		console.warn(`Missing ${why}. Install them (Debian: apt-get install ${names.join(' ')}).`);
		return false;
	}
	console.log(`Installing Debian's ${why}…`);
	const [program, ...prefix] = [...asRoot, 'apt-get'];
	const apt = (...args) =>
		spawnSync(program, [...prefix, ...args], {
			stdio: 'inherit',
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
		}).status === 0;
	if (!apt('update') || !apt('install', '-y', ...names) || missing.some((p) => !p.present())) {
		console.warn(`Could not install ${names.join(' and ')}: the tests that need them will fail.`);
		return false;
	}
	return true;
}
