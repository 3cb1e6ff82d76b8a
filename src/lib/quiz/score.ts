/**
 * A score as a percentage (0–100) of its maximum, unrounded so a pass mark compares against
 * the exact share; a quiz worth nothing (or not yet scored) is 0%. Round only to show it.
 */
export function scorePercent(points: number | null, maxPoints: number | null): number {
	return maxPoints ? (100 * (points ?? 0)) / maxPoints : 0;
}
