// The `jsonata` package costs ~9 ms to load, so it is imported on first use only, by the JSONata checks
// (validate) and the local interpreter alike; a dynamic import, so the bundle carries it as a chunk of its own.
export type JsonataCompile = typeof import('jsonata');

let loading: Promise<JsonataCompile> | undefined;

export function loadJsonata(): Promise<JsonataCompile> {
  loading ??= import('jsonata').then((m) => (m as unknown as { default: JsonataCompile }).default ?? (m as unknown as JsonataCompile));
  return loading;
}
