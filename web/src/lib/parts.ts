/** The logic of the shared parts (components/), kept apart from React so it is tested without a browser. */

/** A select's or a checkbox list's choice: the code sent, the name shown. */
export interface Choice {
  value: string;
  label: string;
}

/** Reference data (code + names in three languages) as choices, named in the person's language, in the data's order. */
export function namedChoices<N>(xs: readonly { code: string; names: N }[] | undefined, name: (names: N) => string): Choice[] {
  return (xs ?? []).map((x) => ({ value: x.code, label: name(x.names) }));
}

/** Codes named by a translation key per code, e.g. `roles.${code}`. */
export function keyedChoices(codes: readonly string[], label: (code: string) => string): Choice[] {
  return codes.map((code) => ({ value: code, label: label(code) }));
}

/** The facts that apply: a fact given as false, null or undefined is left out, the others keep their order. */
export function presentFacts<F>(items: readonly (F | false | null | undefined)[]): F[] {
  return items.filter((x): x is F => !!x);
}

/** One card open at a time: the toggled card opens (closing any other), or closes when it was the open one. */
export function toggleOpen(open: string | null, key: string): string | null {
  return open === key ? null : key;
}
