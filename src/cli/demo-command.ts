// `ttsguard demo`: the tour on the bundled fake tts.
import { runDemo } from '../demo/demo.ts';

/** Runs the demo; returns its exit code. */
export function demoCommand(): Promise<number> {
  return runDemo();
}
