// A limit value the kernel would not take: the write to its cgroup file failed. The run must
// not go on as if the limit held, so this ends the run before the launch, naming the flag.
import type { LimitName } from './mechanism.ts';

/** A failed write of a limit value to a cgroup file, with what the kernel said. */
export class KernelRefusal extends Error {
  override readonly name = 'KernelRefusal';
  /** The limit the value belongs to, once the mechanism that wrote it has said so. */
  limit?: LimitName;

  constructor(
    readonly file: string,
    readonly value: string,
    readonly said: string,
  ) {
    super(`the kernel refused ${value} for ${file} (${said})`);
  }
}

/** The words of a failed write's error, without the syscall tail: "EINVAL: invalid argument". */
export function kernelWords(error: unknown): string {
  const message = (error as Error).message ?? String(error);
  return message.split(',')[0]!.trim();
}

/** Runs `write` for `limit`, tagging a refusal it throws with the limit. */
export function forLimit<T>(limit: LimitName, write: () => T): T {
  try {
    return write();
  } catch (error) {
    if (error instanceof KernelRefusal) error.limit ??= limit;
    throw error;
  }
}
