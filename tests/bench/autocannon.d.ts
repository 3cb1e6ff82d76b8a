// autocannon ships no types (and @types/autocannon is not a dependency): the little the bench
// uses, through load.js, which reads the result's fields it documents.
declare module 'autocannon' {
	function autocannon(
		options: Record<string, unknown>,
		done: (error: Error | null, result: unknown) => void
	): { stop(): void };
	export default autocannon;
}
