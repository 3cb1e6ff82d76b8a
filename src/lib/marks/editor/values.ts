/**
 * A stored claim as the values that fill the editor's forms in (checkbox ticked: 'on'), the
 * same shape a refused form echoes back. Pure.
 */
import type { MarkKind } from '../claims';

export function markValues(mark: {
	kind: MarkKind;
	source: string | null;
	speaker: string | null;
	note: string;
	provenance: boolean;
}): Record<string, string> {
	return {
		kind: mark.kind,
		source: mark.source ?? '',
		speaker: mark.speaker ?? '',
		note: mark.note,
		provenance: mark.provenance ? 'on' : ''
	};
}

/** Who made a claim, in the editor's words. */
export const ORIGIN_LABELS = {
	rules: 'drawn by the rules',
	file: "from the article's claims file",
	person: 'added by an editor'
} as const;
