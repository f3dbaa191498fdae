/**
 * Deterministic fake data for simulators: the same seed gives the same creators, campaigns and payouts on
 * every machine, so tests, benchmarks and the demo workspace are reproducible.
 */

/** mulberry32: tiny, fast, good enough for test data (not for anything secret). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
export const between = (random: () => number, min: number, max: number) => min + Math.floor(random() * (max - min + 1));

const FIRST = [
  'Ava',
  'Noah',
  'Mia',
  'Liam',
  'Zoe',
  'Ethan',
  'Lena',
  'Mateo',
  'Aisha',
  'Kai',
  'Sofia',
  'Jonas',
  'Priya',
  'Leo',
  'Chloe',
  'Omar',
  'Hana',
  'Lucas',
  'Nina',
  'Theo',
  'Yara',
  'Felix',
  'Maya',
  'Ravi',
  'Elena',
  'Sam',
  'Ines',
  'Hugo',
  'Amara',
  'Finn',
];
const LAST = [
  'Carter',
  'Nguyen',
  'Schmidt',
  'Rossi',
  'Okafor',
  'Silva',
  'Kim',
  'Müller',
  'Dubois',
  'Patel',
  'Haddad',
  'Novak',
  'Jensen',
  'García',
  'Kowalski',
  'Ito',
  'Brennan',
  'Moreau',
  'Abara',
  'Lindqvist',
];
const NICHE = ['eats', 'travels', 'codes', 'lifts', 'paints', 'games', 'styles', 'cooks', 'dances', 'reviews', 'films', 'sings'];
const BRANDS = ['Northwind', 'Lumen', 'Bramble & Co', 'Kitefin', 'Solstice', 'Oakridge', 'Vela', 'Copperleaf', 'Halcyon', 'Mistral'];
const THEMES = [
  'Spring Launch',
  'Summer Glow',
  'Back to School',
  'Holiday Gifting',
  'Unboxing Week',
  'Creator Fund',
  'Ambassador Q',
  'Fitness Challenge',
  'Product Drop',
  'Brand Story',
];

export interface FakePerson {
  firstName: string;
  lastName: string;
  name: string;
  email: string;
  handle: string;
  platform: 'tiktok' | 'instagram' | 'youtube-channel';
  phone: string;
}

const INITIALS = 'ABCDEFGHJKLMNPRSTVW';
const ascii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();

/**
 * Person number `index` of one roster that every simulator draws from: the same index is the same person (name,
 * e-mail, handle, phone) at every provider, so the demo shows people paid through several providers, linked. The
 * first 600 have distinct first + last names; later ones get a middle initial, and past that a number.
 */
export function rosterPerson(index: number): FakePerson {
  const firstName = FIRST[index % FIRST.length]!;
  // 7 and 1 step through LAST so that the 30 first names meet all 20 last names before any pair repeats.
  const lastName = LAST[(index * 7 + Math.floor(index / FIRST.length)) % LAST.length]!;
  const round = Math.floor(index / (FIRST.length * LAST.length));
  const initial = round === 0 ? '' : (INITIALS[(round - 1) % INITIALS.length] ?? '');
  const suffix = round > INITIALS.length ? String(round) : '';
  const name = initial ? `${firstName} ${initial}. ${lastName}${suffix ? ` ${suffix}` : ''}` : `${firstName} ${lastName}`;
  const local = [ascii(firstName), initial.toLowerCase(), ascii(lastName)].filter(Boolean).join('.') + suffix;
  return {
    firstName,
    lastName,
    name,
    email: `${local}@example.com`,
    handle: `@${local.replace(/\./g, '')}.${NICHE[index % NICHE.length]}`,
    platform: (['tiktok', 'instagram', 'youtube-channel'] as const)[index % 3]!,
    phone: `202555${String(1000 + (index % 9000)).padStart(4, '0')}`,
  };
}

/**
 * The roster's person `index` (see rosterPerson). `random` is advanced as many times as it always was, so the rest
 * of a simulator's seeded data (amounts, statuses, dates) stays what it was for a given seed.
 */
export function fakePerson(random: () => number, index: number): FakePerson {
  for (let i = 0; i < 4; i += 1) random();
  return rosterPerson(index);
}

export function fakeCampaignName(random: () => number, index: number): string {
  return `${pick(random, BRANDS)} ${pick(random, THEMES)} ${2024 + (index % 3)}`;
}

/** A realistic creator fee in minor units: mostly 50–2,500 in round-ish numbers, a long tail up to 15,000. */
export function fakeAmountMinor(random: () => number): number {
  const tail = random() < 0.05;
  const major = tail ? between(random, 2500, 15000) : between(random, 5, 250) * 10;
  const cents = random() < 0.7 ? 0 : between(random, 1, 99);
  return major * 100 + cents;
}

/** ISO time spread over the last `days` days before `now`, deterministic for a given random source. */
export function fakePastTime(random: () => number, now: Date, days: number): Date {
  return new Date(now.getTime() - Math.floor(random() * days * 86_400_000));
}

/** Eight random hex digits (32 bits), for ids and keys that must look like the provider's. */
export function randomHex8(random: () => number): string {
  return Math.floor(random() * 0x1_0000_0000)
    .toString(16)
    .padStart(8, '0');
}

/**
 * UUID-shaped ids from a per-simulator prefix, a kind and a counter: unique, deterministic and one string operation
 * each, which keeps seeding 100k items well inside a second.
 */
export function counterIds(prefix: string, kind: string): () => string {
  let counter = 0;
  return () => `${prefix}-${kind}-4000-8000-${(counter++).toString(16).padStart(12, '0')}`;
}

/** One of the items, each drawn with its weight; `fallback` where the weights add up to less than one. */
export function weightedPick<T>(random: () => number, weights: ReadonlyArray<readonly [T, number]>, fallback: T): T {
  let r = random();
  for (const [item, weight] of weights) {
    if (r < weight) return item;
    r -= weight;
  }
  return fallback;
}
