/** Money is kept in fen everywhere; shown as yuan here, in one place. */
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  return `¥${(fen / 100).toFixed(2)}`;
}

const chinaTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  hour12: false,
});

/** Times shown in China time (the API sends UTC or +08:00 offsets). */
export function at(value: string | null | undefined): string {
  if (!value) return '—';
  return chinaTime.format(new Date(value));
}

/** Today's date in China (yyyy-MM-dd). */
export function chinaToday(offsetDays = 0): string {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(d);
}

const chinaWall = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  hour12: false,
});

/**
 * Date pickers work in China wall time whatever the browser's zone (schools, notices and tables all speak China time):
 * `wall` turns an API time into the picker's `YYYY-MM-DDTHH:mm:ss` in China, `zoned` the picker's value back into a time
 * with its +08:00 offset for the API. Pickers take `wallFormat` as their value-format (no zone) with these.
 */
export const wallFormat = 'YYYY-MM-DDTHH:mm:ss';

export function wall(value: string | null | undefined): string {
  if (!value) return '';
  return chinaWall.format(new Date(value)).replace(' ', 'T');
}

export function zoned(value: string): string;
export function zoned(value: string | null | undefined): string | null;
export function zoned(value: string | null | undefined): string | null {
  return value ? `${value}+08:00` : null;
}
