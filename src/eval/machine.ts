/** The machine a report was measured on: run times mean little without it. */
import { cpus, totalmem, type as osType, release } from 'node:os';

export interface MachineInfo {
  readonly cpuModel: string;
  /** Logical cores Node sees. */
  readonly cores: number;
  /** Total memory, GiB (one decimal). */
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
}

export function describeMachine(): MachineInfo {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${osType()} ${release()}`,
    node: process.version,
  };
}
