// The middle value of a benchmark's repeated timings (the upper middle for an even count).

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
