const IEC_UNITS = ['KiB', 'MiB', 'GiB', 'TiB'];

/** A byte count for people, in IEC units (1 KiB = 1024 bytes), one decimal: `512 B`, `2.0 KiB`, `1.5 GiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < IEC_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${IEC_UNITS[unit]}`;
}
