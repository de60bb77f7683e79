import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { fieldError, formError, parseNumberInput } from '../accounts/error-text.ts';
import { api } from '../api/client.ts';
import { keys, useUser } from '../api/queries.ts';
import type { User } from '../api/types.ts';
import { Field } from '../components/field.tsx';
import { ErrorNotice, Loading } from '../components/status.tsx';
import { humanKey } from '../format.ts';
import { PROFILE_FIELD_LABELS as LABELS } from '../profile-fields.ts';

// The profile the retirement projection and the drift read: PUT /api/user.

const ASSET_CLASSES = [
  'equity',
  'fixed_income',
  'real_estate',
  'commodities',
  'cash',
  'alternatives',
] as const;

const FIELDS = [
  'display_name',
  'birth_year',
  'years_until_retirement',
  'plan_to_age',
  'target_retirement_income',
  'annual_contribution',
  'asset_class_targets',
];

type Draft = Record<string, string>;

function draftOf(user: User): Draft {
  const draft: Draft = {
    display_name: user.display_name,
    birth_year: user.birth_year === null ? '' : String(user.birth_year),
    years_until_retirement: String(user.years_until_retirement),
    plan_to_age: user.plan_to_age === null ? '' : String(user.plan_to_age),
    target_retirement_income: String(user.target_retirement_income),
    annual_contribution: String(user.annual_contribution),
  };
  for (const key of ASSET_CLASSES) {
    const target = user.asset_class_targets[key];
    draft[key] = target === undefined ? '' : String(target);
  }
  return draft;
}

function toUpdate(draft: Draft) {
  const targets: Record<string, number> = {};
  for (const key of ASSET_CLASSES) {
    const value = parseNumberInput(draft[key] ?? '');
    if (value !== undefined && value !== 0) targets[key] = value;
  }
  const birthYear = parseNumberInput(draft['birth_year'] ?? '');
  // Empty clears it: the projection then plans to the life table's 10% age.
  const planToAge = parseNumberInput(draft['plan_to_age'] ?? '');
  return {
    display_name: draft['display_name'] ?? '',
    birth_year: birthYear ?? null,
    years_until_retirement: parseNumberInput(draft['years_until_retirement'] ?? '') ?? Number.NaN,
    plan_to_age: planToAge ?? null,
    target_retirement_income:
      parseNumberInput(draft['target_retirement_income'] ?? '') ?? Number.NaN,
    annual_contribution: parseNumberInput(draft['annual_contribution'] ?? '') ?? Number.NaN,
    asset_class_targets: targets,
  };
}

function SettingsForm({ user }: { user: User }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => draftOf(user));
  const save = useMutation({
    mutationFn: (update: ReturnType<typeof toUpdate>) => api.put<User>('/api/user', update),
    onSuccess: async (saved) => {
      queryClient.setQueryData(keys.user, saved);
      await queryClient.invalidateQueries({ queryKey: keys.portfolio });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(toUpdate(draft));
  };
  const input = (name: string, label: string, inputMode?: 'decimal' | 'numeric') => (
    <Field
      label={label}
      name={name}
      value={draft[name] ?? ''}
      inputMode={inputMode}
      autoComplete="off"
      onChange={(event) => setDraft({ ...draft, [name]: event.target.value })}
      error={fieldError(save.error, name)}
    />
  );
  const targetsError = fieldError(save.error, 'asset_class_targets');
  const general = formError(save.error, FIELDS);
  return (
    <form className="card form" onSubmit={submit} aria-label="Your profile" noValidate>
      {input('display_name', LABELS.display_name)}
      {input('birth_year', `${LABELS.birth_year} (optional)`, 'numeric')}
      {input('years_until_retirement', LABELS.years_until_retirement, 'numeric')}
      {input(
        'plan_to_age',
        `${LABELS.plan_to_age} (optional; empty: the life table's 10% age)`,
        'numeric',
      )}
      {input(
        'target_retirement_income',
        `${LABELS.target_retirement_income} (a year, today's dollars)`,
        'decimal',
      )}
      {input('annual_contribution', `${LABELS.annual_contribution} (USD)`, 'decimal')}
      <fieldset aria-describedby={targetsError ? 'targets-error' : undefined}>
        <legend>Target allocation (percent, adding up to 100)</legend>
        <div className="target-grid">
          {ASSET_CLASSES.map((key) => (
            <span key={key}>{input(key, humanKey(key), 'decimal')}</span>
          ))}
        </div>
        {targetsError && (
          <p id="targets-error" className="field-error" role="alert">
            {targetsError}
          </p>
        )}
      </fieldset>
      {general && (
        <p className="field-error" role="alert">
          {general}
        </p>
      )}
      <button type="submit" className="primary" disabled={save.isPending}>
        {save.isPending ? 'Saving…' : 'Save'}
      </button>
      {save.isSuccess && !save.isPending && (
        <p role="status" className="notice notice-ok">
          Saved.
        </p>
      )}
    </form>
  );
}

export default function SettingsScreen() {
  const user = useUser();
  return (
    <section>
      <h1>Settings</h1>
      {user.isPending && <Loading what="your profile" />}
      {user.error && <ErrorNotice error={user.error} what="your profile" />}
      {user.data && <SettingsForm user={user.data} />}
    </section>
  );
}
