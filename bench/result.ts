// The shape every benchmark reports, so the runner can print them side by side.

/** One measured figure, beside its anchor where there is one. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  anchor?: { name: string; value: number };
  ratio?: number;
  goal: string;
  met: boolean;
}
