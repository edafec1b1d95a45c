/** A one-line progress bar for terminals; plain periodic lines when output is not a TTY. */
export function createProgressBar(stream: NodeJS.WriteStream = process.stderr, width = 30) {
  let lastPlain = 0;
  return {
    update(done: number, total: number, label = '') {
      const ratio = total > 0 ? Math.min(1, done / total) : 0;
      const percent = Math.floor(ratio * 100);
      if (stream.isTTY) {
        const filled = Math.round(ratio * width);
        stream.write(
          `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(percent).padStart(3)}% ${done}/${total} ${label}`.padEnd(
            80,
          ),
        );
      } else if (percent >= lastPlain + 10 || done === total) {
        lastPlain = percent;
        stream.write(`${percent}% (${done}/${total}) ${label}\n`);
      }
    },
    finish() {
      if (stream.isTTY) stream.write('\n');
    },
  };
}
