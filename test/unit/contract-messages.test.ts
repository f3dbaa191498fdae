/**
 * Every limit of the contract speaks to a person: an over-long search answers "Keep the search to 200 characters or
 * fewer.", never zod's "Too big: expected string to have <=200 characters". The walker below builds, for every
 * operation, an input in which every string, list and number is over its limit (and every choice is off the list),
 * and checks what reaches the envelope.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contract, operationNames, type Envelope } from '@shared/contract';
import { createDispatcher } from '../../src-main/api/dispatcher';
import type { ApiHandlers } from '../../src-main/api/dispatcher';

type Def = {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  checks?: Array<{ _zod: { def: { check: string; maximum?: number; value?: number; inclusive?: boolean } } }>;
};
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;
const check = (def: Def, name: string) => def.checks?.map((c) => c._zod.def).find((c) => c.check === name);

/** A value over every limit `schema` declares (longer, larger, more, or not one of its options). */
function overLimit(schema: z.ZodType): unknown {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      return overLimit(def.innerType!);
    case 'pipe':
      return overLimit(def.in!);
    case 'object':
      return Object.fromEntries(Object.entries(def.shape!).map(([key, value]) => [key, overLimit(value)]));
    case 'string': {
      const max = check(def, 'max_length')?.maximum;
      return 'x'.repeat((max ?? 100_000) + 1);
    }
    case 'number': {
      const max = check(def, 'less_than')?.value;
      return max === undefined ? 1e300 : max + 1;
    }
    case 'array': {
      const max = check(def, 'max_length')?.maximum ?? 20;
      const element = overLimit(def.element!);
      return Array.from({ length: max + 1 }, () => element);
    }
    case 'record':
      return Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`${'k'.repeat(101)}${i}`, overLimit(def.valueType!)]));
    case 'enum':
    case 'literal':
      return 'not-one-of-the-options';
    case 'boolean':
      return 'perhaps';
    default:
      return { unexpected: true };
  }
}

/** What zod itself would have said about each issue: none of it may reach a person. */
const zodWording = z.locales.en().localeError as (issue: z.core.$ZodRawIssue) => string | { message: string };
const RAW =
  /^(Too big|Too small|Invalid input|Invalid option|Invalid string|Invalid number|Invalid value|Invalid key|Unrecognized key)|expected [a-z]+, received|<=|>=/;

const handlers = new Proxy({} as ApiHandlers, {
  get: () => () => {
    throw new Error('a refused input must never reach its handler');
  },
});
const dispatch = createDispatcher(handlers, { error: () => undefined });

describe('contract messages', () => {
  it.each([...operationNames])('%s: every limit over, every message in plain words', async (name) => {
    const schema = contract[name].input as z.ZodType;
    const input = defOf(schema).type === 'optional' ? { unexpected: 'x'.repeat(300) } : overLimit(schema);
    const parsed = schema.safeParse(input);
    expect(parsed.success).toBe(false);
    const defaults = new Set(
      parsed.error!.issues.map((issue) => {
        const worded = zodWording(issue as unknown as z.core.$ZodRawIssue);
        return typeof worded === 'string' ? worded : worded.message;
      }),
    );
    // The limits carry the contract's own words, whatever the caller's error map.
    for (const issue of parsed.error!.issues) {
      if (issue.code === 'too_big' || issue.code === 'too_small') {
        expect(issue.message, `${name} ${issue.path.join('.')}`).not.toMatch(RAW);
      }
    }
    const envelope = (await dispatch(name, input)) as Envelope<unknown>;
    expect(envelope.ok).toBe(false);
    if (envelope.ok) return;
    expect(envelope.error.code).toBe('INVALID_INPUT');
    for (const message of [envelope.error.message, ...Object.values(envelope.error.fieldErrors ?? {})]) {
      expect(message, name).not.toMatch(RAW);
      expect(defaults.has(message), `${name}: "${message}" is zod's own wording`).toBe(false);
      expect(message).toMatch(/^[A-Z"].*[.)]$/);
    }
  });

  it('a 201-character search is refused in words that name the search', async () => {
    const envelope = await dispatch('payouts.list', { filters: { search: 's'.repeat(201) } });
    expect(envelope).toEqual({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: 'Keep the search to 200 characters or fewer.',
        fieldErrors: { 'filters.search': 'Keep the search to 200 characters or fewer.' },
      },
    });
  });

  it('a wrong type or an unknown field is worded too', async () => {
    const wrongType = await dispatch('connections.remove', { id: 7 });
    expect(wrongType).toMatchObject({ ok: false, error: { message: 'Enter the id as text.' } });
    const extra = await dispatch('connections.remove', { id: 'x', force: true });
    expect(extra).toMatchObject({ ok: false, error: { message: 'Paydesk does not take "force" here.' } });
  });
});
