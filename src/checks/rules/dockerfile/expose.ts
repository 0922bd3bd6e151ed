import type { Instruction } from '../../../parsers/dockerfile/model.js';

export interface ExposedPort {
  text: string;
  /** Undefined when the value is a variable. */
  from?: number;
  to?: number;
  protocol?: string;
}

/** `EXPOSE 80 443/tcp 8000-8010/udp $PORT` into numeric ranges. */
export function exposedPorts(instruction: Instruction): ExposedPort[] {
  return instruction.words.map(parseExposedPort);
}

/** `80`, `443/tcp`, `8000-8010/udp`, as in EXPOSE and in an image config's ExposedPorts keys. */
export function parseExposedPort(text: string): ExposedPort {
  if (text.includes('$')) return { text };
  const match = /^(\d+)(?:-(\d+))?(?:\/(\w+))?$/.exec(text);
  if (!match) return { text, from: Number.NaN, to: Number.NaN };
  const from = Number(match[1]);
  return { text, from, to: match[2] === undefined ? from : Number(match[2]), ...(match[3] ? { protocol: match[3].toLowerCase() } : {}) };
}

/** SSH runs on TCP 22; a range that spans it exposes it too. */
export function exposesSsh(port: ExposedPort): boolean {
  return port.from !== undefined && port.from <= 22 && 22 <= port.to! && port.protocol !== 'udp';
}
