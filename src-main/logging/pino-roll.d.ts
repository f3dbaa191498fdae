// pino-roll ships no type declarations; this is the part of its API Paydesk uses (see node_modules/pino-roll/pino-roll.js).
declare module 'pino-roll' {
  interface RollingStream {
    write(line: string): boolean;
    flushSync(): void;
    end(): void;
    on(event: 'error', listener: (error: Error) => void): this;
    once(event: 'close' | 'error', listener: () => void): this;
  }
  interface PinoRollOptions {
    file: string;
    extension?: string;
    size?: string | number;
    frequency?: 'daily' | 'hourly' | number;
    dateFormat?: string;
    limit?: { count?: number; removeOtherLogFiles?: boolean };
    mkdir?: boolean;
    sync?: boolean;
    mode?: number;
  }
  export default function pinoRoll(options: PinoRollOptions): Promise<RollingStream>;
}
