// What the aws/ layer tells the person watching; src/report/ implements it (tty, plain, json).

export interface StackEventLine {
  eventId: string;
  time: Date;
  status: string;
  logicalId: string;
  type: string;
  reason?: string;
  physicalId?: string;
}

export interface ChangeRow {
  action: string;
  logicalId: string;
  type: string;
  /** True / False / Conditional on AWS; empty when the service does not say (moto). */
  replacement: string;
}

export interface ProgressSink {
  /** A status line that replaces the previous one (the spinner text in a terminal). */
  phase(text: string): void;
  /** A line worth keeping: what stepf decided or did. */
  note(text: string): void;
  warn(text: string): void;
  stackEvent(e: StackEventLine): void;
  changes(rows: ChangeRow[], changeSetArn: string): void;
}

export const silentSink: ProgressSink = { phase() {}, note() {}, warn() {}, stackEvent() {}, changes() {} };
