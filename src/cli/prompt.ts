import readline from 'node:readline';
import { Writable } from 'node:stream';

/**
 * Reads a line from the terminal without echoing it (a password). Null when standard input is not a terminal:
 * a script must then give STAFF_PASSWORD instead of hanging on a prompt no one sees.
 */
export function readSecret(question: string): Promise<string | null> {
  if (!process.stdin.isTTY) return Promise.resolve(null);
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = readline.createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
    muted = true; // the question is written; what is typed after it is not
  });
}
