let probed: typeof TransformStream | undefined;
let supported = false;

/**
 * Whether this runtime's TransformStream calls the transformer's `cancel` when its readable side is
 * cancelled (Node ≥ 20.14, Deno, Bun: yes; browsers so far: no). The standard calls it synchronously
 * within `cancel()`, so one throwaway stream answers at once. Asked again if the global changes.
 */
export function transformerCancelSupported(): boolean {
  if (probed !== TransformStream) {
    probed = TransformStream;
    let called = false;
    const probe = new TransformStream({
      cancel: () => {
        called = true;
      },
    } as Transformer);
    probe.readable.cancel().catch(() => undefined);
    supported = called;
  }
  return supported;
}
