// A fault test starts a server process (and sometimes Chromium) on two shared, busy cores; the limit only stops a hang.
jest.setTimeout(90_000);
