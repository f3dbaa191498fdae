/**
 * Token.io Payouts simulator: the documented routes (POST/GET /payouts, GET /payouts/{id}) plus the settlement
 * account list the client uses to find its debtor account. It checks auth the way Token.io does (a detached Ed25519
 * JWS bound to host, method, path and body, or the sandbox Basic key), validates initiations as documented,
 * pages with an opaque offset, and moves statuses PENDING → PROCESSING → COMPLETED | REJECTED | FAILED on advance().
 *
 * Test hooks: a creditor name starting with "Reject" ends INITIATION_REJECTED, "Fail" ends INITIATION_FAILED.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import { money, toDecimalString } from '@shared/money';
import { between, fakeAmountMinor, fakePastTime, fakePerson, pick, seededRandom } from '../simulator/seed-data';
import { serveSimulator, type SimRequest, type SimResponse } from '../simulator/server';
import type { ProviderSimulator, SimulatorFactory, SimulatorOptions } from '../simulator/types';
import {
  ACCOUNT_VERIFICATIONS_PATH,
  DESCRIPTION_MAX_IBAN,
  DESCRIPTION_MAX_SCAN,
  DESCRIPTION_MIN_ALNUM,
  DESCRIPTION_PATTERN,
  EUR_REQUIRES_ACCOUNT_VERIFICATION,
  JWT_ALG,
  JWT_MAX_LIFETIME_MS,
  JWT_PATH_INCLUDES_QUERY,
  JWT_SIGNS_BODY,
  LIST_LIMIT_MAX,
  PAYMENT_TYPE,
  REF_ID_MAX_LENGTH,
  REF_ID_PATTERN,
  REF_ID_UNIQUE,
  SETTLEMENT_ACCOUNTS_LIST_KEY,
  SETTLEMENT_ACCOUNTS_PATH,
  SETTLEMENT_ACCOUNT_ACTIVE_STATUS,
  TERMINAL_STATUSES,
  VERIFICATION_CURRENCIES,
  type VERIFICATION_STATUS_MAP,
} from './assumptions';
import { editDistance } from '@shared/edit-distance';

/**
 * Where this simulator starts in the shared roster of fake people (seed-data.ts): the providers' people overlap, so
 * the demo pays some of the same people through several providers.
 */
const ROSTER_OFFSET = 12;

const STATUSES = [
  'INITIATION_PENDING',
  'INITIATION_PROCESSING',
  'INITIATION_COMPLETED',
  'INITIATION_REJECTED',
  'INITIATION_FAILED',
] as const;
type Status = (typeof STATUSES)[number];

interface SimCreditor {
  name: string;
  iban?: string;
  bic?: string;
  sortCode?: string;
  accountNumber?: string;
  accountVerificationId?: string;
}

interface SimPayout {
  seq: number;
  id: string;
  refId: string;
  description: string;
  value: string;
  currency: string;
  accountId: string;
  creditor: SimCreditor;
  onBehalfOfId?: string;
  status: Status;
  fate: Status;
  createdAt: number;
  updatedAt: number;
  bankTransactionId: string;
}

export interface TokenioSimulator extends ProviderSimulator {
  /** Settlement account ids by currency. */
  settlementAccounts: Record<string, string>;
  /** Test hook: the payee's bank holds this IBAN for this name (account verification compares with it). */
  registerAccount(iban: string, holderName: string): void;
  /** Account verifications asked so far. */
  verificationCount(): number;
}

interface SimVerification {
  iban: string;
  name: string;
  status: keyof typeof VERIFICATION_STATUS_MAP;
}

/** Crockford base32, as the spec's example id "avr-01K8R977E2Y0XE5CYQE1608N06" (a ULID) is written. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A seeded check's id: ULID-shaped from the creditor's number (the random draw is kept so the rest of the seed stays). */
function seededVerificationId(index: number, _draw: string): string {
  let n = index;
  let out = '';
  for (let i = 0; i < 26; i += 1) {
    out = CROCKFORD[n % 32]! + out;
    n = Math.floor(n / 32);
  }
  return `avr-${out}`;
}

/** How a bank compares names: case, accents, punctuation and extra spaces do not count. */
const normaliseName = (name: string) =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * The simulated bank's verdict on a name for an account it holds: the same name is a MATCH; initials for the same
 * surname ("H. C. Andersen" for "Hans Christian Andersen", the spec's example) or a small typo is a CLOSE_MATCH;
 * anything else NO_MATCH.
 */
function compareNames(given: string, held: string): 'MATCH' | 'CLOSE_MATCH' | 'NO_MATCH' {
  const a = normaliseName(given);
  const b = normaliseName(held);
  if (a === b) return 'MATCH';
  const aWords = a.split(' ');
  const bWords = b.split(' ');
  const sameSurname = aWords[aWords.length - 1] === bWords[bWords.length - 1];
  const initials = (words: string[]) =>
    words
      .slice(0, -1)
      .map((w) => w[0])
      .join('');
  if (sameSurname && initials(aWords) !== '' && initials(aWords) === initials(bWords)) return 'CLOSE_MATCH';
  if (editDistance(a, b) <= 2) return 'CLOSE_MATCH';
  return 'NO_MATCH';
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const token58 = (random: () => number, length: number) => {
  let out = '';
  for (let i = 0; i < length; i += 1) out += BASE58[Math.floor(random() * 58)];
  return out;
};
const uuidFrom = (random: () => number) => {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');
const encodeOffset = (index: number) => Buffer.from(`o${index}`).toString('base64url');
const decodeOffset = (offset: string) => {
  const match = /^o(\d+)$/.exec(Buffer.from(offset, 'base64url').toString());
  return match ? Number(match[1]) : null;
};

export async function startTokenioSimulator(options: SimulatorOptions): Promise<TokenioSimulator> {
  const random = seededRandom(options.seed);
  const now = options.now ?? new Date();
  const memberId = `m:${token58(random, 27)}:${token58(random, 8)}`;
  const keyId = token58(random, 16);
  const plantedKey = options.secrets?.privateKey;
  const { publicKey, privateKey } = plantedKey
    ? { publicKey: createPublicKey(createPrivateKey(plantedKey)), privateKey: createPrivateKey(plantedKey) }
    : generateKeyPairSync('ed25519');
  const privateKeyPem = plantedKey ?? privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const generatedKey = Buffer.from(`${memberId.replace(/:/g, '-')}:${uuidFrom(random)}`).toString('base64');
  const apiKey = options.secrets?.apiKey ?? generatedKey;
  const settlementAccounts: Record<string, string> = {
    GBP: `pa:${token58(random, 27)}:${token58(random, 8)}`,
    EUR: `pa:${token58(random, 27)}:${token58(random, 8)}`,
  };
  const accountCurrency = new Map(Object.entries(settlementAccounts).map(([currency, id]) => [id, currency]));

  const payouts: SimPayout[] = [];
  const byId = new Map<string, SimPayout>();
  /** What the payees' banks hold: IBAN → account holder name. */
  const bankAccounts = new Map<string, string>();
  const verifications = new Map<string, SimVerification>();
  const verificationId = () => `avr-${Array.from({ length: 26 }, () => CROCKFORD[Math.floor(random() * 32)]).join('')}`;
  const byRefId = new Map<string, SimPayout[]>();
  const inFlight = new Set<SimPayout>();
  let trace = 0;
  let seq = 0;

  const add = (p: SimPayout) => {
    payouts.push(p);
    byId.set(p.id, p);
    const list = byRefId.get(p.refId);
    if (list) list.push(p);
    else byRefId.set(p.refId, [p]);
    if (!TERMINAL_STATUSES.has(p.status)) inFlight.add(p);
  };

  seedPayouts();
  const seededVerifications = verifications.size;

  function seedPayouts() {
    const count = options.payouts;
    const creatorCount = Math.max(5, options.creators ?? Math.floor(count / 20));
    const creditors: SimCreditor[] = [];
    const currencies: string[] = [];
    for (let i = 0; i < creatorCount; i += 1) {
      const person = fakePerson(random, i + ROSTER_OFFSET);
      const gbp = random() < 0.7;
      currencies.push(gbp ? 'GBP' : 'EUR');
      creditors.push(
        gbp
          ? {
              name: person.name,
              sortCode: String(100000 + between(random, 0, 899999)),
              accountNumber: String(10000000 + ((i * 7919) % 89999999)),
            }
          : {
              name: person.name,
              iban: `NL${String(10 + (i % 89))}ABNA${String(1000000000 + i).slice(-10)}`,
              bic: 'ABNANL2A',
              accountVerificationId: seededVerificationId(i, token58(random, 12)),
            },
      );
    }
    // The seeded euro payouts were checked before they were sent: their banks hold them, with a matching check.
    for (const creditor of creditors) {
      if (!creditor.iban || !creditor.accountVerificationId) continue;
      bankAccounts.set(creditor.iban, creditor.name);
      verifications.set(creditor.accountVerificationId, { iban: creditor.iban, name: creditor.name, status: 'MATCH' });
    }
    const times = new Float64Array(count);
    for (let i = 0; i < count; i += 1) times[i] = fakePastTime(random, now, 365).getTime();
    times.sort();
    const nowMs = now.getTime();
    for (let i = 0; i < count; i += 1) {
      const c = between(random, 0, creatorCount - 1);
      const createdAt = times[i]!;
      const ageHours = (nowMs - createdAt) / 3_600_000;
      const roll = random();
      const fate: Status = roll < 0.9 ? 'INITIATION_COMPLETED' : roll < 0.96 ? 'INITIATION_REJECTED' : 'INITIATION_FAILED';
      const status: Status = ageHours > 48 ? fate : pick(random, ['INITIATION_PENDING', 'INITIATION_PROCESSING', fate] as const);
      const minor = fakeAmountMinor(random);
      // Every seventh amount uses the 4-decimal form Token.io allows, so clients must parse it exactly.
      const value = toDecimalString(money(minor, 'GBP'), i % 7 === 0 ? 4 : 2);
      add({
        seq: seq++,
        id: `po:${token58(random, 27)}:${token58(random, 11)}`,
        refId: `pd-s${i.toString(36)}`,
        description: `Creator payout ${i + 100000}`,
        value,
        currency: currencies[c]!,
        accountId: settlementAccounts[currencies[c]!]!,
        creditor: creditors[c]!,
        status,
        fate,
        createdAt,
        updatedAt: TERMINAL_STATUSES.has(status) ? createdAt + 90_000 : createdAt,
        bankTransactionId: TERMINAL_STATUSES.has(status) ? token58(random, 20) : '',
      });
    }
  }

  function toJson(p: SimPayout) {
    const bankPaymentStatus =
      p.status === 'INITIATION_COMPLETED'
        ? 'ACSC'
        : p.status === 'INITIATION_REJECTED'
          ? 'RJCT'
          : p.status === 'INITIATION_PROCESSING'
            ? 'ACTC'
            : undefined;
    const reason =
      p.status === 'INITIATION_REJECTED'
        ? 'The beneficiary bank rejected the payment.'
        : p.status === 'INITIATION_FAILED'
          ? 'The bank was unavailable.'
          : undefined;
    return {
      id: p.id,
      memberId,
      createdDateTime: iso(p.createdAt),
      updatedDateTime: iso(p.updatedAt),
      status: p.status,
      ...(p.bankTransactionId ? { bankTransactionId: p.bankTransactionId } : {}),
      ...(bankPaymentStatus ? { bankPaymentStatus } : {}),
      ...(reason ? { statusReasonInformation: reason } : {}),
      initiation: {
        description: p.description,
        refId: p.refId,
        ...(p.onBehalfOfId ? { onBehalfOfId: p.onBehalfOfId } : {}),
        amount: { value: p.value, currency: p.currency },
        debtor: { accountId: p.accountId },
        creditor: p.creditor,
      },
    };
  }

  // -------------------------------------------------------------------------------------------------------
  // Errors in Token.io's shape: { error: { errorCode?, message, tokenTraceId } }; 400/401 carry no errorCode.
  // -------------------------------------------------------------------------------------------------------
  const fail = (status: number, message: string, errorCode?: string, extra: Record<string, string> = {}): SimResponse => ({
    status,
    body: { error: { ...(errorCode ? { errorCode } : {}), message, tokenTraceId: String(5_000_000_000 + ++trace), ...extra } },
  });
  const invalid = (message: string) => fail(400, message);

  function authenticate(req: SimRequest): SimResponse | null {
    const header = String(req.headers.authorization ?? '');
    if (!header) return fail(401, 'The authorization header is missing.');
    if (/^Basic /.test(header)) return header.slice(6) === apiKey ? null : fail(401, 'Invalid API key.');
    if (!/^Bearer /.test(header)) return fail(401, 'Unsupported authorization scheme.');
    return verifyJwt(header.slice(7), req, publicKey);
  }

  function verifyJwt(jwt: string, req: SimRequest, key: KeyObject): SimResponse | null {
    const parts = jwt.split('.');
    if (parts.length !== 3 || parts[1] !== '') return fail(401, 'The JWT must be a detached JWS (header..signature).');
    const [encodedHeader = '', , signature = ''] = parts;
    let claims: Record<string, unknown>;
    try {
      claims = JSON.parse(Buffer.from(encodedHeader, 'base64url').toString('utf8')) as Record<string, unknown>;
    } catch {
      return fail(401, 'The JWT header is not valid JSON.');
    }
    const path = JWT_PATH_INCLUDES_QUERY && [...req.query.keys()].length ? `${req.path}?${req.query.toString()}` : req.path;
    if (claims.alg !== JWT_ALG) return fail(401, `Unsupported JWT algorithm; expected ${JWT_ALG}.`);
    if (claims.kid !== keyId) return fail(401, 'Unknown key id.');
    if (claims.mid !== memberId) return fail(401, 'The JWT member id does not match the key.');
    if (claims.host !== req.headers.host) return fail(401, 'The JWT host does not match the request.');
    if (claims.method !== req.method) return fail(401, 'The JWT method does not match the request.');
    if (claims.path !== path) return fail(401, 'The JWT path does not match the request.');
    const exp = claims.exp;
    if (typeof exp !== 'number' || !Number.isInteger(exp)) return fail(401, 'The JWT exp must be epoch milliseconds.');
    if (exp <= Date.now()) return fail(401, 'The JWT has expired.');
    if (exp > Date.now() + JWT_MAX_LIFETIME_MS) return fail(401, 'The JWT expires too far in the future.');
    const signingInput = `${encodedHeader}.${JWT_SIGNS_BODY ? Buffer.from(req.rawBody).toString('base64url') : ''}`;
    let valid = false;
    try {
      valid = verify(null, Buffer.from(signingInput), key, Buffer.from(signature, 'base64url'));
    } catch {
      valid = false;
    }
    return valid ? null : fail(401, 'The JWT signature is invalid.');
  }

  // -------------------------------------------------------------------------------------------------------
  // Routes
  // -------------------------------------------------------------------------------------------------------

  function listPayouts(req: SimRequest): SimResponse {
    const q = req.query;
    const limitText = q.get('limit');
    if (limitText === null) return invalid('`limit` is required.');
    if (!/^\d+$/.test(limitText) || Number(limitText) < 1) return invalid('`limit` must be an integer between 1 and 200.');
    const limit = Math.min(Number(limitText), LIST_LIMIT_MAX);
    let start = 0;
    const offset = q.get('offset');
    if (offset) {
      const decoded = decodeOffset(offset);
      if (decoded === null) return invalid('Invalid `offset`.');
      start = decoded;
    }
    const statuses = q.getAll('statuses');
    if (statuses.some((s) => !(STATUSES as readonly string[]).includes(s))) return invalid('Unknown value in `statuses`.');
    for (const name of ['startDate', 'endDate']) {
      const v = q.get(name);
      if (v !== null && !/^\d{4}-\d{2}-\d{2}$/.test(v)) return invalid(`\`${name}\` must be YYYY-MM-DD.`);
    }
    const ids = q.getAll('ids');
    const refIds = q.getAll('refIds');
    const invertIds = q.get('invertIds') === 'true';
    const invertStatuses = q.get('invertStatuses') === 'true';
    const startMs = q.get('startDate') ? Date.parse(`${q.get('startDate')}T00:00:00Z`) : null;
    const endMs = q.get('endDate') ? Date.parse(`${q.get('endDate')}T00:00:00Z`) + 86_400_000 : null;
    const onBehalfOfId = q.get('onBehalfOfId');

    let candidates: SimPayout[];
    if (refIds.length) candidates = refIds.flatMap((r) => byRefId.get(r) ?? []).sort((a, b) => a.seq - b.seq);
    else if (ids.length && !invertIds)
      candidates = ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])).sort((a, b) => a.seq - b.seq);
    else candidates = payouts;
    const idSet = ids.length ? new Set(ids) : null;
    const statusSet = statuses.length ? new Set(statuses) : null;
    const filtered =
      idSet || statusSet || startMs !== null || endMs !== null || onBehalfOfId
        ? candidates.filter(
            (p) =>
              (!idSet || idSet.has(p.id) !== invertIds) &&
              (!statusSet || statusSet.has(p.status) !== invertStatuses) &&
              (startMs === null || p.createdAt >= startMs) &&
              (endMs === null || p.createdAt < endMs) &&
              (!onBehalfOfId || p.onBehalfOfId === onBehalfOfId),
          )
        : candidates;
    const page = filtered.slice(start, start + limit);
    return { status: 200, body: { payouts: page.map(toJson), paging: { limit, offset: encodeOffset(start + page.length) } } };
  }

  function createPayout(req: SimRequest): SimResponse {
    if (req.bodyInvalid || !isObject(req.body)) return invalid('The request body must be a JSON object.');
    const initiation = req.body.initiation;
    if (!isObject(initiation)) return invalid('`initiation` is required.');
    const { refId, description, amount, debtor, creditor, onBehalfOfId, paymentType } = initiation;
    if (typeof refId !== 'string' || refId === '') return invalid('`refId` is required.');
    if (refId.length > REF_ID_MAX_LENGTH) return invalid(`\`RefId\` should not be longer than ${REF_ID_MAX_LENGTH} symbols.`);
    if (!REF_ID_PATTERN.test(refId)) return invalid('`RefId` may contain only Latin letters, digits and hyphens.');
    if (REF_ID_UNIQUE && byRefId.has(refId)) return invalid('A payout with this `refId` already exists.');
    if (PAYMENT_TYPE !== undefined && paymentType !== PAYMENT_TYPE) return invalid('`paymentType` is invalid.');
    if (paymentType !== undefined && typeof paymentType !== 'string') return invalid('`paymentType` must be a string.');
    if (!isObject(amount) || typeof amount.value !== 'string' || typeof amount.currency !== 'string')
      return invalid('`amount.value` and `amount.currency` are required.');
    if (!/^\d+(\.\d{1,4})?$/.test(amount.value))
      return invalid('`amount.value` must be a decimal with up to four digits after the decimal point.');
    if (!/[1-9]/.test(amount.value)) return invalid('`amount.value` must be greater than zero.');
    if (!/^[A-Z]{3}$/.test(amount.currency)) return invalid('`amount.currency` must be an ISO 4217 code.');
    if (!isObject(debtor) || typeof debtor.accountId !== 'string') return invalid('`debtor.accountId` is required.');
    const accountCurrencyCode = accountCurrency.get(debtor.accountId);
    if (!accountCurrencyCode) return invalid('The debtor settlement account does not exist.');
    if (accountCurrencyCode !== amount.currency)
      return invalid(`The settlement account holds ${accountCurrencyCode}; the payout is in ${amount.currency}.`);
    if (!isObject(creditor) || typeof creditor.name !== 'string' || !creditor.name.trim()) return invalid('`creditor.name` is required.');
    const scan = amount.currency === 'GBP';
    if (scan) {
      if (typeof creditor.sortCode !== 'string' || !/^\d{6}$/.test(creditor.sortCode))
        return invalid('`creditor.sortCode` must be six digits for GBP payouts.');
      if (typeof creditor.accountNumber !== 'string' || !/^\d{8}$/.test(creditor.accountNumber))
        return invalid('`creditor.accountNumber` must be eight digits for GBP payouts.');
    } else {
      if (typeof creditor.iban !== 'string' || !/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(creditor.iban))
        return invalid('`creditor.iban` is not a valid IBAN.');
      if (creditor.bic !== undefined && (typeof creditor.bic !== 'string' || !/^[A-Z0-9]{8}([A-Z0-9]{3})?$/.test(creditor.bic)))
        return invalid('`creditor.bic` must have 8 or 11 characters.');
      if (EUR_REQUIRES_ACCOUNT_VERIFICATION && VERIFICATION_CURRENCIES.includes(amount.currency)) {
        if (typeof creditor.accountVerificationId !== 'string')
          return invalid('`creditor.accountVerificationId` is required for EUR payouts.');
        const verification = verifications.get(creditor.accountVerificationId);
        if (!verification || verification.iban !== creditor.iban) {
          return invalid('`creditor.accountVerificationId` does not name an account verification of this creditor.');
        }
      }
    }
    if (typeof description !== 'string') return invalid('`description` is required.');
    const alnum = description.replace(/[^A-Za-z0-9]/g, '');
    if (!DESCRIPTION_PATTERN.test(description) || alnum.length < DESCRIPTION_MIN_ALNUM || /^(.)\1*$/.test(alnum)) {
      return invalid(
        '`description` must contain at least 6 alphanumeric characters that are not all the same; only space, "-", ".", "&" and "/" may be added.',
      );
    }
    const maxLength = scan ? DESCRIPTION_MAX_SCAN : DESCRIPTION_MAX_IBAN;
    if (description.length > maxLength) return invalid(`\`description\` must not be longer than ${maxLength} characters for this payment.`);
    if (onBehalfOfId !== undefined && (typeof onBehalfOfId !== 'string' || !/^[0-9a-f-]{36}$/i.test(onBehalfOfId)))
      return invalid('`onBehalfOfId` is not a sub-TPP id.');

    const name = creditor.name.trim();
    const fate: Status = /^reject/i.test(name) ? 'INITIATION_REJECTED' : /^fail/i.test(name) ? 'INITIATION_FAILED' : 'INITIATION_COMPLETED';
    const pickText = (v: unknown) => (typeof v === 'string' ? v : undefined);
    const stored: SimCreditor = { name };
    for (const key of ['iban', 'bic', 'sortCode', 'accountNumber', 'accountVerificationId'] as const) {
      const v = pickText(creditor[key]);
      if (v !== undefined) stored[key] = v;
    }
    const at = Date.now();
    const payout: SimPayout = {
      seq: seq++,
      id: `po:${token58(random, 27)}:${token58(random, 11)}`,
      refId,
      description,
      value: amount.value,
      currency: amount.currency,
      accountId: debtor.accountId,
      creditor: stored,
      ...(typeof onBehalfOfId === 'string' ? { onBehalfOfId } : {}),
      status: 'INITIATION_PENDING',
      fate,
      createdAt: at,
      updatedAt: at,
      bankTransactionId: '',
    };
    add(payout);
    return { status: 200, body: { payout: toJson(payout) } };
  }

  /** POST /account-verifications [V1]: the request and reply exactly as the spec defines them. */
  function verifyAccount(req: SimRequest): SimResponse {
    if (req.bodyInvalid || !isObject(req.body)) return invalid('The request body must be a JSON object.');
    const unknownField = Object.keys(req.body).find((key) => key !== 'account' && key !== 'virtualAccountId');
    if (unknownField) return invalid(`Unknown field \`${unknownField}\`.`);
    const { account, virtualAccountId } = req.body;
    if (!isObject(account)) return invalid('`account` is required.');
    if (typeof account.name !== 'string' || !account.name.trim()) return invalid('`account.name` is required.');
    if (typeof account.currency !== 'string') return invalid('`account.currency` is required.');
    if (!VERIFICATION_CURRENCIES.includes(account.currency))
      return invalid(`\`account.currency\` must be one of ${VERIFICATION_CURRENCIES.join(', ')}.`);
    if (typeof account.iban !== 'string') return invalid('`account.iban` is required.');
    if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(account.iban)) return invalid('`account.iban` is not a valid IBAN.');
    if (virtualAccountId !== undefined && (typeof virtualAccountId !== 'string' || !accountCurrency.has(virtualAccountId)))
      return invalid('`virtualAccountId` does not name a settlement account of this member.');
    const held = bankAccounts.get(account.iban);
    const status = held === undefined ? 'VERIFICATION_NOT_POSSIBLE' : compareNames(account.name, held);
    const id = verificationId();
    verifications.set(id, { iban: account.iban, name: account.name.trim(), status });
    const result =
      status === 'MATCH'
        ? { status, reasons: ['EXACT_MATCH'], details: 'The name provided is a match.', matched: { name: held! } }
        : status === 'CLOSE_MATCH'
          ? { status, reasons: ['NAME_MISMATCH'], details: 'The name provided is a close match.', matched: { name: held! } }
          : status === 'NO_MATCH'
            ? { status, reasons: ['NAME_MISMATCH'], details: 'The name provided does not match the account holder.' }
            : { status, reasons: ['UNKNOWN'], details: "The payee's bank could not be asked to verify the account." };
    return { status: 200, body: { id, result } };
  }

  function listSettlementAccounts(req: SimRequest): SimResponse {
    const currency = req.query.get('currency');
    const accounts = Object.entries(settlementAccounts)
      .filter(([c]) => !currency || c === currency)
      .map(([c, id]) => ({ id, currency: c, status: SETTLEMENT_ACCOUNT_ACTIVE_STATUS, nickname: `Payouts ${c}` }));
    return {
      status: 200,
      body: { [SETTLEMENT_ACCOUNTS_LIST_KEY]: accounts, pageInfo: { limit: 200, offset: '', nextOffset: '', haveMore: false } },
    };
  }

  async function handle(req: SimRequest): Promise<SimResponse> {
    const denied = authenticate(req);
    if (denied) return denied;
    const segments = req.path.split('/').filter(Boolean);
    if (segments[0] === 'payouts' && segments.length === 1) {
      if (req.method === 'GET') return listPayouts(req);
      if (req.method === 'POST') return createPayout(req);
    }
    if (segments[0] === 'payouts' && segments.length === 2 && req.method === 'GET') {
      const id = decodeURIComponent(segments[1]!);
      const payout = byId.get(id);
      return payout
        ? { status: 200, body: { payout: toJson(payout) } }
        : fail(404, `Payout ${id} was not found.`, 'NOT_FOUND', { paymentId: id });
    }
    if (req.path === SETTLEMENT_ACCOUNTS_PATH && req.method === 'GET') return listSettlementAccounts(req);
    if (req.path === ACCOUNT_VERIFICATIONS_PATH && req.method === 'POST') return verifyAccount(req);
    return fail(404, `No route for ${req.method} ${req.path}.`, 'NOT_FOUND', { paymentId: '' });
  }

  function advance(steps = 1) {
    for (let step = 0; step < steps; step += 1) {
      const at = Date.now();
      for (const p of [...inFlight]) {
        p.status = p.status === 'INITIATION_PENDING' ? 'INITIATION_PROCESSING' : p.fate;
        p.updatedAt = at;
        if (TERMINAL_STATUSES.has(p.status)) {
          inFlight.delete(p);
          if (p.status === 'INITIATION_COMPLETED') p.bankTransactionId = token58(random, 20);
        }
      }
    }
  }

  const server = await serveSimulator(handle, options, () => advance());

  return {
    ...server,
    baseUrl: server.origin,
    credentials: { authMode: 'jwt', publicFields: { memberId, keyId }, secrets: { privateKey: privateKeyPem, apiKey } },
    settlementAccounts,
    registerAccount: (iban, holderName) => {
      bankAccounts.set(iban.replace(/[\s-]/g, '').toUpperCase(), holderName);
    },
    verificationCount: () => verifications.size - seededVerifications,
    advance,
    payoutCount: () => payouts.length,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const startSimulator: SimulatorFactory = startTokenioSimulator;
