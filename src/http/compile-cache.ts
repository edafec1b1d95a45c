/**
 * What a schema compiler made, kept for the life of the process by a key of the schema's JSON
 * text: every app this process starts (a test file's own, or a restart) has the same schemas, and
 * equal schemas built apart share one compiled function.
 */
export function compileCache<T>(): (key: string, compile: () => T) => T {
  const compiled = new Map<string, T>();
  return (key, compile) => {
    let made = compiled.get(key);
    if (made === undefined) {
      made = compile();
      compiled.set(key, made);
    }
    return made;
  };
}
