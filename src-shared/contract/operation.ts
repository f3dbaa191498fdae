import { z } from 'zod';

export interface OperationSpec<I extends z.ZodType, R> {
  input: I;
  /** Phantom: carries the result type only. */
  result: R;
  /** It only reads: a database error there is a failed read, and nothing was being saved. */
  readOnly: boolean;
}

/**
 * Declares one operation of the contract: `op(inputSchema).returns<Result>()` for one that may change something,
 * `op(inputSchema).reads<Result>()` for one that only reads.
 */
export const op = <I extends z.ZodType>(input: I) => ({
  returns: <R>(): OperationSpec<I, R> => ({ input, result: undefined as unknown as R, readOnly: false }),
  reads: <R>(): OperationSpec<I, R> => ({ input, result: undefined as unknown as R, readOnly: true }),
});

/** Input of operations that take none. */
export const none = z.object({}).strict().optional();
