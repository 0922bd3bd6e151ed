/** Per-code-unit counts, reused across calls and zeroed as they are read back. */
const counts = new Uint32Array(65536);

/** Shannon entropy in bits per UTF-16 unit: random base64 scores about 5-6, hex 4, English words 2.5-3.5. */
export function shannonEntropy(text: string): number {
  const length = text.length;
  if (length === 0) return 0;
  for (let i = 0; i < length; i++) counts[text.charCodeAt(i)]!++;
  let bits = 0;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    const count = counts[code]!;
    if (count === 0) continue;
    const p = count / length;
    bits -= p * Math.log2(p);
    counts[code] = 0;
  }
  return bits;
}
