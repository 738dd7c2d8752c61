// Integration tests start an app on a real database (migrations, the reference seed with every county) per test
// or per file: on two shared, busy cores that alone can pass Jest's 5 s default. Speed is measured by the
// benchmarks, never by these limits; they only stop a test that hangs.
jest.setTimeout(30_000);
