// `alex simulate` and POST /api/simulate run one set of checks (commands/simulate.ts and its
// helpers) but call the inputs differently: a person at the terminal typed `--plan-to-age`, an API
// client sent `plan_to_age`. The checks word every refusal with the names of the entry that
// asked, so neither reads the other's: the CLI passes FLAG_NAMES, the API its body fields.

/** How one entry calls `alex simulate`'s inputs, each by its key in the flags (`planToAge`). */
export interface InputNames {
  /** The input itself: `--plan-to-age`, or `plan_to_age`. */
  of(key: string): string;
  /** The input given a value: `--strategy vpw`, or `strategy "vpw"`. */
  given(key: string, value: string): string;
}

/** Inputs whose only flag is the negation (`--no-levers`): the default is on. */
const NEGATED_FLAGS = new Set(['inflationAdjust', 'levers']);

const kebab = (key: string) => key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

/** The CLI's names: the flags as typed. */
export const FLAG_NAMES: InputNames = {
  of: (key) => `--${NEGATED_FLAGS.has(key) ? 'no-' : ''}${kebab(key)}`,
  given: (key, value) => `--${kebab(key)} ${value}`,
};
