import type { SubmitFunction } from '@sveltejs/kit';

/**
 * `use:enhance` for forms inside a `<details>`: once the server accepted the form, the
 * disclosure closes again, as it does after a full page load without JavaScript.
 */
export const closeAfterSuccess: SubmitFunction = () => {
	return async ({ update, result, formElement }) => {
		await update();
		if (result.type === 'success' || result.type === 'redirect') {
			formElement.closest('details')?.removeAttribute('open');
		}
	};
};
