/** Benchmarks print one markdown table row per measurement (pasted into docs/performance.md). */
export const row = (what: string, value: string) => console.log(`| ${what} | ${value} |`)
