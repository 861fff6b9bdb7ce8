// Load: a cycle of N samples (default 1,000,000: one attempt and one verdict each, written
// through the store) goes through `vstar verify --output` (N lines) and `vstar export
// --cycle` (metadata) in fresh CLI processes; each one's peak RSS is checked against the
// store benchmark's bound (400 MB). Then the review log gets 100k decisions and a review
// session is opened and one decision applied (the panel's responsiveness).
// Usage: node --import tsx bench/reliability-load.bench.ts [N]
// Writes test-results/reliability/load.json for docs/reliability.md.
import { recordFigures } from '../test/reliability/support';
import { runLoad } from '../test/reliability/load';

void runLoad(Number(process.argv[2] ?? 1_000_000)).then((f) => recordFigures('load', { ...f }));
