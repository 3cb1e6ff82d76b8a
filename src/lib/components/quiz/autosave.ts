import { deserialize } from '$app/forms';
import type { Action } from 'svelte/action';

export type SaveState = 'idle' | 'saving' | 'saved' | 'failed';

/** How long typing must pause before a save; a click or a choice saves sooner. */
const TYPING_PAUSE_MS = 800;
const CHOICE_PAUSE_MS = 250;

/**
 * Saves a quiz form's answers as the learner gives them: after each change (debounced), the
 * whole form is posted to the page's `?/save` action, the same action the "Save and continue
 * later" button uses without JavaScript. One save at a time; changes made meanwhile are saved
 * right after. `report` hears how it went, for a calm status line.
 */
export const autosave: Action<HTMLFormElement, (state: SaveState) => void> = (form, report) => {
	let timer: ReturnType<typeof setTimeout> | undefined;
	let running = false;
	let again = false;

	async function save() {
		if (running) {
			again = true;
			return;
		}
		running = true;
		report?.('saving');
		try {
			const response = await fetch(new URL('?/save', location.href), {
				method: 'POST',
				body: new FormData(form),
				headers: { accept: 'application/json', 'x-sveltekit-action': 'true' }
			});
			const result = deserialize(await response.text());
			report?.(result.type === 'success' || result.type === 'redirect' ? 'saved' : 'failed');
		} catch {
			report?.('failed');
		} finally {
			running = false;
			if (again) {
				again = false;
				void save();
			}
		}
	}

	const schedule = (pause: number) => {
		clearTimeout(timer);
		timer = setTimeout(save, pause);
	};
	const onInput = (event: Event) => {
		const target = event.target as HTMLInputElement;
		schedule(target.type === 'text' ? TYPING_PAUSE_MS : CHOICE_PAUSE_MS);
	};
	const onChange = () => schedule(CHOICE_PAUSE_MS);
	// A submission carries every answer itself: a save still waiting would only repeat it.
	const onSubmit = () => clearTimeout(timer);
	form.addEventListener('input', onInput);
	form.addEventListener('change', onChange);
	form.addEventListener('submit', onSubmit);
	return {
		update(next) {
			report = next;
		},
		destroy() {
			clearTimeout(timer);
			form.removeEventListener('input', onInput);
			form.removeEventListener('change', onChange);
			form.removeEventListener('submit', onSubmit);
		}
	};
};
