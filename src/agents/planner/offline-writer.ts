import { SPECIALIST_NAMES, type SpecialistName } from '../../contracts/jobs.ts';

// The offline planner: keyword rules that narrow the eligible specialists from a free-text
// request without a model.
//
// - Each specialist has words that name its output: the reporter "report", "analysis",
//   "review", "diversification", "allocation", "recommendations", "risk", "fees"; the charter
//   "chart", "graph", "visual", "plot", "diagram", "pie"; retirement "retire", "retirement",
//   "pension", "Monte Carlo", "withdrawal", "nest egg".
// - "no", "skip", "without", "exclude", "not", "don't need/want", "leave out" right before a
//   specialist's word drop that specialist ("a report, no charts").
// - "just", "only", "solely", "nothing but" keep only the specialists the request names
//   ("just the retirement outlook").
// - A request with neither kind of word does not narrow: every eligible specialist runs.
// - A narrowing that would leave no eligible specialist is not applied, and the reason says so.

const SPECIALIST_WORDS: Record<SpecialistName, string> = {
  reporter:
    'reports?|analys[ie]s|analy[sz]e|review|summary|diversi\\w*|allocations?|recommendations?|risks?|fees?',
  charter: 'charts?|graphs?|visual\\w*|plots?|diagrams?|pie',
  retirement: 'retire\\w*|pensions?|monte carlo|withdrawals?|nest egg',
};

const EXCLUSIVE_WORDS = /\b(just|only|solely|nothing but|nothing except)\b/;
const EXCLUDING_WORDS = "(?:no|skip|without|exclude|not|don'?t need|don'?t want|leave out)";

function mentions(text: string, agent: SpecialistName): boolean {
  return new RegExp(`\\b(?:${SPECIALIST_WORDS[agent]})\\b`).test(text);
}

function excludes(text: string, agent: SpecialistName): boolean {
  const article = '(?:the |any |a |my )?';
  return new RegExp(
    `\\b${EXCLUDING_WORDS}\\s+${article}(?:\\w+ )?(?:${SPECIALIST_WORDS[agent]})\\b`,
  ).test(text);
}

/** Narrows `eligible` by the keyword rules above; the order of `eligible` is kept. */
export function narrowByKeywords(
  request: string,
  eligible: readonly SpecialistName[],
): { agents: SpecialistName[]; reason: string } {
  const text = request.toLowerCase();
  const excluded = SPECIALIST_NAMES.filter((agent) => excludes(text, agent));
  const named = SPECIALIST_NAMES.filter(
    (agent) => mentions(text, agent) && !excluded.includes(agent),
  );
  const exclusive = EXCLUSIVE_WORDS.test(text) && named.length > 0;
  if (!exclusive && excluded.length === 0) {
    return {
      agents: [...eligible],
      reason: 'The request does not ask for anything specific, so every eligible specialist runs.',
    };
  }
  const wanted = exclusive ? named : SPECIALIST_NAMES.filter((agent) => !excluded.includes(agent));
  const agents = eligible.filter((agent) => wanted.includes(agent));
  if (agents.length === 0) {
    return {
      agents: [...eligible],
      reason: `The request asks only for ${wanted.join(' and ') || 'nothing'}, which cannot run for this portfolio, so every eligible specialist runs instead.`,
    };
  }
  const how = exclusive
    ? `asks only for ${named.join(' and ')}`
    : `leaves out ${excluded.join(' and ')}`;
  return { agents, reason: `The request ${how} (keyword rules).` };
}
