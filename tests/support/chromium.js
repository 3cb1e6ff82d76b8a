// Where the end-to-end tests find Chromium (PRODUCT.md): CHROMIUM_PATH, then Debian's headless
// shell (the same Chromium without the browser's window machinery: the suite needs a sixth less
// CPU with it, measured on quiz.spec.ts), then Debian's full chromium.
import { existsSync } from 'node:fs';

export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-dev-shm-usage',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--disable-quic'
];

export function findChromium() {
	for (const candidate of [
		process.env.CHROMIUM_PATH,
		'/usr/bin/chromium-headless-shell',
		'/usr/bin/chromium'
	]) {
		if (candidate && existsSync(candidate)) return candidate;
	}
	return undefined;
}
