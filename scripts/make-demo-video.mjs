// Makes packages/server/media/lab-tour.webm, the demo's short video (9 s, 640×360, VP8),
// drawn on a canvas and recorded by MediaRecorder in the system Chromium:
//   node scripts/make-demo-video.mjs packages/server/media/lab-tour.webm
// Its captions are in packages/server/src/seed/demo-media.ts (three scenes of three seconds).
import { chromium } from 'playwright-core';
import { writeFileSync } from 'node:fs';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage();
const b64 = await page.evaluate(async () => {
  const canvas = document.createElement('canvas');
  canvas.width = 640; canvas.height = 360;
  document.body.append(canvas);
  const ctx = canvas.getContext('2d');
  const stream = canvas.captureStream(15);
  const rec = new MediaRecorder(stream, { mimeType: 'video/webm;codecs=vp8', videoBitsPerSecond: 250_000 });
  const chunks = [];
  rec.ondataavailable = (e) => chunks.push(e.data);
  const scenes = [
    ['#0b3d5c', 'Lyon site', 'The new lab'],
    ['#1d6b4f', 'Bench 3', 'Cell culture'],
    ['#5c3b0b', 'Bioreactor', '200 litres'],
  ];
  const start = performance.now();
  rec.start(500);
  await new Promise((resolve) => {
    const draw = () => {
      const t = (performance.now() - start) / 1000;
      if (t > 9) return resolve();
      const [bg, title, sub] = scenes[Math.min(2, Math.floor(t / 3))];
      ctx.fillStyle = bg; ctx.fillRect(0, 0, 640, 360);
      ctx.fillStyle = 'rgba(255,255,255,0.15)';
      for (let i = 0; i < 6; i++) ctx.fillRect(((t * 60 + i * 120) % 760) - 120, 250 - i * 8, 90, 60 + i * 8);
      ctx.fillStyle = '#fff'; ctx.font = 'bold 44px sans-serif'; ctx.fillText(title, 40, 120);
      ctx.font = '28px sans-serif'; ctx.fillText(sub, 40, 170);
      ctx.beginPath(); ctx.arc(560, 80, 30 + 8 * Math.sin(t * 3), 0, Math.PI * 2); ctx.fill();
      requestAnimationFrame(draw);
    };
    draw();
  });
  rec.stop();
  await new Promise((r) => (rec.onstop = r));
  const blob = new Blob(chunks, { type: 'video/webm' });
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let s = ''; for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
});
writeFileSync(process.argv[2], Buffer.from(b64, 'base64'));
await browser.close();
