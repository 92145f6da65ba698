// The facts about this machine that a record carries, so that records from different hosts
// are not compared as if they were alike.
import { arch, availableParallelism, hostname, release, totalmem } from 'node:os';
import type { HostFacts } from './record-lines.ts';

/** Reads the host facts once. */
export function readHostFacts(): HostFacts {
  return {
    hostname: hostname(),
    cores: availableParallelism(),
    memoryBytes: totalmem(),
    kernel: release(),
    arch: arch(),
    node: process.version,
  };
}
