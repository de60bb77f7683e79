import type { AssetClass, InstrumentType, Region, Sector } from '../../contracts/allocation.ts';
import type { InstrumentClassification, RequestedInstrument } from './schema.ts';

// The offline tagger: classification rules on an instrument's name and type hint, for use
// without a model. The rules only say what a name states (a "Treasury" fund holds treasuries,
// an "Emerging Markets" fund is outside the US); what a name does not say is marked unknown
// rather than invented:
//
// - asset class (first rule that matches the name wins): money market → cash; T-bill → cash
//   (treasury); REIT, real estate, realty, properties → real estate; treasury, TIPS,
//   inflation-protected → fixed income (treasury); municipal, muni, tax-exempt → fixed income
//   (government related); mortgage, MBS → fixed income (mortgage); corporate bond, investment
//   grade, high yield → fixed income (corporate); bond, aggregate, fixed income → fixed income
//   (diversified when "aggregate", "total" or "broad", else other); gold, silver, platinum,
//   commodity → commodities (a company name with these words is a mining stock: equity,
//   materials); bitcoin, crypto, managed futures, long/short → alternatives; equity only where
//   the name says so (a sector word such as "technology", "health care", "financial", "energy",
//   or the words of a broad index fund); anything else is left unclassified (empty maps), never
//   assumed to be equity.
// - region (first match): emerging, frontier → international (country split unknown); Europe,
//   Japan, China, Asia, India, Latin America, Brazil, Canada, Australia, Africa, Israel… →
//   that region; international, ex-US, developed, foreign, EAFE → international; global,
//   world, ACWI → global; U.S., America, S&P, Nasdaq, Russell, Dow, Treasury, municipal →
//   north_america. No match: global, marked unknown (the asset class is known by then).
// - type: the hint when it is one we know (also Polygon's CS, ETF, ETN, FUND), else the name
//   (ETF, iShares, SPDR → etf; fund, admiral, portfolio → mutual_fund; Inc, Corp, Ltd, plc →
//   stock), adjusted by asset class (money_market, reit, bond_fund, commodity); else other.
//
// Heuristic classifications are never "high": "medium" when asset class, region and sector all
// came from a rule, otherwise "low", and every one carries a note saying what was guessed.

interface AssetRule {
  label: string;
  pattern: RegExp;
  assetClass: AssetClass;
  sector: Sector | ((text: string) => Sector | undefined);
  /** The type the rule implies regardless of the wrapper. */
  instrumentType?: InstrumentType;
  /** The region the asset implies when the name names none (e.g. a US Treasury). */
  impliedRegion?: Region;
}

const COMPANY_WORDS =
  /\b(inc|incorporated|corp|corporation|company|co|ltd|limited|plc|holdings?|group|s\.?a|ag|n\.?v|se)\b\.?/;

const ASSET_RULES: readonly AssetRule[] = [
  {
    label: 'money market',
    pattern: /\bmoney market\b|\bcash reserves?\b/,
    assetClass: 'cash',
    sector: (text) =>
      /treasur/.test(text)
        ? 'treasury'
        : /government|federal/.test(text)
          ? 'government_related'
          : undefined,
    instrumentType: 'money_market',
  },
  {
    label: 'treasury bills',
    pattern: /\bt-?bills?\b|\btreasury bills?\b|\b0-3 month\b|\b1-3 month\b/,
    assetClass: 'cash',
    sector: 'treasury',
    impliedRegion: 'north_america',
  },
  {
    label: 'real estate',
    pattern: /\breits?\b|\breal estate\b|\brealty\b|\bpropert(y|ies)\b/,
    assetClass: 'real_estate',
    sector: 'real_estate',
  },
  {
    label: 'treasuries',
    pattern: /\btreasur(y|ies)\b|\btips\b|\binflation[- ]protected\b/,
    assetClass: 'fixed_income',
    sector: 'treasury',
    impliedRegion: 'north_america',
  },
  {
    label: 'municipal bonds',
    pattern: /\bmunicipal\b|\bmuni\b|\btax[- ]exempt\b/,
    assetClass: 'fixed_income',
    sector: 'government_related',
    impliedRegion: 'north_america',
  },
  {
    label: 'mortgage bonds',
    pattern: /\bmortgage\b|\bmbs\b/,
    assetClass: 'fixed_income',
    sector: 'mortgage',
  },
  {
    label: 'corporate bonds',
    pattern: /\bcorporate (bond|debt|credit)|\binvestment[- ]grade\b|\bhigh[- ]yield\b/,
    assetClass: 'fixed_income',
    sector: 'corporate',
  },
  {
    label: 'bonds',
    pattern: /\bbonds?\b|\baggregate\b|\bfixed[- ]income\b/,
    assetClass: 'fixed_income',
    sector: (text) => (/\baggregate\b|\btotal\b|\bbroad\b/.test(text) ? 'diversified' : undefined),
  },
  {
    label: 'precious metals and commodities',
    pattern: /\bgold\b|\bsilver\b|\bplatinum\b|\bpalladium\b|\bcommodit(y|ies)\b|\bbullion\b/,
    assetClass: 'commodities',
    sector: 'commodities',
    instrumentType: 'commodity',
    impliedRegion: 'global',
  },
  {
    label: 'alternatives',
    pattern: /\bbitcoin\b|\bcrypto|\bether(eum)?\b|\bmanaged futures\b|\blong[- /]short\b/,
    assetClass: 'alternatives',
    sector: 'other',
  },
];

const SECTOR_RULES: ReadonlyArray<{ pattern: RegExp; sector: Sector }> = [
  { pattern: /\btechnolog|\btech\b|semiconductor|software|\bcyber/, sector: 'technology' },
  { pattern: /\bhealth|biotech|pharma|medical|life sciences/, sector: 'healthcare' },
  { pattern: /financial|\bbank|bancorp|insurance/, sector: 'financials' },
  { pattern: /\benergy\b|\boil\b|\bgas\b|petroleum/, sector: 'energy' },
  { pattern: /utilit/, sector: 'utilities' },
  { pattern: /industrial|aerospace|defen[cs]e|transport/, sector: 'industrials' },
  { pattern: /\bmaterials\b|\bmining\b|\bminers?\b|chemical|\bsteel\b/, sector: 'materials' },
  { pattern: /consumer staples|\bstaples\b/, sector: 'consumer_staples' },
  { pattern: /consumer discretionary|\bretail/, sector: 'consumer_discretionary' },
  { pattern: /communication|telecom|\bmedia\b/, sector: 'communication' },
];

// Words of a broad equity fund: the sector mix is diversified even when its split is unknown.
const BROAD_FUND_WORDS =
  /\btotal\b|\bs&p\b|\b500\b|\bnasdaq\b|\brussell\b|\bdow\b|\bbroad\b|\bindex\b|\b(large|mid|small)[- ]cap\b|\bdividend\b|\bgrowth\b|\bvalue\b|\bmsci\b|\bftse\b|\beafe\b|\bemerging\b|\binternational\b|\bdeveloped\b|\bworld\b|\bequity\b|\bstock market\b/;

const REGION_RULES: ReadonlyArray<{ label: string; pattern: RegExp; region: Region }> = [
  { label: 'emerging markets', pattern: /\bemerging\b|\bfrontier\b/, region: 'international' },
  {
    label: 'Europe',
    pattern: /\beuro(pe|pean|zone)?\b|\bunited kingdom\b|\bgerman|\bfrance\b|\bswitzerland\b/,
    region: 'europe',
  },
  {
    label: 'Asia',
    pattern: /\basia|\bjapan|\bchina\b|\bchinese\b|\bindia\b|\bkorea|\btaiwan|\bhong kong\b/,
    region: 'asia',
  },
  {
    label: 'Latin America',
    pattern: /\blatin america|\bbrazil|\bmexic|\bchile/,
    region: 'latin_america',
  },
  { label: 'Canada', pattern: /\bcanad/, region: 'north_america' },
  { label: 'Oceania', pattern: /\baustralia|\bnew zealand\b/, region: 'oceania' },
  { label: 'Africa', pattern: /\bafrica/, region: 'africa' },
  { label: 'Middle East', pattern: /\bisrael|\bsaudi|\bmiddle east\b/, region: 'middle_east' },
  {
    label: 'international',
    pattern:
      /\binternational\b|\bex[- ]?u\.?s\.?\b|\bnon[- ]u\.?s\.?\b|\bforeign\b|\bdeveloped\b|\beafe\b/,
    region: 'international',
  },
  { label: 'global', pattern: /\bglobal\b|\bworld\b|\bacwi\b/, region: 'global' },
  {
    label: 'United States',
    pattern: /\bamerica|\bs&p\b|\bnasdaq\b|\brussell\b|\bdow\b|\bselect sector\b/,
    region: 'north_america',
  },
];

// "US" is matched on the name as written: lower-cased, it is the English word "us".
const US_ABBREVIATION = /\bU\.S\.(A\.)?|\bUSA?\b/;

const TYPE_HINTS: ReadonlyArray<{ pattern: RegExp; type: InstrumentType }> = [
  { pattern: /^(etf|etn|etv|etp|exchange[- ]traded)/, type: 'etf' },
  { pattern: /^(cs|adrc?|common|stock|ordinary)/, type: 'stock' },
  { pattern: /^(money[_ ]market)/, type: 'money_market' },
  { pattern: /^(bond[_ ]fund)/, type: 'bond_fund' },
  { pattern: /^(fund|mf|mutual)/, type: 'mutual_fund' },
  { pattern: /^(bond|note)/, type: 'bond' },
  { pattern: /^reit/, type: 'reit' },
  { pattern: /^commodity/, type: 'commodity' },
];

type Wrapper = 'etf' | 'mutual_fund' | 'stock' | 'bond' | 'unknown';

function wrapperOf(text: string, hint: string | undefined): Wrapper | InstrumentType {
  const hinted = hint && TYPE_HINTS.find((rule) => rule.pattern.test(hint.toLowerCase()));
  if (hinted) return hinted.type;
  if (/\betf\b|\betn\b|\bishares\b|\bspdr\b|\bselect sector\b/.test(text)) return 'etf';
  if (/\bfund\b|\badmiral\b|\binvestor shares\b|\bportfolio\b|\btrust\b/.test(text)) {
    return 'mutual_fund';
  }
  if (COMPANY_WORDS.test(text)) return 'stock';
  return 'unknown';
}

interface AssetGuess {
  assetClass: AssetClass;
  sector: Sector | undefined;
  instrumentType: InstrumentType;
  impliedRegion?: Region | undefined;
  /** Labels of the rules that decided, for the note. */
  matched: string[];
}

function guessAsset(text: string, wrapper: Wrapper | InstrumentType): AssetGuess {
  const rule = ASSET_RULES.find((candidate) => candidate.pattern.test(text));
  const isCompany = wrapper === 'stock';
  if (rule && !(isCompany && rule.assetClass === 'commodities')) {
    const sector = typeof rule.sector === 'function' ? rule.sector(text) : rule.sector;
    return {
      assetClass: rule.assetClass,
      sector,
      instrumentType: typeFor(rule, wrapper),
      impliedRegion: rule.impliedRegion,
      matched: [rule.label],
    };
  }
  if (rule) {
    // A company named for a metal ("… Gold Corp") is a miner, not the metal.
    return {
      assetClass: 'equity',
      sector: 'materials',
      instrumentType: 'stock',
      matched: ['mining company'],
    };
  }
  const sectorRule = SECTOR_RULES.find((candidate) => candidate.pattern.test(text));
  const isFund = wrapper === 'etf' || wrapper === 'mutual_fund';
  const sector =
    sectorRule?.sector ?? (isFund && BROAD_FUND_WORDS.test(text) ? 'diversified' : undefined);
  return {
    assetClass: 'equity',
    sector,
    instrumentType: wrapper === 'unknown' ? 'other' : wrapper,
    // A company's shares are equity whatever its sector; any other name without a rule is not.
    matched: sector ? [`equity (${sector})`] : wrapper === 'stock' ? ['company shares'] : [],
  };
}

function typeFor(rule: AssetRule, wrapper: Wrapper | InstrumentType): InstrumentType {
  if (rule.instrumentType === 'money_market') return 'money_market';
  if (rule.assetClass === 'real_estate' && wrapper === 'stock') return 'reit';
  if (rule.assetClass === 'fixed_income' && wrapper === 'mutual_fund') return 'bond_fund';
  if (wrapper === 'unknown') return rule.instrumentType ?? 'other';
  return wrapper;
}

function guessRegion(name: string, text: string, implied: Region | undefined): Region | undefined {
  const rule = REGION_RULES.find((candidate) => candidate.pattern.test(text));
  if (rule) return rule.region;
  if (US_ABBREVIATION.test(name)) return 'north_america';
  return implied;
}

/** Classifies one instrument from its name and type hint alone (see the rules above). */
export function classifyByRules(instrument: RequestedInstrument): InstrumentClassification {
  const name = instrument.name ?? '';
  const text = name.toLowerCase();
  const wrapper = wrapperOf(text, instrument.instrumentType);
  // The type hint takes part in the asset rules too: a hint of "bond" or "reit" says as much
  // as the same word in the name.
  const hint = (instrument.instrumentType ?? '').toLowerCase().replace(/[_-]/g, ' ');
  const asset = guessAsset(`${text} ${hint}`, wrapper);
  const region = guessRegion(name, text, asset.impliedRegion);
  if (asset.matched.length === 0) return unclassified(instrument, wrapper);
  const unknown = [
    ...(region ? [] : ['region']),
    ...(asset.sector ? [] : ['sector']),
    ...(asset.instrumentType === 'other' ? ['instrument type'] : []),
  ];
  const confident = region !== undefined && asset.sector !== undefined;
  return {
    symbol: instrument.symbol,
    name: instrument.name ?? instrument.symbol,
    instrument_type: asset.instrumentType,
    allocation_asset_class: { [asset.assetClass]: 100 },
    allocation_regions: { [region ?? 'global']: 100 },
    allocation_sectors: { [asset.sector ?? 'other']: 100 },
    classification_source: 'heuristic',
    confidence: confident ? 'medium' : 'low',
    note: noteFor(instrument, asset.matched, unknown),
  };
}

/**
 * Nothing in the name says what the instrument holds: it is left unclassified (empty maps), so
 * the analytics keep its value out of every allocation percentage and show it as unclassified,
 * instead of calling it a stock (a high-yield bond fund named only by its ticker is not one).
 */
function unclassified(
  instrument: RequestedInstrument,
  wrapper: Wrapper | InstrumentType,
): InstrumentClassification {
  const basis =
    instrument.name === undefined
      ? 'no name was available, only the symbol'
      : 'its name states no asset class the offline rules know';
  return {
    symbol: instrument.symbol,
    name: instrument.name ?? instrument.symbol,
    instrument_type: wrapper === 'unknown' ? 'other' : wrapper,
    allocation_asset_class: {},
    allocation_regions: {},
    allocation_sectors: {},
    classification_source: 'heuristic',
    confidence: 'low',
    note:
      `Unclassified: ${basis}, so its asset class, region and sector are unknown. Its value is ` +
      'left out of the allocation percentages and shown as unclassified; configure a model ' +
      '(ALEX_MODEL) or add it to the reference data to classify it.',
  };
}

function noteFor(instrument: RequestedInstrument, matched: string[], unknown: string[]): string {
  const basis =
    instrument.name === undefined
      ? 'No name was available, so this is a guess from the symbol alone'
      : `Classified offline by name rules${matched.length > 0 ? ` (${matched.join(', ')})` : ''}`;
  const gaps = unknown.length > 0 ? `; unknown: ${unknown.join(', ')}` : '';
  return `${basis}${gaps}. Review before relying on it.`;
}
