import type { Schemas } from '../../api/client';

/** What the check report lets us draw over the normalised 480×640 photo. */
export interface Overlay {
  width: number;
  height: number;
  lines: { key: string; y: number; band: [number, number] | null; ok: boolean }[];
  face: { x: number; y: number; w: number; h: number; ok: boolean } | null;
  background: { x: number; y: number; w: number; h: number }[];
  /** True when the report had no geometry (older checks) and the face and areas are placed from the measures. */
  estimated: boolean;
}

const numbers = (text: string | null | undefined) => (text?.match(/-?\d+(\.\d+)?/g) ?? []).map(Number);

function band(check: Schemas['PhotoCheck'] | undefined): [number, number] | null {
  const [a, b] = numbers(check?.range);
  return a !== undefined && b !== undefined ? [a, b] : null;
}

/**
 * Lines come from the report as measured (eye line, head top) with their allowed bands; the face box and the
 * background sample areas from its geometry. A report without geometry (checked before it was kept): the face is
 * placed from its measured width, centred (the centring rule holds it within a few pixels), at the eye line, and the
 * background areas follow the checker's own rule from that box.
 */
export function overlayOf(checks: Schemas['PhotoCheck'][], geometry: Schemas['CheckGeometry'] | null = null, width = 480, height = 640): Overlay {
  const byCode = new Map(checks.map((c) => [c.code, c]));
  const eye = byCode.get('geometry.eye_line');
  const top = byCode.get('geometry.head_top');
  const faceWidth = byCode.get('geometry.face_width');
  const lines: Overlay['lines'] = [];
  const eyeY = numbers(eye?.value)[0];
  const topY = numbers(top?.value)[0];
  if (eyeY !== undefined) lines.push({ key: 'eyeLine', y: eyeY, band: band(eye), ok: eye!.verdict === 'pass' });
  if (topY !== undefined) lines.push({ key: 'headTop', y: topY, band: band(top), ok: top!.verdict === 'pass' });
  const faceOk = !faceWidth || faceWidth.verdict === 'pass';
  if (geometry) {
    const f = geometry.face;
    return { width, height, lines, estimated: false, face: { x: f.x, y: f.y, w: f.width, h: f.height, ok: faceOk },
      background: geometry.background.map((a) => ({ x: a.x, y: a.y, w: a.width, h: a.height })) };
  }
  const w = numbers(faceWidth?.value)[0];
  let face: Overlay['face'] = null;
  const background: Overlay['background'] = [];
  if (w !== undefined && eyeY !== undefined) {
    const h = w * 1.2;
    face = { x: width / 2 - w / 2, y: eyeY - h * 0.4, w, h, ok: faceOk };
    const headLeft = Math.max(0, face.x - w * 0.35);
    const headRight = Math.min(width, face.x + w + w * 0.35);
    const sideBottom = Math.min(Math.max(face.y + h * 0.6, 60), height * 0.6);
    const topEdge = Math.min(Math.max(face.y - h * 0.9, 12), 48);
    background.push({ x: 8, y: 4, w: width - 16, h: topEdge - 4 });
    background.push({ x: 4, y: topEdge, w: Math.max(8, headLeft - 8), h: sideBottom - topEdge });
    background.push({ x: Math.min(width - 12, headRight + 4), y: topEdge, w: Math.max(8, width - 4 - headRight - 4), h: sideBottom - topEdge });
  }
  return { width, height, lines, face, background, estimated: true };
}
