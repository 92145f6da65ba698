// Checks that a file is a well-formed, non-empty RIFF/WAVE file, for --expect-wav.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Undefined when `path` is a valid non-empty WAV; otherwise what is wrong with it. */
export function checkWav(path: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return `${path} does not exist`;
  }
  try {
    const size = fstatSync(fd).size;
    const header = Buffer.alloc(Math.min(size, 64 * 1024));
    readSync(fd, header, 0, header.length, 0);
    return inspect(header, size, path);
  } finally {
    closeSync(fd);
  }
}

function inspect(bytes: Buffer, size: number, path: string): string | undefined {
  if (size < 44) return `${path} is too short to be a WAV file (${size} bytes)`;
  if (bytes.toString('latin1', 0, 4) !== 'RIFF' || bytes.toString('latin1', 8, 12) !== 'WAVE') {
    return `${path} is not a RIFF/WAVE file`;
  }
  let offset = 12;
  let sawFormat = false;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('latin1', offset, offset + 4);
    const length = bytes.readUInt32LE(offset + 4);
    if (id === 'fmt ') sawFormat = true;
    if (id === 'data') {
      if (!sawFormat) return `${path} has its data chunk before the fmt chunk`;
      const available = size - offset - 8;
      if (length === 0 || available <= 0) return `${path} has no audio (empty data chunk)`;
      return undefined;
    }
    offset += 8 + length + (length % 2);
  }
  return `${path} has no data chunk`;
}
