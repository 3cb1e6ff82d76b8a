// The QTI 3.0 export (issue 15) in a maintained QTI 3 player: the seed's published bank,
// downloaded from GET /api/v1/articles/<slug>/questions.qti.zip, every item rendered by
// @citolab/qti-components in Chromium and scored by the player's own response processing. The
// key, chosen by its text as a learner reads it, scores full marks for every item of every type;
// a wrong answer scores nothing.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { strFromU8, unzipSync } from 'fflate';
import { expect, test } from './support/fixtures';
import { makeUser, signInAs, baseURL } from './support/actors';
import { questionById, SEED_SLUG, type Question } from './support/quiz-key';

/** What the test asks of the player's item element (src: @citolab/qti-components' elements.d.ts). */
interface PlayerItem extends HTMLElement {
	updateComplete: Promise<boolean>;
	updateResponseVariable(identifier: string, value: string | string[]): void;
	processResponse(): boolean;
	getOutcome(identifier: string): { value: string | string[] | null };
}
interface Player {
	qtiTransformItem(): { parse(xml: string): { html(): string } };
}

const PLAYER = readFileSync(
	createRequire(import.meta.url).resolve('@citolab/qti-components/cdn/index.global.js', {
		paths: [process.cwd()]
	}),
	'utf8'
);

/** What a learner chooses, by the texts the item shows: right, or wrong on purpose. */
type Choice =
	| { kind: 'choices'; texts: string[] }
	| { kind: 'pairs'; pairs: [string, string][] }
	| { kind: 'order'; texts: string[] }
	| { kind: 'text'; value: string };

function choose(q: Question, right: boolean): Choice {
	switch (q.type) {
		case 'single':
			return {
				kind: 'choices',
				texts: [right ? q.answer : q.options.find((o) => o !== q.answer)!]
			};
		case 'multiple':
			return {
				kind: 'choices',
				texts: right ? q.answers : q.options.filter((o) => !q.answers.includes(o))
			};
		case 'truefalse':
			return { kind: 'choices', texts: [q.answer === right ? 'True' : 'False'] };
		case 'matching': {
			const rights = q.pairs.map((p) => p.right);
			return {
				kind: 'pairs',
				pairs: q.pairs.map((p, i) => [p.left, right ? p.right : rights[(i + 1) % rights.length]!])
			};
		}
		case 'ordering':
			return { kind: 'order', texts: right ? q.items : [...q.items].reverse() };
		case 'short':
			return { kind: 'text', value: right ? q.accepted[0]!.toUpperCase() : 'not an answer at all' };
		case 'numeric':
			return {
				kind: 'text',
				value: String(right ? q.answer + q.tolerance / 2 : q.answer + q.tolerance + 1000)
			};
	}
}

test('every item of the seed’s QTI 3.0 package renders in a QTI 3 player and scores the key in full', async ({
	browser,
	page
}) => {
	test.setTimeout(90_000);
	const admin = await makeUser({ role: 'admin' });
	const context = await browser.newContext();
	await signInAs(context, admin, baseURL());
	const download = await context.request.get(`/api/v1/articles/${SEED_SLUG}/questions.qti.zip`);
	expect(download.status()).toBe(200);
	const files = unzipSync(new Uint8Array(await download.body()));
	await context.close();
	const items = Object.entries(files)
		.filter(([path]) => path.startsWith('items/'))
		.map(([path, bytes]) => ({
			id: path.slice('items/q-'.length, -'.xml'.length),
			xml: strFromU8(bytes)
		}));
	const types = new Set(items.map((item) => questionById(item.id).type));
	expect([...types].sort()).toEqual([
		'matching',
		'multiple',
		'numeric',
		'ordering',
		'short',
		'single',
		'truefalse'
	]);

	await page.setContent(
		'<!doctype html><html lang="en"><body><main id="player"></main></body></html>'
	);
	await page.addScriptTag({ content: PLAYER });
	const scores: Record<string, [number, number]> = {};
	for (const { id, xml } of items) {
		const q = questionById(id);
		const scored: number[] = [];
		for (const right of [true, false]) {
			scored.push(
				await page.evaluate(
					async ({ xml, choice }) => {
						const player = document.getElementById('player')!;
						const qti = (window as unknown as { QtiComponents: Player }).QtiComponents;
						player.innerHTML = qti.qtiTransformItem().parse(xml).html();
						const item = player.querySelector('qti-assessment-item') as PlayerItem;
						await customElements.whenDefined('qti-assessment-item');
						await item.updateComplete;
						const textOf = (el: Element) => (el.textContent ?? '').trim();
						const idByText = (selector: string, text: string) => {
							const found = [...player.querySelectorAll(selector)].find(
								(el) => textOf(el) === text
							);
							if (!found) throw new Error(`no ${selector} shows “${text}”`);
							return found.getAttribute('identifier')!;
						};
						// The interaction is there to be seen before anything is chosen.
						const interaction = player.querySelector(
							'qti-choice-interaction, qti-match-interaction, qti-order-interaction, qti-text-entry-interaction'
						);
						if (!interaction || !(interaction as HTMLElement).getClientRects().length) {
							throw new Error('the interaction is not rendered');
						}
						let value: string | string[];
						if (choice.kind === 'choices') {
							value = choice.texts.map((t) => idByText('qti-simple-choice', t));
							if (item.querySelector('qti-choice-interaction')?.getAttribute('max-choices') === '1')
								value = value[0]!;
						} else if (choice.kind === 'order') {
							value = choice.texts.map((t) => idByText('qti-simple-choice', t));
						} else if (choice.kind === 'pairs') {
							const sets = [...player.querySelectorAll('qti-simple-match-set')];
							const inSet = (set: Element, text: string) => {
								const found = [...set.querySelectorAll('qti-simple-associable-choice')].find(
									(el) => textOf(el) === text
								);
								if (!found) throw new Error(`no choice shows “${text}”`);
								return found.getAttribute('identifier')!;
							};
							value = choice.pairs.map(([l, r]) => `${inSet(sets[0]!, l)} ${inSet(sets[1]!, r)}`);
						} else {
							value = choice.value;
						}
						item.updateResponseVariable('RESPONSE', value);
						item.processResponse();
						return Number(item.getOutcome('SCORE').value);
					},
					{ xml, choice: choose(q, right) }
				)
			);
		}
		scores[`${q.type} ${id}`] = scored as [number, number];
	}
	for (const [item, [right, wrong]] of Object.entries(scores)) {
		expect([right, wrong], item).toEqual([1, 0]);
	}
});
