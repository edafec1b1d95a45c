/** "1 second", "45 seconds": a wait, in the English of the API's messages. */
export function secondsText(n: number): string {
  return `${n} ${n === 1 ? 'second' : 'seconds'}`;
}

/** "1 minute", "15 minutes". */
export function minutesText(n: number): string {
  return `${n} ${n === 1 ? 'minute' : 'minutes'}`;
}
