import type { Operation } from '@trpc/client';
import { fakeClient } from './fake-client';

/**
 * A fake tRPC client answering by procedure path, recording each call. Paths not in `answers`
 * and not in `quiet` (lists other screens' hooks ask for) fail the test loudly.
 */
export function fakeApi(answers: Record<string, (input: unknown) => unknown>, quiet: Record<string, unknown> = {}) {
  const calls: Operation[] = [];
  const client = fakeClient((op) => {
    calls.push(op);
    if (op.path in quiet) return quiet[op.path];
    const answer = answers[op.path];
    if (!answer) throw new Error(`unexpected call ${op.path}`);
    return answer(op.input);
  });
  return {
    client,
    calls,
    /** The inputs of every call to `path`, in order. */
    inputsOf: (path: string) => calls.filter((c) => c.path === path).map((c) => c.input),
  };
}
