/**
 * Building blocks of the contract's input schemas, each with the message a person reads when a value is refused.
 * Every limit of the contract carries its own words: zod's defaults ("Too big: expected string to have <=200
 * characters") are for developers and must never reach the screen (test/unit/contract-messages.test.ts walks every
 * operation to make sure). What a limit guards is said in the caller's words (`what`: "the search", "the name").
 */
import { z } from 'zod';

const count = (n: number) => n.toLocaleString('en-US');

/** Free text of at most `max` characters. */
export const boundedText = (max: number, what = 'this') =>
  z.string({ error: `Enter ${what} as text.` }).max(max, `Keep ${what} to ${count(max)} characters or fewer.`);

/** An id Paydesk handed out (a connection id, a subject): never empty, never long. */
export const idText = (what = 'this id', max = 100) =>
  z
    .string({ error: `Enter ${what} as text.` })
    .trim()
    .min(1, `Enter ${what}.`)
    .max(max, `${what[0]!.toUpperCase()}${what.slice(1)} is longer than ${count(max)} characters: it is not one Paydesk gave out.`);

/** How many rows a listing returns: a whole number from 1 to `max`. */
export const rowLimit = (max: number, fallback: number) =>
  z
    .number({ error: 'The number of rows must be a number.' })
    .int('The number of rows must be a whole number.')
    .min(1, 'Ask for at least 1 row.')
    .max(max, `Ask for at most ${count(max)} rows at a time.`)
    .default(fallback);

/** A calendar date as YYYY-MM-DD. */
export const isoDate = (what = 'the date') => z.iso.date(`Enter ${what} as a date like 2026-03-01.`);

/** A whole number of days within a policy window. */
export const days = (min: number, max: number, what: string) =>
  z
    .number({ error: `Enter ${what} as a number of days.` })
    .int(`Enter ${what} as a whole number of days.`)
    .min(min, `Use ${count(min)} or more days for ${what}.`)
    .max(max, `Use at most ${count(max)} days (about ${Math.round(max / 365)} years) for ${what}.`);
