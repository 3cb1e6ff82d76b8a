// Finds Chromium for Playwright; installs Debian's package when running as root with apt,
// otherwise stops with the one command that would install it.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChromium } from './chromium.js';

if (!findChromium()) {
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	if (isRoot && existsSync('/usr/bin/apt-get')) {
		console.log('Chromium not found: installing Debian’s chromium-headless-shell package…');
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
		execFileSync('apt-get', ['install', '-y', '-qq', 'chromium-headless-shell'], {
			stdio: 'inherit',
			env
		});
	}
	if (!findChromium()) {
		console.error(
			'Chromium was not found (set CHROMIUM_PATH, or install it):\n  sudo apt-get install -y chromium-headless-shell'
		);
		process.exit(1);
	}
}
