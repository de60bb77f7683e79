// The profile's fields as the Settings screen names them. The server's messages name a field by
// its key (`plan_to_age`); where the web app repeats such a message it uses these names instead,
// so the words match the form the user would change.
export const PROFILE_FIELD_LABELS = {
  display_name: 'Name',
  birth_year: 'Birth year',
  years_until_retirement: 'Years until retirement',
  plan_to_age: 'Plan to age',
  target_retirement_income: 'Retirement income target',
  annual_contribution: 'Saving each year',
} as const;

function isProfileField(key: string): key is keyof typeof PROFILE_FIELD_LABELS {
  return Object.hasOwn(PROFILE_FIELD_LABELS, key);
}

/** `text` with every profile field key replaced by its Settings name, in quotes. */
export function withSettingsNames(text: string): string {
  return text.replace(/\b[a-z]+(?:_[a-z]+)+\b/g, (key) =>
    isProfileField(key) ? `“${PROFILE_FIELD_LABELS[key]}”` : key,
  );
}
