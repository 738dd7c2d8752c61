/* The part of autocannon's programmatic API the page benchmark uses (the package ships no types). */
declare module 'autocannon' {
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    timeout?: number;
  }
  interface Histogram { average: number; mean: number; p50: number; p90: number; p97_5: number; p99: number; max: number; total: number }
  interface Result {
    requests: Histogram; latency: Histogram; throughput: Histogram;
    errors: number; timeouts: number; non2xx: number; duration: number;
    '1xx': number; '2xx': number; '3xx': number; '4xx': number; '5xx': number;
    statusCodeStats: Record<string, { count: number }>;
  }
  function autocannon(opts: Options): Promise<Result>;
  export = autocannon;
}
