/** The part of the `talisman` 1.1.4 library (no types of its own) that person matching uses. */
declare module 'talisman/metrics/jaro-winkler.js' {
  /** Jaro–Winkler similarity of two strings, 0 (nothing shared) to 1 (equal). */
  const jaroWinkler: (a: string, b: string) => number;
  export default jaroWinkler;
}
