/**
 * Counts the commands clients send to Redis while `work` runs, through MONITOR. INFO
 * commandstats also counts what Lua scripts execute inside one EVALSHA, so it cannot tell
 * round trips; MONITOR tags script-issued commands `[db lua]` and client ones with the
 * client's address. MONITOR slows Redis down, so it only watches a short probe, never the
 * measured run.
 */
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** Client-issued commands seen per command name (lower case). */
export type CommandCounts = Record<string, number>;

/** Parses MONITOR lines, keeping client commands and dropping script-issued ones. */
export function parseMonitorLines(text: string): CommandCounts {
  const counts: CommandCounts = {};
  for (const match of text.matchAll(/^\+\d+\.\d+ \[\d+ ([^\]]+)\] "([^"]+)"/gm)) {
    if (match[1] === 'lua') continue;
    const name = (match[2] as string).toLowerCase();
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

/** Runs `work` while a MONITOR connection to `url` records client commands. */
export async function monitorCommands(url: string, work: () => Promise<void>): Promise<CommandCounts> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port || 6379), hostname);
  let text = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (text += chunk));
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.write('MONITOR\r\n');
      resolve();
    });
  });
  for (let i = 0; i < 100 && !text.startsWith('+OK'); i++) await sleep(10);
  try {
    await work();
    await sleep(200); // let the last lines arrive
  } finally {
    socket.destroy();
  }
  return parseMonitorLines(text);
}
