import type { SubmitFunction } from '@sveltejs/kit';

const accepted = (type: string) => type === 'success' || type === 'redirect';

/**
 * `use:enhance` for forms inside a `<details>`: once the server accepted the form, the
 * disclosure closes again, as it does after a full page load without JavaScript.
 */
export const closeAfterSuccess: SubmitFunction = () => {
	return async ({ update, result, formElement }) => {
		await update();
		if (accepted(result.type)) formElement.closest('details')?.removeAttribute('open');
	};
};

/**
 * `use:enhance` for a form that writes something new (a post, a reply): once the server
 * accepted it, the text is gone from the box, as after a full page load without JavaScript,
 * so nobody sends it twice. A refused form keeps what was typed.
 */
export const clearAfterSuccess: SubmitFunction = () => {
	return async ({ update, result, formElement }) => {
		await update();
		if (!accepted(result.type)) return;
		for (const box of formElement.querySelectorAll('textarea')) box.value = '';
		formElement.closest('details')?.removeAttribute('open');
	};
};
