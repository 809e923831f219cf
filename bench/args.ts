/** Command-line options of `npm run bench`. */
import { parseArgs } from 'node:util';

/** Resolved options of one bench invocation. */
export interface BenchArgs {
  mode: 'full' | 'quick';
  micro: boolean;
  /** Variant ids to run; bare Express is always added (ratios need it). Empty = all. */
  only: string[];
  warmSeconds: number;
  seconds: number;
  connections: number;
  /** Times the whole matrix runs; each cell reports its median round. */
  rounds: number;
  /** Where the markdown report goes. */
  out: string;
}

/** Full mode is the method in bench/README.md; quick mode is for development (about 3 s per cell). */
export const MODES = {
  full: { warmSeconds: 3, seconds: 10 },
  quick: { warmSeconds: 1, seconds: 2 },
} as const;

export const USAGE = `npm run bench -- [--quick] [--only bare,satchel-memory] [--micro] [--seconds N] [--warmup N] [--connections N] [--out FILE]
  --quick        ~3 s per cell (also BENCH_QUICK=1); default is full mode (3 s warm-up + 10 s per cell)
  --only ids     comma-separated variant ids (bare Express is always included)
  --rounds N     run the whole matrix N times and report each cell's median round (default 1)
  --micro        run the micro benchmarks (sign/verify, seal/open) instead
  --out FILE     report file; default bench/results.md for a full unfiltered run, bench/results-micro.md
                 for --micro, else bench/results-dev.md`;

/** Parses argv (without node and script). Throws a TypeError with the usage on bad input. */
export function parseBenchArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      micro: { type: 'boolean', default: false },
      only: { type: 'string' },
      seconds: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string', default: '50' },
      rounds: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) throw new TypeError(USAGE);
  const mode = values.quick || env.BENCH_QUICK === '1' ? 'quick' : 'full';
  const number = (value: string | undefined, fallback: number, name: string) => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new TypeError(`--${name} must be a positive integer\n${USAGE}`);
    return n;
  };
  const only = values.only ? values.only.split(',').map((s) => s.trim()).filter(Boolean) : [];
  const defaultOut = values.micro ? 'bench/results-micro.md' : mode === 'full' && only.length === 0 && !values.seconds ? 'bench/results.md' : 'bench/results-dev.md';
  return {
    mode,
    micro: values.micro,
    only,
    warmSeconds: number(values.warmup, MODES[mode].warmSeconds, 'warmup'),
    seconds: number(values.seconds, MODES[mode].seconds, 'seconds'),
    connections: number(values.connections, 50, 'connections'),
    rounds: number(values.rounds, 1, 'rounds'),
    out: values.out ?? defaultOut,
  };
}
