// The execution history of a local run, in the shape of SFN GetExecutionHistory's HistoryEvent, so
// one timeline renderer serves local and real runs. Time is virtual: Wait states and retry intervals
// move a branch's clock without sleeping; concurrent branches (Parallel, Map) each keep their own.
import type { HistoryEvent, HistoryEventType } from '@aws-sdk/client-sfn';

/** One line of execution: a branch or a Map iteration has its own clock and last event. */
export interface Thread {
  /** Milliseconds since the execution started. */
  clock: number;
  last: number;
}

type Details = Omit<HistoryEvent, 'id' | 'previousEventId' | 'timestamp' | 'type'>;

export class Recorder {
  private readonly events: HistoryEvent[] = [];
  private nextId = 1;

  constructor(readonly startMs: number) {}

  emit(thread: Thread, type: HistoryEventType, details: Details = {}): number {
    const id = this.nextId++;
    this.events.push({ timestamp: new Date(this.startMs + thread.clock), type, id, previousEventId: thread.last, ...details });
    thread.last = id;
    return id;
  }

  now(thread: Thread): Date {
    return new Date(this.startMs + thread.clock);
  }

  /** Events in time order (branches interleave as they would in AWS), ids renumbered to match. */
  finish(): HistoryEvent[] {
    const sorted = [...this.events].sort((a, b) => a.timestamp!.getTime() - b.timestamp!.getTime() || a.id! - b.id!);
    const renumber = new Map<number, number>([[0, 0]]);
    sorted.forEach((e, i) => renumber.set(e.id!, i + 1));
    return sorted.map((e) => ({ ...e, id: renumber.get(e.id!)!, previousEventId: renumber.get(e.previousEventId ?? 0) ?? 0 }));
  }
}

/** `{ input, inputDetails }`-style payloads are JSON text in AWS's history. */
export const json = (v: unknown): string => JSON.stringify(v);
