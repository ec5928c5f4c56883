/** CPU seconds used by each process the benchmark watches. */
export interface CpuSpent {
  /** The Dispatch process (with the worker processes of BENCH_WORKERS). */
  service: number | null;
  /** The Dispatch process's main thread alone (its JavaScript and event loop). */
  serviceMainThread: number | null;
  /** The PostgreSQL server and its backends (embedded server only). */
  database: number | null;
  /** The receiver process. */
  receiver: number | null;
  /** The CongoDB emulator's process (BENCH_AGENDA=mongo without MONGODB_URL). */
  mongodb: number | null;
}

export const NO_CPU: CpuSpent = { service: null, serviceMainThread: null, database: null, receiver: null, mongodb: null };

/** Starts measuring; the returned function gives what was spent since, to 0.1 s. */
export function startCpuMeter(read: () => CpuSpent): () => CpuSpent {
  const before = read();
  return () => {
    const after = read();
    const spent = (key: keyof CpuSpent) => {
      const [from, to] = [before[key], after[key]];
      return from === null || to === null ? null : Math.round((to - from) * 10) / 10;
    };
    return { service: spent('service'), serviceMainThread: spent('serviceMainThread'), database: spent('database'), receiver: spent('receiver'), mongodb: spent('mongodb') };
  };
}
