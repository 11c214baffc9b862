/** 32-bit FNV-1a over UTF-16 code units: tiny, fast, stable across Node versions. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export interface WeightedChoice {
  code: string;
  weight: number;
}

/**
 * Deterministic weighted pick: the same key always lands on the same choice
 * while the choice list is unchanged, and keys spread in proportion to weight.
 * Choices must be pre-sorted (by code) so the result does not depend on input
 * order. Zero-weight choices are never picked unless every weight is zero.
 */
export function pickWeighted(key: string, choices: readonly WeightedChoice[]): string | null {
  if (choices.length === 0) return null;
  const total = choices.reduce((sum, c) => sum + Math.max(0, c.weight), 0);
  const fraction = fnv1a32(key) / 0x1_0000_0000;
  if (total <= 0) return choices[Math.floor(fraction * choices.length)].code;
  let target = fraction * total;
  for (const choice of choices) {
    const weight = Math.max(0, choice.weight);
    if (target < weight) return choice.code;
    target -= weight;
  }
  // Floating-point leftovers: the last positive-weight choice.
  return [...choices].reverse().find((c) => c.weight > 0)!.code;
}
