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
