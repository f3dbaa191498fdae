import { z } from 'zod';

export interface OperationSpec<I extends z.ZodType, R> {
  input: I;
  /** Phantom: carries the result type only. */
  result: R;
}

/** Declares one operation of the contract: `op(inputSchema).returns<Result>()`. */
export const op = <I extends z.ZodType>(input: I) => ({
  returns: <R>(): OperationSpec<I, R> => ({ input, result: undefined as unknown as R }),
});

/** Input of operations that take none. */
export const none = z.object({}).strict().optional();
